// TypeBox schemas of the incidents API: they validate requests and document the API. The service checks
// what the words mean (a real moment, a known type, a person in the register) and names each mistake.
import { Type, type TSchema } from 'typebox';
import { ICO_OUTCOMES, INCIDENT_CATEGORIES, INCIDENT_KINDS, INCIDENT_STAGES, PERSONAL_DATA_ANSWERS } from './entity.ts';

export const TAGS = ['Incidents'];
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const literals = <T extends string>(values: readonly T[], description?: string) => Type.Union(values.map((v) => Type.Literal(v)), description ? { description } : {});
/** One of the words, as a response carries it: documented, not checked again on the way out. */
const oneOf = (values: readonly string[]) => Type.String({ description: values.join(', ') });
const Text = (maxLength: number, description?: string) => Type.String({ maxLength, ...(description ? { description } : {}) });
const Instant = Type.String({ format: 'date-time' });
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const Created = Type.Object({ id: Type.String(), reference: Type.String({ description: 'INC-0001' }) });

const Severity = Type.Object({ code: Type.String(), name: Type.String(), rank: Type.Integer(), description: Type.String() });
const TriageClock = Type.Object({ dueAt: Instant, triagedAt: Nullable(Instant), hoursTaken: Nullable(Type.Number()), overdue: Type.Boolean() });
const IcoDecision = Type.Object({ id: Type.String(), outcome: oneOf(ICO_OUTCOMES), reason: Type.String(), decidedBy: Type.String(), roleHeld: Type.String(), decidedAt: Instant, snapshot: Type.Record(Type.String(), Type.Unknown()) });
const IcoClock = Type.Object({
  applies: Type.Boolean({ description: 'Personal data yes or not sure, and not a triaged near miss' }),
  awareAt: Instant,
  icoDeadline: Instant,
  hoursLeft: Nullable(Type.Number({ description: 'Until the 72 hours end; negative once past; null once decided' })),
  overdue: Type.Boolean(),
  decided: Type.Boolean(),
  decidedLate: Type.Boolean(),
  decision: Nullable(IcoDecision),
});

export const IncidentSummarySchema = Type.Object({
  id: Type.String(),
  reference: Type.String({ description: 'INC-0001' }),
  title: Type.String(),
  kind: oneOf(INCIDENT_KINDS),
  stage: oneOf(INCIDENT_STAGES),
  category: Nullable(oneOf(INCIDENT_CATEGORIES)),
  typeCode: Nullable(Type.String()),
  typeName: Nullable(Type.String()),
  severity: Nullable(Severity),
  personalData: oneOf(PERSONAL_DATA_ANSWERS),
  unitId: Type.String(),
  unitName: Type.String(),
  agencyName: Type.String(),
  reportedAt: Instant,
  occurredAt: Instant,
  reportedBy: Type.String(),
  handlerPersonId: Nullable(Type.String()),
  handlerName: Nullable(Type.String()),
  triage: TriageClock,
  ico: IcoClock,
  closedAt: Nullable(Instant),
});

const RecordLink = Type.Object({ type: Type.String(), id: Type.String(), reference: Type.String(), name: Type.String() });
export const IncidentSchema = Type.Intersect([
  IncidentSummarySchema,
  Type.Object({
    description: Type.String(),
    affectedInformation: Type.String(),
    actionsTaken: Type.String(),
    unitCode: Type.String(),
    reportedByPersonId: Nullable(Type.String()),
    personalDataDetails: Type.String({ description: 'Or “[restricted: personal data]” where the reader has no need to know' }),
    personalDataRestricted: Type.Boolean(),
    people: Type.Array(Type.Object({ personId: Type.String(), name: Type.String(), email: Type.String(), role: Type.String(), note: Type.String() }), { description: 'Empty where personal data is restricted' }),
    assets: Type.Array(RecordLink),
    services: Type.Array(RecordLink),
    suppliers: Type.Array(RecordLink),
    timeline: Type.Array(Type.Object({ id: Type.String(), at: Instant, kind: Type.String(), by: Type.String(), text: Type.String(), restricted: Type.Boolean(), data: Type.Record(Type.String(), Type.Unknown()) })),
    lessons: Nullable(Type.Object({ wentWell: Type.String(), wentBadly: Type.String(), rootCause: Type.String(), recordedBy: Type.String(), recordedAt: Instant })),
    actions: Type.Array(
      Type.Object({
        id: Type.String(),
        reference: Type.String(),
        title: Type.String(),
        ownerName: Type.String(),
        dueOn: Type.String(),
        status: Type.String(),
        overdue: Type.Boolean(),
        targets: Type.Array(Type.Object({ type: Type.String(), id: Type.String(), reference: Type.String(), name: Type.String() })),
      }),
    ),
    icoDecisions: Type.Array(IcoDecision),
    icoDecider: Type.Object({ roleCode: Type.String(), roleName: Type.String(), holders: Type.Array(Type.Object({ personId: Type.String(), name: Type.String() })) }),
    missingToClose: Type.Array(Type.String(), { description: 'What closing still needs, in words; empty when it may close' }),
    may: Type.Object({ handle: Type.Boolean(), assign: Type.Boolean(), reopen: Type.Boolean(), decideIco: Type.Boolean(), seePersonalData: Type.Boolean() }),
  }),
]);

