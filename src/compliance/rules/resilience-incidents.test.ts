// The incident rules on a real database: incidents.triaged-in-time and incidents.lessons-learned, each a
// table of cases (incidents needing an exception get a unit of their own: an exception for a unit
// covers every incident in it), and their scoped forms. NOW is 2026-06-15 09:00Z; the triage target
// is the migration's setting, 24 hours. The Information Assurance Lead is appointed at the agency.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import type { Database } from '../../database.ts';
import { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { DatabaseHandle } from '../../platform/db/database.ts';
import { describeRuleTables, appoint, exceptionFor, NOW, ruleFixture, type RuleFixture } from '../../../test/support/compliance.ts';
import { createTestDatabase } from '../../../test/support/database.ts';
import { ComplianceEngine } from '../evaluate.ts';
import type { ComplianceRule } from '../rule.ts';
import { incidentsLessonsLearned } from './incidents-lessons-learned.ts';
import { incidentsTriagedInTime } from './incidents-triaged-in-time.ts';

type Accountable = 'handler' | 'ial' | 'siro';
interface Case {
  readonly name: string;
  readonly build: (f: RuleFixture) => Promise<string>;
  readonly expected: 'passes' | 'open' | 'covered';
  readonly reason?: RegExp;
  readonly accountable?: Accountable;
}

let handle: DatabaseHandle<Database>;
let f: RuleFixture;
let ial: string;
let handler: string;
let serial = 0;
const HOUR = 3_600_000;
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * HOUR);

async function unitOfItsOwn(parentId: string = f.units.TEAM): Promise<string> {
  serial += 1;
  return (await f.db.insertInto('organisation_units').values({ code: `IT${serial}`, name: `Incident unit ${serial}`, unit_type: 'team', parent_id: parentId }).returning('id').executeTakeFirstOrThrow()).id;
}

interface IncidentInput {
  readonly reportedHoursAgo?: number;
  readonly triagedHoursAgo?: number | null;
  readonly closed?: boolean;
  readonly kind?: 'incident' | 'near-miss';
  readonly unitId?: string;
  readonly withHandler?: boolean;
}

