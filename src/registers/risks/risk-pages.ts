// One risk's page: everything about it (ratings, where it is held and who decides it, its links, rating
// history, every decision with its frozen snapshot, exceptions it backs) and its forms: ask for a
// decision, add an action, decide, revoke. A refusal by the risk's own rules (the wrong person, the wrong
// level, an owner accepting their own) is shown in the error summary, not as a bare 403 page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errorSummary, fieldErrors, handleForm } from '../../access/pages.ts';
import { addMonths, londonDate } from '../../platform/clock.ts';
import type { FieldProblem } from '../../platform/http/errors.ts';
import type { Services } from '../../services.ts';
import { EXCEPTION_SCOPE_NAMES, EXCEPTION_STATUS_NAMES } from './exception-pages.ts';
import { RISK_STATUS_NAMES, TREATMENT_NAMES, type AcceptanceStatus, type Decision, type RiskMatrix, type Treatment } from './entity.ts';

type Form = Record<string, string | undefined>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const RiskQuery = Type.Object({ added: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false });
const VIEWS = 'registers/risks/views';
const withProblems = (problems: readonly FieldProblem[]) => (problems.length ? { errorSummary: errorSummary(problems), errors: fieldErrors(problems) } : {});
const bandsByCode = (matrix: RiskMatrix) => Object.fromEntries(matrix.bands.map((b) => [b.code, b]));

export const ACCEPTANCE_STATUS_NAMES: Record<AcceptanceStatus, string> = { 'in-force': 'In force', rejected: 'Rejected', expired: 'Expired', revoked: 'Revoked', lapsed: 'Lapsed', superseded: 'Superseded' };
const RATING_REASONS: Record<string, string> = { created: 'Recorded', rated: 'Re-rated', 'matrix-changed': 'The matrix changed' };
const SNAPSHOT_KEYS: Record<string, string> = {
  reference: 'Reference',
  title: 'Title',
  unit: 'Unit',
  owner: 'Risk owner',
  inherent: 'Inherent rating',
  residual: 'Residual rating',
  treatment: 'Treatment',
  escalation: 'Appetite',
  controls: 'Controls',
  services: 'Technology services',
  assets: 'Information assets',
  requirements: 'Requirements',
};

interface EscalationWords {
  readonly escalated?: unknown;
  readonly aboveAppetite?: unknown;
  readonly holdingUnit?: { readonly name?: unknown } | null;
}

