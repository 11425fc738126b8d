// The compliance JSON API: findings with the report's filters, and one finding with its history,
// actions and the chain of accountability above it. Each reader gets the findings of the units whose
// compliance they read, and those they are accountable for.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import { validationFailed } from '../platform/http/errors.ts';
import { listParams } from '../platform/http/list-params.ts';
import type { Services } from '../services.ts';
import { FINDING_STATUSES, SEVERITIES } from './entity.ts';
import type { FindingDetails, ReportLine, ReportParams } from './report.ts';

const TAGS = ['Compliance'];
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const FILTERS = ['status', 'unit', 'person', 'rule', 'requirement', 'severity', 'openForMoreThanDays'] as const;

const FindingsQuery = Type.Object(
  {
    status: Type.Optional(literals(FINDING_STATUSES)),
    unit: Type.Optional(Type.String({ maxLength: 100, description: 'A unit’s code: its findings and those of the units below it' })),
    person: Type.Optional(Type.String({ maxLength: 254, description: 'The accountable person’s email or staff number' })),
    rule: Type.Optional(Type.String({ maxLength: 100, description: 'A rule’s id, such as assets.iao-current' })),
    requirement: Type.Optional(Type.String({ maxLength: 100, description: 'A requirement’s key, such as SISP-004' })),
    severity: Type.Optional(literals(SEVERITIES)),
    openForMoreThanDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  },
  { additionalProperties: false },
);

const ChainLinkSchema = Type.Object({ roleName: Type.String(), holderName: Nullable(Type.String()), unitName: Nullable(Type.String()) });
const FindingSchema = Type.Object({
  id: Type.String(),
  status: Type.String({ description: 'open (not met, no accepted risk), covered (by an exception in force) or resolved' }),
  record: Type.Object({ type: Type.String(), id: Type.String(), label: Type.String(), href: Nullable(Type.String({ description: 'The record’s page in Custodian' })) }),
  requirement: Type.Object({ key: Nullable(Type.String()), framework: Nullable(Type.String()), text: Nullable(Type.String()) }),
  rule: Type.Object({ id: Type.String(), title: Type.String(), severity: Nullable(Type.String()) }),
  reason: Type.String({ description: 'What the registers show: the evidence' }),
  scope: Type.Object({ type: Type.String(), id: Type.String(), label: Nullable(Type.String()) }, { description: 'What an exception must name to cover the finding' }),
  unit: Nullable(Type.Object({ id: Type.String(), code: Nullable(Type.String()), name: Nullable(Type.String()) })),
  accountable: Nullable(Type.Object({ personId: Type.String(), name: Nullable(Type.String()), email: Nullable(Type.String()) })),
  exceptionId: Nullable(Type.String()),
  openedAt: Type.String({ format: 'date-time' }),
  daysOpen: Type.Integer(),
  resolvedAt: Nullable(Type.String({ format: 'date-time' })),
  chain: Type.Array(ChainLinkSchema, { description: 'Who is accountable above: the nearest holder of each role at the unit or above it' }),
});
const FindingDetailSchema = Type.Intersect([
  FindingSchema,
  Type.Object({
    history: Type.Array(Type.Object({ at: Type.String({ format: 'date-time' }), status: Type.String(), reason: Type.String() })),
    actions: Type.Array(Type.Object({ id: Type.String(), reference: Type.String(), title: Type.String(), ownerName: Type.String(), dueOn: Type.String(), status: Type.String(), overdue: Type.Boolean() })),
  }),
]);
const Paged = Type.Object({ items: Type.Array(FindingSchema), total: Type.Integer(), page: Type.Integer(), pages: Type.Integer() });

// Instants go out as ISO 8601 text.
const toFinding = (l: ReportLine) => ({
  id: l.id,
  status: l.status,
  record: { type: l.recordType, id: l.recordId, label: l.label, href: l.recordHref },
  requirement: { key: l.requirementKey, framework: l.frameworkCode, text: l.requirementText },
  rule: { id: l.rule.id, title: l.rule.title, severity: l.rule.severity },
  reason: l.reason,
  scope: { type: l.scopeType, id: l.scopeId, label: l.scopeLabel },
  unit: l.unitId ? { id: l.unitId, code: l.unitCode, name: l.unitName } : null,
  accountable: l.accountablePersonId ? { personId: l.accountablePersonId, name: l.accountableName, email: l.accountableEmail } : null,
  exceptionId: l.exceptionId,
  openedAt: l.openedAt.toISOString(),
  daysOpen: l.daysOpen,
  resolvedAt: l.resolvedAt ? l.resolvedAt.toISOString() : null,
  chain: [...l.chain],
});
const toDetail = (f: FindingDetails) => ({
  ...toFinding(f),
  history: f.history.map((e) => ({ at: e.at.toISOString(), status: e.status, reason: e.reason })),
  actions: f.actions.map((a) => ({ id: a.id, reference: a.reference, title: a.title, ownerName: a.ownerName, dueOn: a.dueOn, status: a.status, overdue: a.overdue })),
});

export const complianceApi =
  (services: Services): FastifyPluginAsyncTypebox =>
  async (app) => {
    const report = services.complianceReport;

    app.get(
      '/compliance/findings',
      { config: { access: 'signed-in' }, schema: { tags: TAGS, summary: 'Compliance findings you may see (your units’, and those you are accountable for), filtered as the report is; 50 to a page', querystring: FindingsQuery, response: { 200: Paged } } },
      async (request) => {
        const { filter, problems } = await report.filterOf(listParams(FILTERS, request.query) as ReportParams);
        if (problems.length > 0) throw validationFailed(problems);
        const result = await report.list(request.actor, filter, request.query.page ?? 1);
        return { items: result.items.map(toFinding), total: result.total, page: result.page, pages: result.pages };
      },
    );

    app.get(
      '/compliance/findings/:id',
      { config: { access: 'signed-in' }, schema: { tags: TAGS, summary: 'A finding: its record, requirement, rule, evidence, status, who is accountable and above, history and actions', params: IdParams, response: { 200: FindingDetailSchema } } },
      async (request) => toDetail(await report.finding(request.actor, request.params.id)),
    );
  };
