// The control catalogue and baselines pages. Implementations, evidence and the CSV import and export
// are in implementation-pages.ts, registered from here.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { canAnywhere } from '../../access/authorize.ts';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import { CONTROL_KINDS, KIND_NAMES, STATUS_NAMES, type Baseline, type Control } from './entity.ts';
import { implementationPages } from './implementation-pages.ts';
import { splitList, type BaselineInput } from './service.ts';
import { pageLinks } from '../../platform/views/pagination.ts';

type Form = Record<string, string | undefined>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ListQuery = Type.Object(
  {
    search: Type.Optional(Type.String({ maxLength: 200 })),
    kind: Type.Optional(Type.Union([Type.Literal(''), ...CONTROL_KINDS.map((k) => Type.Literal(k))])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  },
  { additionalProperties: false },
);
const VIEWS = 'registers/controls/views';
const withProblems = (problems: readonly FieldProblem[]) => (problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {});
const choice = (value: string | undefined): boolean | null => (value === 'yes' ? true : value === 'no' ? false : null);
const choiceText = (value: boolean | null) => (value === true ? 'yes' : value === false ? 'no' : '');

export function controlsPages(services: Services) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(implementationPages(services));

    app.get('/controls', { config: { access: 'controls.read' }, schema: { querystring: ListQuery } }, async (request, reply) => {
      const q = request.query as { search?: string; kind?: '' | (typeof CONTROL_KINDS)[number]; page?: number };
      const result = await services.controls.list(request.actor, { ...(q.search?.trim() ? { search: q.search.trim() } : {}), ...(q.kind ? { kind: q.kind } : {}) }, q.page ?? 1);
      const params = new URLSearchParams(Object.entries(q).filter(([k, v]) => k !== 'page' && typeof v === 'string' && v !== '') as [string, string][]);
      return reply.render(`${VIEWS}/list.njk`, {
        pageTitle: 'Controls',
        query: q,
        ...result,
        kindNames: KIND_NAMES,
        kinds: [{ value: '', text: 'Any' }, ...CONTROL_KINDS.map((k) => ({ value: k, text: KIND_NAMES[k], selected: q.kind === k }))],
        pagination: pageLinks(result.page, result.pages, (n) => `/controls?${new URLSearchParams([...params, ['page', String(n)]]).toString()}`),
        canManage: canAnywhere(request.actor, 'controls.manage'),
      });
    });

    const renderControlForm = (reply: FastifyReply, control: Control | undefined, values: Form, problems: readonly FieldProblem[] = []) =>
      reply.render(`${VIEWS}/control-form.njk`, {
        pageTitle: control ? `Change ${control.code}` : 'Add a control',
        control,
        values,
        kinds: CONTROL_KINDS.map((k) => ({ value: k, text: KIND_NAMES[k], checked: values.kind === k })),
        ...withProblems(problems),
      });
    const controlInput = (form: Form) => ({ code: form.code ?? '', title: form.title ?? '', kind: form.kind ?? '', description: form.description ?? '', owner: form.owner ?? null, requirementKeys: splitList(form.requirements) });

    app.get('/controls/new', { config: { access: 'controls.manage' } }, async (_request, reply) => renderControlForm(reply, undefined, {}));

    app.post('/controls', { config: { access: 'controls.manage' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderControlForm(reply, undefined, form, problems),
        async () => reply.redirect(`/controls/${await services.controls.create(request.actor, controlInput(form), request.id)}`, 303),
      );
    });

    app.get('/controls/:id', { config: { access: 'controls.read' }, schema: { params: IdParams } }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const control = await services.controls.get(request.actor, id);
      const [counts, implementations, units, frameworkRequirements] = await Promise.all([
        services.controls.statusCounts(request.actor, control.id),
        services.controls.implementations.list(request.actor, { controlId: control.id }, 1),
        services.organisationUnits.listUnits(request.actor),
        canAnywhere(request.actor, 'frameworks.read') ? services.frameworks.requirementsMetByControl(request.actor, control.id) : [],
      ]);
      return reply.render(`${VIEWS}/control.njk`, {
        pageTitle: `${control.code} ${control.title}`,
        control,
        frameworkRequirements,
        counts: Object.entries(STATUS_NAMES).map(([status, name]) => ({ status, name, count: counts[status] ?? 0 })),
        ...implementations,
        units: units.map((u) => ({ value: u.id, text: `${u.name} (${u.code})` })),
        kindNames: KIND_NAMES,
        statusNames: STATUS_NAMES,
        canManage: canAnywhere(request.actor, 'controls.manage'),
        breadcrumbs: [{ text: 'Controls', href: '/controls' }],
      });
    });

    app.get('/controls/:id/edit', { config: { access: 'controls.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const control = await services.controls.get(request.actor, (request.params as { id: string }).id);
      return renderControlForm(reply, control, { code: control.code, title: control.title, kind: control.kind, description: control.description, owner: control.ownerEmail ?? '', requirements: control.requirements.map((r) => r.key).join(', ') });
    });

    app.post('/controls/:id', { config: { access: 'controls.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const control = await services.controls.get(request.actor, (request.params as { id: string }).id);
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderControlForm(reply, control, form, problems),
        async () => {
          await services.controls.update(request.actor, control.id, controlInput(form), request.id);
          return reply.redirect(`/controls/${control.id}`, 303);
        },
      );
    });

    app.get('/baselines', { config: { access: 'controls.read' } }, async (request, reply) =>
      reply.render(`${VIEWS}/baselines.njk`, { pageTitle: 'Baselines', baselines: await services.controls.baselines(request.actor), canManage: canAnywhere(request.actor, 'controls.manage') }),
    );

    const renderBaselineForm = async (request: FastifyRequest, reply: FastifyReply, baseline: Baseline | undefined, values: Form, problems: readonly FieldProblem[] = []) => {
      const vocabulary = await services.controls.baselineVocabulary(request.actor);
      const options = (items: ReadonlyArray<{ value: string; text: string }>, selected: string | undefined) => [{ value: '', text: 'Any' }, ...items.map((i) => ({ ...i, selected: i.value === selected }))];
      const yesNo = (selected: string | undefined, yes: string, no: string) => [
        { value: '', text: 'Any', checked: !selected },
        { value: 'yes', text: yes, checked: selected === 'yes' },
        { value: 'no', text: no, checked: selected === 'no' },
      ];
      return reply.render(`${VIEWS}/baseline-form.njk`, {
        pageTitle: baseline ? `Change baseline ${baseline.code}` : 'Add a baseline',
        baseline,
        values,
        tiers: options(vocabulary.tiers.map((t) => ({ value: t.code, text: `${t.code} or above` })), values.minTier),
        descriptors: options(vocabulary.descriptors.map((d) => ({ value: d.code, text: d.code })), values.descriptor),
        criticalities: options(vocabulary.criticalities.map((c) => ({ value: c, text: `${c} or higher` })), values.minCriticality),
        sensitive: yesNo(values.requiresSensitive, 'Only services marked SENSITIVE', 'Only services not marked SENSITIVE'),
        personalData: yesNo(values.requiresPersonalData, 'Only services that process personal data', 'Only services that process no personal data'),
        ...withProblems(problems),
      });
    };
    const baselineInput = (form: Form): BaselineInput => ({
      code: form.code ?? '',
      name: form.name ?? '',
      description: form.description ?? '',
      minTier: form.minTier || null,
      requiresSensitive: choice(form.requiresSensitive),
      requiresPersonalData: choice(form.requiresPersonalData),
      descriptor: form.descriptor || null,
      minCriticality: form.minCriticality || null,
      controlCodes: splitList(form.controls),
    });

    app.get('/baselines/new', { config: { access: 'controls.manage' } }, async (request, reply) => renderBaselineForm(request, reply, undefined, {}));

    app.post('/baselines', { config: { access: 'controls.manage' } }, async (request, reply) => {
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderBaselineForm(request, reply, undefined, form, problems),
        async () => {
          await services.controls.createBaseline(request.actor, baselineInput(form), request.id);
          return reply.redirect('/baselines', 303);
        },
      );
    });

    app.get('/baselines/:id/edit', { config: { access: 'controls.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const baseline = await services.controls.baseline(request.actor, (request.params as { id: string }).id);
      const { tiers } = await services.controls.baselineVocabulary(request.actor);
      return renderBaselineForm(request, reply, baseline, {
        code: baseline.code,
        name: baseline.name,
        description: baseline.description,
        minTier: tiers.find((t) => t.rank === baseline.minTierRank)?.code ?? '',
        requiresSensitive: choiceText(baseline.requiresSensitive),
        requiresPersonalData: choiceText(baseline.requiresPersonalData),
        descriptor: baseline.descriptor ?? '',
        minCriticality: baseline.minCriticality ?? '',
        controls: baseline.controls.map((c) => c.code).join(', '),
      });
    });

    app.post('/baselines/:id', { config: { access: 'controls.manage' }, schema: { params: IdParams } }, async (request, reply) => {
      const baseline = await services.controls.baseline(request.actor, (request.params as { id: string }).id);
      const form = (request.body ?? {}) as Form;
      return handleForm(
        reply,
        (problems) => renderBaselineForm(request, reply, baseline, form, problems),
        async () => {
          await services.controls.updateBaseline(request.actor, baseline.id, baselineInput(form), request.id);
          return reply.redirect('/baselines', 303);
        },
      );
    });
  };
}