async function incident(input: IncidentInput = {}): Promise<string> {
  serial += 1;
  const reportedAt = hoursAgo(input.reportedHoursAgo ?? 100);
  const triagedAt = input.triagedHoursAgo === undefined ? (input.closed ? hoursAgo(90) : null) : input.triagedHoursAgo === null ? null : hoursAgo(input.triagedHoursAgo);
  const triaged = triagedAt ? { category: 'confidentiality' as const, type_code: 'misdirected', severity_code: 'low' } : {};
  const row = await f.db
    .insertInto('incidents')
    .values({
      reference: `INC-T${serial}`, title: `Incident ${serial}`, description: 'Sent to the wrong person', occurred_at: reportedAt, aware_at: reportedAt, reported_at: reportedAt, reported_by_label: 'test',
      unit_id: input.unitId ?? f.units.TEAM, personal_data: 'no', kind: input.kind ?? 'incident', stage: input.closed ? 'closed' : triagedAt ? 'triaged' : 'reported',
      triaged_at: triagedAt, closed_at: input.closed ? hoursAgo(10) : null, handler_person_id: input.withHandler ? handler : null, ...triaged,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function lessons(incidentId: string): Promise<void> {
  await f.db.insertInto('incident_lessons').values({ incident_id: incidentId, went_well: 'Reported at once', went_badly: 'Autocomplete', root_cause: 'No check before sending', recorded_by: 'test', recorded_at: hoursAgo(20) }).execute();
}

async function action(sourceId: string, status: 'open' | 'done' | 'cancelled' = 'open', sourceType: 'incident' | 'risk' = 'incident'): Promise<string> {
  serial += 1;
  return (await f.db.insertInto('actions').values({ reference: `ACT-I${serial}`, title: 'Turn off autocomplete', owner_person_id: f.person, unit_id: f.units.TEAM, due_on: '2026-09-01', status, source_type: sourceType, source_id: sourceId, created_by: 'test', completed_on: status === 'done' ? '2026-06-01' : null }).returning('id').executeTakeFirstOrThrow()).id;
}

/** An incident that fails the rule, in a unit of its own under an exception for `scope`. */
async function excepted(make: (unitId: string) => Promise<string>, input: { requirementKey?: string; expiresOn?: string; scope?: 'own' | 'parent' } = {}): Promise<string> {
  const parentId = await unitOfItsOwn();
  const unitId = await unitOfItsOwn(parentId);
  const id = await make(unitId);
  await exceptionFor(f, { requirementKey: input.requirementKey ?? 'SISP-006', scopeType: 'unit', scopeId: input.scope === 'parent' ? parentId : unitId, expiresOn: input.expiresOn ?? '2026-12-31' });
  return id;
}

const untriaged = (unitId: string) => incident({ reportedHoursAgo: 30, unitId });
const closedWithout = async (unitId: string) => incident({ closed: true, unitId });
const closedWith = async (parts: { lessons: boolean; actions: Array<'open' | 'done' | 'cancelled'>; withHandler?: boolean }) => {
  const id = await incident({ closed: true, withHandler: parts.withHandler ?? false });
  if (parts.lessons) await lessons(id);
  for (const status of parts.actions) await action(id, status);
  return id;
};

const tables: Array<{ rule: ComplianceRule; cases: Case[] }> = [
  {
    rule: incidentsTriagedInTime,
    cases: [
      { name: 'untriaged after 23 hours passes', build: () => incident({ reportedHoursAgo: 23 }), expected: 'passes' },
      { name: 'untriaged after exactly 24 hours passes: the target is not yet exceeded', build: () => incident({ reportedHoursAgo: 24 }), expected: 'passes' },
      { name: 'untriaged after 25 hours fails; the IAL is accountable without a handler', build: () => incident({ reportedHoursAgo: 25 }), expected: 'open', reason: /^Reported 2026-06-14 09:00 and not yet triaged after 25 hours: the target is 24 hours$/, accountable: 'ial' },
      { name: 'untriaged after 25 hours with a handler: the handler is accountable', build: () => incident({ reportedHoursAgo: 25, withHandler: true }), expected: 'open', accountable: 'handler' },
      { name: 'a near miss untriaged after 25 hours fails too', build: () => incident({ reportedHoursAgo: 25, kind: 'near-miss' }), expected: 'open' },
      { name: 'in a unit with no IAL above it, the SIRO is accountable', build: async (fx) => incident({ reportedHoursAgo: 25, unitId: await unitOfItsOwn(fx.units.DEPT) }), expected: 'open', accountable: 'siro' },
      { name: 'triaged in time passes', build: () => incident({ reportedHoursAgo: 50, triagedHoursAgo: 40 }), expected: 'passes' },
      { name: 'triaged late passes once triaged: history nothing can now fix', build: () => incident({ reportedHoursAgo: 100, triagedHoursAgo: 20 }), expected: 'passes' },
      { name: 'closed incidents pass', build: () => incident({ closed: true }), expected: 'passes' },
      { name: 'late, under an exception for SISP-006 and the incident’s unit, is covered', build: () => excepted(untriaged), expected: 'covered' },
      { name: 'an expired exception covers nothing', build: () => excepted(untriaged, { expiresOn: '2026-06-14' }), expected: 'open' },
      { name: 'an exception for the parent unit covers nothing', build: () => excepted(untriaged, { scope: 'parent' }), expected: 'open' },
      { name: 'an exception for another requirement covers nothing', build: () => excepted(untriaged, { requirementKey: 'SISP-009' }), expected: 'open' },
    ],
  },
  {
    rule: incidentsLessonsLearned,
    cases: [
      { name: 'closed with lessons and an open corrective action passes', build: () => closedWith({ lessons: true, actions: ['open'] }), expected: 'passes' },
      { name: 'closed with lessons and a done corrective action passes', build: () => closedWith({ lessons: true, actions: ['done'] }), expected: 'passes' },
      { name: 'closed without lessons fails; the handler is accountable', build: () => closedWith({ lessons: false, actions: ['open'], withHandler: true }), expected: 'open', reason: /^Closed without lessons learned \(what went well, what did not, the root cause\)$/, accountable: 'handler' },
      { name: 'closed with only a cancelled action fails; the IAL is accountable without a handler', build: () => closedWith({ lessons: true, actions: ['cancelled'] }), expected: 'open', reason: /^Closed without a corrective action that is not cancelled$/, accountable: 'ial' },
      { name: 'closed with neither fails, naming both', build: () => closedWith({ lessons: false, actions: [] }), expected: 'open', reason: /lessons learned .*; Closed without a corrective action/ },
      {
        name: 'an action raised from a risk is not the incident’s corrective action',
        build: async () => {
          const id = await closedWith({ lessons: true, actions: [] });
          await action(id, 'open', 'risk');
          return id;
        },
        expected: 'open',
      },
      { name: 'an incident still being handled is not checked', build: () => incident({ reportedHoursAgo: 50, triagedHoursAgo: 40 }), expected: 'passes' },
      { name: 'without lessons, under an exception for SISP-006 and its unit, is covered', build: () => excepted(closedWithout), expected: 'covered' },
      { name: 'an expired exception covers nothing', build: () => excepted(closedWithout, { expiresOn: '2026-01-31' }), expected: 'open' },
      { name: 'an exception for another requirement covers nothing', build: () => excepted(closedWithout, { requirementKey: 'SISP-010' }), expected: 'open' },
    ],
  },
];

before(async () => {
  handle = await createTestDatabase();
  f = await ruleFixture(handle.db);
  ial = await f.person2('Ian Lead');
  handler = await f.person2('Hana Handler');
  await appoint(f.db, { role: 'information-assurance-lead', personId: ial, unitId: f.units.AGENCY });
});
after(async () => handle.close());

describeRuleTables(tables, () => f.db, (c) => c.build(f), (c, finding) => {
  if (c.accountable) assert.equal(finding.accountablePersonId, { handler, ial, siro: f.siro }[c.accountable]);
});

describe('incident rules, scoped to the changes that reach them', () => {
  const engineFor = (rule: ComplianceRule) => new ComplianceEngine(f.db, fixedClock(NOW), new AuditTrail(f.db, fixedClock(NOW)), [rule]);
  const statusOf = async (rule: ComplianceRule, id: string) => (await f.db.selectFrom('compliance_findings').select('status').where('rule_id', '=', rule.id).where('record_id', '=', id).executeTakeFirst())?.status ?? 'none';

  test('incidents.triaged-in-time: triaging one incident re-checks only it; a new target re-checks all', async () => {
    const engine = engineFor(incidentsTriagedInTime);
    const [changed, untouched] = [await incident({ reportedHoursAgo: 30 }), await incident({ reportedHoursAgo: 30 })];
    await engine.evaluate(systemActor('test'), 'test');
    const triage = { stage: 'triaged' as const, triaged_at: NOW, category: 'integrity' as const, type_code: 'misdirected', severity_code: 'low' };
    await f.db.updateTable('incidents').set(triage).where('id', '=', changed).execute();
    await engine.reevaluate({ byType: new Map([['incident', new Set([changed])]]) });
    assert.equal(await statusOf(incidentsTriagedInTime, changed), 'resolved');
    assert.equal(await statusOf(incidentsTriagedInTime, untouched), 'open');
    await f.db.updateTable('settings').set({ value: '48' }).where('key', '=', 'incidents.triage-target-hours').execute();
    await engine.reevaluate({ byType: new Map([['setting', 'all']]) });
    assert.equal(await statusOf(incidentsTriagedInTime, untouched), 'resolved', 'within a 48-hour target');
    await f.db.updateTable('settings').set({ value: 'not a number' }).where('key', '=', 'incidents.triage-target-hours').execute();
    await engine.reevaluate({ byType: new Map([['setting', 'all']]) });
    assert.equal(await statusOf(incidentsTriagedInTime, untouched), 'open', 'a setting that is not a number means 24 hours');
    await f.db.updateTable('settings').set({ value: '24' }).where('key', '=', 'incidents.triage-target-hours').execute();
  });

  test('incidents.lessons-learned: a corrective action raised re-checks only its incident', async () => {
    const engine = engineFor(incidentsLessonsLearned);
    const [changed, untouched] = [await closedWith({ lessons: true, actions: [] }), await closedWith({ lessons: true, actions: [] })];
    await engine.evaluate(systemActor('test'), 'test');
    const raised = await action(changed);
    await action(untouched);
    await engine.reevaluate({ byType: new Map([['action', new Set([raised])]]) });
    assert.equal(await statusOf(incidentsLessonsLearned, changed), 'resolved');
    assert.equal(await statusOf(incidentsLessonsLearned, untouched), 'open');
  });
});