export const IncidentListQuery = Type.Object(
  {
    unit: Type.Optional(Text(64, 'A unit’s code or id')),
    stage: Type.Optional(literals(INCIDENT_STAGES)),
    open: Type.Optional(Type.Boolean({ description: 'true: not yet closed; false: closed' })),
    kind: Type.Optional(literals(INCIDENT_KINDS)),
    category: Type.Optional(literals(INCIDENT_CATEGORIES)),
    severity: Type.Optional(Text(40, 'A severity’s code')),
    personalData: Type.Optional(literals(PERSONAL_DATA_ANSWERS)),
    icoOverdue: Type.Optional(Type.Boolean({ description: 'Only personal data breaches past their 72 hours with no decision' })),
    from: Type.Optional(Type.String({ format: 'date', description: 'Reported on or after this Europe/London date' })),
    to: Type.Optional(Type.String({ format: 'date', description: 'Reported on or before this Europe/London date' })),
    search: Type.Optional(Text(200, 'Reference, title or description')),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  },
  { additionalProperties: false },
);
export const Paged = Type.Object({ items: Type.Array(IncidentSummarySchema), total: Type.Integer(), page: Type.Integer(), pages: Type.Integer() });

const Moment = (description: string) => Type.String({ maxLength: 40, description: `${description}: 2026-11-27T14:30 (Europe/London), a date, or an ISO instant with its offset` });
const References = (description: string) => Type.Optional(Type.Array(Type.String({ maxLength: 120 }), { maxItems: 100, description }));
export const ReportBody = Type.Object(
  {
    title: Text(200),
    description: Text(20_000, 'What happened'),
    occurredAt: Moment('When it happened'),
    awareAt: Moment('When the reporter found out: the ICO’s 72 hours run from here'),
    affectedInformation: Type.Optional(Text(10_000, 'The information or systems involved, in words')),
    assets: References('Information assets by reference (IA-0001)'),
    services: References('Technology services by reference (SVC-0001)'),
    personalData: literals(PERSONAL_DATA_ANSWERS, 'Whether personal data is involved; not-sure starts the ICO clock as yes does'),
    personalDataDetails: Type.Optional(Text(10_000, 'Whose personal data and what kind: shown only to those who need it')),
    actionsTaken: Type.Optional(Text(10_000, 'What has been done so far')),
    kind: Type.Optional(literals(INCIDENT_KINDS, 'incident (the default) or near-miss; confirmed at triage')),
    unit: Type.Optional(Text(64, 'A unit’s code; by default the reporter’s own unit')),
  },
  { additionalProperties: false },
);

export const TriageBody = Type.Object(
  {
    category: literals(INCIDENT_CATEGORIES),
    typeCode: Text(40, 'An incident type’s code'),
    severityCode: Text(40, 'A severity’s code'),
    kind: literals(INCIDENT_KINDS),
    personalData: Type.Optional(literals(PERSONAL_DATA_ANSWERS)),
    personalDataDetails: Type.Optional(Text(10_000)),
    handler: Type.Optional(Text(254, 'The handler’s email address or staff number')),
    note: Type.Optional(Text(10_000)),
  },
  { additionalProperties: false },
);
export const HandlerBody = Type.Object({ handler: Text(254, 'The handler’s email address or staff number') }, { additionalProperties: false });
export const StageBody = Type.Object({ stage: Text(20, 'contained, eradicated or recovered: forward only'), note: Type.Optional(Text(10_000)) }, { additionalProperties: false });
export const NoteBody = Type.Object({ text: Text(20_000), restricted: Type.Optional(Type.Boolean({ description: 'The note holds personal data: shown only to those who need it' })) }, { additionalProperties: false });
export const LinkBody = Type.Object({ type: Type.Union([Type.Literal('asset'), Type.Literal('service'), Type.Literal('supplier')]), reference: Text(120, 'IA-0001, SVC-0001 or SUP-0001') }, { additionalProperties: false });
export const PersonBody = Type.Object({ person: Text(254, 'An email address or staff number'), role: Type.Union([Type.Literal('affected'), Type.Literal('involved')]), note: Type.Optional(Text(2000)) }, { additionalProperties: false });
export const LessonsBody = Type.Object({ wentWell: Text(20_000), wentBadly: Text(20_000), rootCause: Text(20_000) }, { additionalProperties: false });
export const ActionBody = Type.Object(
  {
    title: Text(200),
    description: Type.Optional(Text(10_000)),
    owner: Text(254, 'The owner’s email address or staff number'),
    dueOn: Type.String({ maxLength: 10, description: "A Europe/London calendar date, 'YYYY-MM-DD'" }),
    targets: Type.Optional(Type.Array(Type.Object({ type: Type.Union([Type.Literal('control'), Type.Literal('risk'), Type.Literal('document')]), reference: Text(120, 'A control’s code, a risk’s reference or a document’s key prefix') }, { additionalProperties: false }), { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export const CloseBody = Type.Object({ note: Type.Optional(Text(10_000)) }, { additionalProperties: false });
export const ReopenBody = Type.Object({ reason: Text(10_000), stage: Type.Optional(Text(20, 'contained, eradicated or recovered (the default)')) }, { additionalProperties: false });
export const IcoDecisionBody = Type.Object({ outcome: literals(ICO_OUTCOMES), reason: Text(10_000) }, { additionalProperties: false });