/** Where a risk is held, in words: within its unit's appetite, held by a unit above, or above every appetite. */
export function escalationText(escalation: EscalationWords, unitName: string, roleName: string): string {
  if (escalation.aboveAppetite === true) return `Above the appetite of every unit: decided by the ${roleName}`;
  if (escalation.escalated === true && escalation.holdingUnit) return `Above the appetite of ${unitName}; held by ${String(escalation.holdingUnit.name)}`;
  return `Within the appetite of ${unitName}`;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A frozen snapshot as summary-list rows: what the decider saw, in the words of the page. */
function snapshotRows(snapshot: Readonly<Record<string, unknown>>, matrix: RiskMatrix, roleName: string) {
  const bands = bandsByCode(matrix);
  const text = (key: string, value: unknown): string => {
    if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : 'None';
    if (isObject(value) && 'score' in value && 'band' in value) {
      const likelihood = matrix.likelihoods.find((l) => l.level === value.likelihood);
      const impact = matrix.impacts.find((i) => i.level === value.impact);
      const parts = [likelihood && `likelihood ${likelihood.name} (${likelihood.level})`, impact && `impact ${impact.name} (${impact.level})`].filter(Boolean);
      return `${String(value.score)} ${bands[String(value.band)]?.name ?? String(value.band)}${parts.length ? ` (${parts.join(', ')})` : ''}`;
    }
    if (key === 'escalation' && isObject(value)) return escalationText(value, String(snapshot.unit ?? 'its unit'), roleName);
    if (key === 'treatment' && typeof value === 'string') return TREATMENT_NAMES[value as Treatment] ?? value;
    if (value === null || value === undefined) return '';
    return isObject(value) ? JSON.stringify(value) : String(value);
  };
  // In the page's order, whatever order the stored JSON keeps its keys in; keys it does not know come last.
  const known = Object.keys(SNAPSHOT_KEYS);
  const order = (key: string) => (known.includes(key) ? known.indexOf(key) : known.length);
  return Object.entries(snapshot)
    .sort(([a], [b]) => order(a) - order(b))
    .map(([key, value]) => ({ key: { text: SNAPSHOT_KEYS[key] ?? key }, value: { text: text(key, value) } }));
}

export function riskPages(services: Services) {
  const risks = services.risks;
  const decisions = services.riskDecisions;
  return async (app: FastifyInstance): Promise<void> => {
    const renderRisk = async (request: FastifyRequest, reply: FastifyReply, id: string, values: Form = {}, problems: readonly FieldProblem[] = []) => {
      const actor = request.actor;
      const risk = await risks.get(actor, id);
      const matrix = await risks.matrix(actor);
      const exceptions = risk.exceptions;
      const mayEdit = risks.mayEdit(actor, risk);
      const inForce = risk.acceptedUntil !== null;
      const today = londonDate(services.context.clock.now());
      const query = request.query as { added?: string };
      return reply.render(`${VIEWS}/risk.njk`, {
        pageTitle: `${risk.reference} ${risk.title}`,
        risk,
        matrix,
        bands: bandsByCode(matrix),
        likelihoodNames: Object.fromEntries(matrix.likelihoods.map((l) => [l.level, l.name])),
        impactNames: Object.fromEntries(matrix.impacts.map((i) => [i.level, i.name])),
        scopeNames: EXCEPTION_SCOPE_NAMES,
        exceptionStatusNames: EXCEPTION_STATUS_NAMES,
        statusNames: RISK_STATUS_NAMES,
        treatmentNames: TREATMENT_NAMES,
        acceptanceStatusNames: ACCEPTANCE_STATUS_NAMES,
        ratingReasons: RATING_REASONS,
        escalation: escalationText(risk.escalation, risk.unitName, risk.authority.roleName),
        decisions: risk.decisions.map((d: Decision) => ({ ...d, snapshotRows: snapshotRows(d.snapshot, matrix, d.roleName) })),
        exceptions,
        actions: risk.actions,
        mayEdit,
        mayAsk: mayEdit && (risk.status === 'open' || risk.status === 'in-review'),
        mayDecide: decisions.mayDecide(actor) && !inForce && risk.status !== 'closed',
        mayRevoke: decisions.mayDecide(actor) && inForce,
        latestExpiry: addMonths(today, risk.authority.maxAcceptanceMonths),
        addedAction: query.added,
        outcomes: [
          { value: '', text: 'Choose' },
          { value: 'accepted', text: 'Accept the risk', selected: values.outcome === 'accepted' },
          { value: 'rejected', text: 'Reject it: it needs more treatment', selected: values.outcome === 'rejected' },
        ],
        values,
        breadcrumbs: [{ text: 'Risks', href: '/risks' }],
        ...withProblems(problems),
      });
    };
    const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
    const form = (request: FastifyRequest) => (request.body ?? {}) as Form;

    app.get('/risks/:id', { config: { access: 'risks.edit-own' }, schema: { params: IdParams, querystring: RiskQuery } }, async (request, reply) => renderRisk(request, reply, idOf(request)));

    app.post('/risks/:id/ask-for-decision', { config: { access: 'risks.edit-own' }, schema: { params: IdParams } }, async (request, reply) =>
      handleForm(
        reply,
        (problems) => renderRisk(request, reply, idOf(request), {}, problems),
        async () => {
          await risks.askForDecision(request.actor, idOf(request), request.id);
          return reply.redirect(`/risks/${idOf(request)}`, 303);
        },
      ),
    );

    app.post('/risks/:id/actions', { config: { access: 'risks.edit-own' }, schema: { params: IdParams } }, async (request, reply) => {
      const values = form(request);
      return handleForm(
        reply,
        (problems) => renderRisk(request, reply, idOf(request), values, problems),
        async () => {
          const actionId = await risks.addAction(request.actor, idOf(request), { title: values.actionTitle ?? '', owner: values.actionOwner ?? '', dueOn: (values.actionDueOn ?? '').trim() }, request.id);
          return reply.redirect(`/risks/${idOf(request)}?added=${actionId}#actions`, 303);
        },
      );
    });

    app.post('/risks/:id/decision', { config: { access: 'risks.accept' }, schema: { params: IdParams } }, async (request, reply) => {
      const values = form(request);
      return handleForm(
        reply,
        (problems) => renderRisk(request, reply, idOf(request), values, problems),
        async () => {
          await decisions.decide(request.actor, idOf(request), { outcome: values.outcome ?? '', justification: values.justification ?? '', conditions: values.conditions ?? '', expiresOn: (values.expiresOn ?? '').trim() }, request.id);
          return reply.redirect(`/risks/${idOf(request)}#decisions`, 303);
        },
        ['forbidden'],
      );
    });

    app.post('/risks/:id/revoke', { config: { access: 'risks.accept' }, schema: { params: IdParams } }, async (request, reply) => {
      const values = form(request);
      return handleForm(
        reply,
        (problems) => renderRisk(request, reply, idOf(request), values, problems),
        async () => {
          await decisions.revoke(request.actor, idOf(request), values.reason ?? '', request.id);
          return reply.redirect(`/risks/${idOf(request)}#decisions`, 303);
        },
        ['forbidden'],
      );
    });
  };
}
