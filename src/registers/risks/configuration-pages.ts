// The risk matrix, its bands' acceptance rules and each unit's appetite on the web. Everyone who reads
// risks sees them; the security team changes them. A cell moved to another band re-rates every open risk,
// and the page says how many were re-rated and how many acceptances lapsed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { canAnywhere } from '../../access/authorize.ts';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';

type Form = Record<string, string | undefined>;
const CodeParams = Type.Object({ code: Type.String({ maxLength: 40 }) });
const ConfigurationQuery = Type.Object(
  { rerated: Type.Optional(Type.Integer({ minimum: 0 })), lapsed: Type.Optional(Type.Integer({ minimum: 0 })), saved: Type.Optional(Type.Union([Type.Literal('appetite'), Type.Literal('band')])) },
  { additionalProperties: false },
);
const VIEWS = 'registers/risks/views';
const whole = (value: string | undefined) => (value !== undefined && /^\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : Number.NaN);

/** Which form a problem belongs to: each band has its own form, so its fields carry the band's code. */
type Failed = { readonly form: 'cell' | 'appetite' | { readonly band: string }; readonly problems: readonly FieldProblem[] };

export function configurationPages(services: Services) {
  const configuration = services.riskConfiguration;
  return async (app: FastifyInstance): Promise<void> => {
    const render = async (request: FastifyRequest, reply: FastifyReply, values: Form = {}, failed?: Failed) => {
      const actor = request.actor;
      const [matrix, appetites, roles] = await Promise.all([services.risks.matrix(actor), configuration.appetites(actor), services.appointments.listRoles(actor)]);
      const bands = Object.fromEntries(matrix.bands.map((b) => [b.code, b]));
      const roleNames = Object.fromEntries(roles.map((r) => [r.code, r.name]));
      const band = failed && typeof failed.form === 'object' ? failed.form.band : undefined;
      // The service names a band form's fields plainly; on the page each band's fields carry its code.
      const problems = (failed?.problems ?? []).map((p) => (band && p.field !== 'form' ? { ...p, field: `${p.field}-${band}` } : failed?.form === 'cell' && p.field === 'cell' ? { ...p, field: 'likelihood' } : p));
      const query = request.query as { rerated?: number; lapsed?: number; saved?: string };
      const select = (items: ReadonlyArray<{ value: string; text: string }>, selected: string | undefined) => items.map((i) => ({ ...i, selected: i.value === selected }));
      return reply.render(`${VIEWS}/configuration.njk`, {
        pageTitle: 'Risk matrix and appetite',
        matrix,
        bands,
        roleNames,
        rows: [...matrix.likelihoods].sort((a, b) => b.level - a.level).map((likelihood) => ({ likelihood, cells: matrix.impacts.map((impact) => matrix.cells.find((c) => c.likelihood === likelihood.level && c.impact === impact.level)) })),
        appetites,
        aboveAppetiteRole: roleNames[matrix.aboveAppetiteRoleCode] ?? matrix.aboveAppetiteRoleCode,
        canManage: canAnywhere(actor, 'risks.manage'),
        changed: query.rerated !== undefined ? { rerated: query.rerated, lapsed: query.lapsed ?? 0 } : undefined,
        saved: query.saved,
        values,
        bandForm: band,
        cellForm: {
          likelihoods: select([{ value: '', text: 'Choose' }, ...matrix.likelihoods.map((l) => ({ value: String(l.level), text: `${l.level} ${l.name}` }))], values.likelihood),
          impacts: select([{ value: '', text: 'Choose' }, ...matrix.impacts.map((i) => ({ value: String(i.level), text: `${i.level} ${i.name}` }))], values.impact),
          bands: select([{ value: '', text: 'Choose' }, ...matrix.bands.map((b) => ({ value: b.code, text: b.name }))], values.bandCode),
        },
        appetiteForm: {
          units: select([{ value: '', text: 'Choose a unit' }, ...appetites.map((u) => ({ value: u.code, text: `${u.name} (${u.code})` }))], values.unit),
          bands: select([{ value: '', text: 'None: it holds no risk of its own' }, ...matrix.bands.map((b) => ({ value: b.code, text: `${b.name} and below` }))], values.band),
        },
        roleItems: (selected: string) => roles.filter((r) => r.scope !== 'external').map((r) => ({ value: r.code, text: r.name, selected: r.code === selected })),
        breadcrumbs: [{ text: 'Risks', href: '/risks' }],
        ...(problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {}),
      });
    };

    app.get('/risks/configuration', { config: { access: 'risks.read' }, schema: { querystring: ConfigurationQuery } }, async (request, reply) => render(request, reply));

    app.post('/risks/configuration/appetite', { config: { access: 'risks.manage' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => render(request, reply, form, { form: 'appetite', problems }),
        async () => {
          await configuration.setAppetite(request.actor, form.unit ?? '', form.band ? form.band : null, request.id);
          return reply.redirect('/risks/configuration?saved=appetite#appetites', 303);
        },
      );
    });

    app.post('/risks/configuration/bands/:code', { config: { access: 'risks.manage' }, schema: { params: CodeParams } }, async (request, reply) => {
      const { code } = request.params as { code: string };
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => render(request, reply, form, { form: { band: code }, problems }),
        async () => {
          await configuration.setBandRule(request.actor, code, { acceptingRoleCode: form.acceptingRoleCode ?? '', ownerMayAccept: form.ownerMayAccept === 'yes', maxAcceptanceMonths: whole(form.maxAcceptanceMonths) }, request.id);
          return reply.redirect('/risks/configuration?saved=band#bands', 303);
        },
      );
    });

    app.post('/risks/configuration/cells', { config: { access: 'risks.manage' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => render(request, reply, form, { form: 'cell', problems }),
        async () => {
          const { rerated, lapsed } = await configuration.setCell(request.actor, { likelihood: whole(form.likelihood) || 0, impact: whole(form.impact) || 0, score: whole(form.score), bandCode: form.bandCode ?? '' }, request.id);
          return reply.redirect(`/risks/configuration?rerated=${rerated}&lapsed=${lapsed}#matrix`, 303);
        },
      );
    });
  };
}
