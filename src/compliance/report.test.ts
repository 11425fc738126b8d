// The report service on a real database: who sees which findings (a reader of compliance sees their
// units', everyone sees those they are accountable for), each line's evidence, age and chain above,
// the filters, planning a fix (one transaction with its audit record; refused to others with a clear
// message; every mistake listed at once) and the CSV export's audit record.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor, type Actor, type PersonActor, type RoleGrant } from '../access/actor.ts';
import type { AccessRole } from '../access/catalogue.ts';
import type { AppError } from '../platform/http/errors.ts';
import { appoint, ensureRequirement } from '../../test/support/compliance.ts';
import { createTestContext, type TestContext } from '../../test/support/app.ts';
import { createUnitTree, type UnitTree } from '../../test/support/organisation.ts';
import type { FindingFilter } from './findings.repository.ts';

let t: TestContext;
let units: UnitTree;
const people: Record<string, string> = {};
const records: Record<string, string> = {};
const EVERYWHERE: ReadonlySet<string> = new (class extends Set<string> {
  override has(): boolean {
    return true;
  }
})();

/** A person as sign-in loads them: staff everywhere, and any role granted at one unit and those below it. */
function actor(name: string, grants: Array<{ role: AccessRole; unit: keyof UnitTree }> = []): PersonActor {
  const below: Record<keyof UnitTree, string[]> = { DEPT: [units.DEPT, units.AGENCY, units.TEAM], AGENCY: [units.AGENCY, units.TEAM], TEAM: [units.TEAM] };
  const roleGrants: RoleGrant[] = grants.map((g) => ({ role: g.role, unitId: units[g.unit], unitIds: new Set(below[g.unit]), atRoot: g.unit === 'DEPT' }));
  return { kind: 'person', accountId: people[name]!, personId: people[name]!, displayName: name, email: `${name}@example.gov.uk`, via: 'session', readOnly: false, grants: [...roleGrants, { role: 'staff', unitId: '*', unitIds: EVERYWHERE, atRoot: true }] };
}

// The SIRO's name starts as a spreadsheet formula would: the export must not let it run.
const NAMES: Record<string, string> = { pat: 'Pat Owner', siro: '=Sam Siro' };
const db = () => t.database.db;
const findingOf = async (recordId: string) => (await db().selectFrom('compliance_findings').select(['id', 'status']).where('record_id', '=', recordId).executeTakeFirstOrThrow());
const seen = async (who: Actor, filter: FindingFilter = { status: 'open' }) => {
  const report = await t.services.complianceReport.report(who, filter, 'unit', 1);
  return new Set(report.groups.flatMap((g) => g.lines.map((l) => l.recordId)));
};

before(async () => {
  t = await createTestContext({ now: '2026-11-28T09:00:00Z' });
  units = await createUnitTree(db());
  for (const [name, unit] of [['siro', 'DEPT'], ['board', 'DEPT'], ['pat', 'TEAM'], ['reader', 'AGENCY'], ['stranger', 'TEAM']] as const) {
    people[name] = (await db().insertInto('people').values({ display_name: NAMES[name] ?? name, email: `${name}@example.gov.uk`, unit_id: units[unit], staff_number: `S-${name}` }).returning('id').executeTakeFirstOrThrow()).id;
  }
  await appoint(db(), { role: 'siro', personId: people.siro!, unitId: units.DEPT });
  await appoint(db(), { role: 'security-board-member', personId: people.board!, unitId: units.DEPT });
  await ensureRequirement(db(), 'SISP-004');
  await ensureRequirement(db(), 'SISP-005');
  // A service in the team with an SRO (Pat) and no TSO: Pat is accountable.
  records.service = (await db().insertInto('technology_services').values({ reference: 'SVC-R1', name: 'Case =HYPERLINK("x") system', unit_id: units.TEAM, hosting: 'saas', criticality: 'high' }).returning('id').executeTakeFirstOrThrow()).id;
  await appoint(db(), { role: 'senior-responsible-officer', personId: people.pat!, record: { type: 'technology-service', id: records.service } });
  // Assets with no IAO in the agency and in the department: the SIRO is accountable for both.
  records.agencyAsset = (await db().insertInto('information_assets').values({ reference: 'IA-R1', name: 'Agency files', unit_id: units.AGENCY, classification_tier: 'OFFICIAL' }).returning('id').executeTakeFirstOrThrow()).id;
  records.deptAsset = (await db().insertInto('information_assets').values({ reference: 'IA-R2', name: 'Department files', unit_id: units.DEPT, classification_tier: 'OFFICIAL' }).returning('id').executeTakeFirstOrThrow()).id;
  // The findings opened ten days ago, so "open for more than N days" has something to count.
  t.clock.set('2026-11-18T09:00:00Z');
  await t.services.compliance.evaluate(systemActor('test'), 'test');
  t.clock.set('2026-11-28T09:00:00Z');
});
after(async () => t.close());

describe('who sees which findings', () => {
  test('a reader of compliance at the agency sees the agency’s and the team’s findings, not the department’s', async () => {
    const ids = await seen(actor('reader', [{ role: 'security_team', unit: 'AGENCY' }]));
    assert.ok(ids.has(records.service!) && ids.has(records.agencyAsset!));
    assert.ok(!ids.has(records.deptAsset!), 'the department’s finding is outside the reader’s units');
  });

  test('a member of staff sees only the findings they are accountable for', async () => {
    const report = await t.services.complianceReport.report(actor('pat'), { status: 'open' }, 'person', 1);
    assert.equal(report.reach, 'own');
    assert.deepEqual([...(await seen(actor('pat')))], [records.service]);
    assert.equal((await seen(actor('stranger'))).size, 0);
  });

  test('a finding’s page is refused to someone who neither reads its unit nor is accountable for it, saying why', async () => {
    const { id } = await findingOf(records.deptAsset!);
    await assert.rejects(t.services.complianceReport.finding(actor('reader', [{ role: 'security_team', unit: 'AGENCY' }]), id), (e: AppError) => e.code === 'forbidden' && /findings you are accountable for/.test(e.message));
    const details = await t.services.complianceReport.finding(actor('siro'), id);
    assert.equal(details.accountablePersonId, people.siro);
  });
});

describe('each line of the report', () => {
  test('carries the record’s page, the requirement, the rule, the evidence, days open and the chain above', async () => {
    const report = await t.services.complianceReport.report(systemActor('test'), { status: 'open' }, 'unit', 1);
    const line = report.groups.flatMap((g) => g.lines).find((l) => l.recordId === records.service);
    assert.ok(line);
    assert.equal(line.recordHref, `/technology-services/${records.service}`);
    assert.equal(line.requirementKey, 'SISP-005');
    assert.equal(line.rule.id, 'services.owners');
    assert.equal(line.reason, 'No current Technology Service Owner');
    assert.equal(line.accountableName, 'Pat Owner');
    assert.equal(line.daysOpen, 10);
    const chain = Object.fromEntries(line.chain.map((c) => [c.roleName, c.holderName]));
    assert.equal(chain['Senior Information Risk Owner'], '=Sam Siro', `the SIRO above: ${JSON.stringify(line.chain)}`);
    assert.equal(line.chain.find((c) => c.holderName === 'board')?.unitName, 'The Department', 'the board member with the security remit, at the department');
    assert.ok(line.chain.some((c) => c.holderName === null), 'an unfilled post says so');
  });

  test('the filters: unit and below, person, rule, severity, requirement, open for more than N days', async () => {
    const service = t.services.complianceReport;
    const sys = systemActor('test');
    const cases: Array<[string, Record<string, string>, string[], string[]]> = [
      ['the agency and below', { unit: 'agency' }, [records.service!, records.agencyAsset!], [records.deptAsset!]],
      ['Pat by staff number', { person: 'S-pat' }, [records.service!], [records.agencyAsset!]],
      ['the IAO rule', { rule: 'assets.iao-current' }, [records.agencyAsset!, records.deptAsset!], [records.service!]],
      ['a requirement key', { requirement: 'sisp-005' }, [records.service!], [records.deptAsset!]],
      ['high severity', { severity: 'high' }, [records.service!, records.deptAsset!], []],
      ['open for more than 9 days', { openForMoreThanDays: '9' }, [records.service!], []],
      ['open for more than 10 days', { openForMoreThanDays: '10' }, [], [records.service!]],
    ];
    for (const [name, params, included, excluded] of cases) {
      const { filter, problems } = await service.filterOf(params, { status: 'open' });
      assert.deepEqual(problems, [], name);
      const ids = await seen(sys, filter);
      for (const id of included) assert.ok(ids.has(id), `${name}: includes ${id}`);
      for (const id of excluded) assert.ok(!ids.has(id), `${name}: excludes ${id}`);
    }
  });

  test('bad filters are each named, none thrown', async () => {
    const { problems } = await t.services.complianceReport.filterOf({ unit: 'NOPE', person: 'nobody@example.gov.uk', rule: 'no.such', severity: 'dire', openForMoreThanDays: 'ten', status: 'lost', view: 'sideways' });
    assert.deepEqual(problems.map((p) => p.field).sort(), ['openForMoreThanDays', 'person', 'rule', 'severity', 'status', 'unit', 'view']);
  });
});

describe('planning a fix', () => {
  test('the accountable person plans a fix: an action raised from the finding and its audit record, together', async () => {
    const { id } = await findingOf(records.service!);
    const before = await db().selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow();
    const action = await t.services.complianceReport.planFix(actor('pat'), id, { title: 'Appoint a Technology Service Owner', owner: 'pat@example.gov.uk', dueOn: '2027-01-31' }, 'req-1');
    const row = await db().selectFrom('actions').selectAll().where('id', '=', action.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.source_type, row.source_id, row.owner_person_id, row.unit_id, row.due_on], ['compliance-finding', id, people.pat, units.TEAM, '2027-01-31']);
    const events = await db().selectFrom('audit_events').selectAll().where('seq', '>', Number(before.seq ?? 0)).execute();
    assert.deepEqual(events.map((e) => [e.action, e.record_type, e.record_id]), [['compliance.fix-planned', 'compliance-finding', id]]);
    assert.equal((events[0]!.metadata as { action: { id: string } }).action.id, action.id);
    const details = await t.services.complianceReport.finding(actor('pat'), id);
    assert.deepEqual(details.actions.map((a) => a.title), ['Appoint a Technology Service Owner']);
  });

  test('the security team for the unit may plan a fix too; someone else is refused, saying who may', async () => {
    const { id } = await findingOf(records.agencyAsset!);
    const team = actor('reader', [{ role: 'security_team', unit: 'AGENCY' }]);
    assert.ok(t.services.complianceReport.mayRespond(team, { unitId: units.AGENCY, accountablePersonId: people.siro!, status: 'open' }));
    const count = async () => Number((await db().selectFrom('actions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const actionsBefore = await count();
    await assert.rejects(
      t.services.complianceReport.planFix(actor('stranger'), id, { title: 'Do it', owner: 'stranger@example.gov.uk', dueOn: '2027-01-31' }),
      (e: AppError) => e.code === 'forbidden' && e.message === 'Only the person accountable for this finding, or the security team for its unit, may plan a fix for it.',
    );
    // An auditor reads everything but answers nothing.
    await assert.rejects(t.services.complianceReport.planFix(actor('board', [{ role: 'auditor', unit: 'DEPT' }]), id, { title: 'Do it', owner: 'board@example.gov.uk', dueOn: '2027-01-31' }), (e: AppError) => e.code === 'forbidden');
    assert.equal(await count(), actionsBefore, 'nothing was written');
    await t.services.complianceReport.planFix(team, id, { title: 'Appoint an IAO', owner: 'siro@example.gov.uk', dueOn: '2026-11-28' });
    assert.equal(await count(), actionsBefore + 1, 'due today is not in the past');
  });

  test('bad input lists every problem at once', async () => {
    const { id } = await findingOf(records.service!);
    await assert.rejects(t.services.complianceReport.planFix(actor('pat'), id, { title: ' ', owner: 'ghost@example.gov.uk', dueOn: '2027-02-30' }), (e: AppError) => {
      assert.equal(e.code, 'validation_failed');
      assert.deepEqual(e.problems.map((p) => p.field), ['title', 'owner', 'dueOn']);
      assert.match(e.problems[1]!.message, /ghost@example.gov.uk/);
      return true;
    });
    await assert.rejects(t.services.complianceReport.planFix(actor('pat'), id, { title: 'Fix', owner: '', dueOn: '2026-11-27' }), (e: AppError) => {
      assert.deepEqual(e.problems.map((p) => p.message), ['Enter the action owner’s email or staff number', 'The due date cannot be in the past']);
      return true;
    });
  });
});

describe('the CSV export', () => {
  test('escapes cells a spreadsheet would run, and records who took it, with the filters and the count', async () => {
    const { filter, view } = await t.services.complianceReport.filterOf({ unit: 'TEAM' }, { status: 'open' });
    const csv = await t.services.complianceReport.exportCsv(actor('reader', [{ role: 'security_team', unit: 'AGENCY' }]), filter, view, { unit: 'TEAM' }, 'req-csv');
    const lines = csv.trim().split(/\r\n/);
    assert.match(lines[0]!, /^finding,status,unit,unit code,accountable person/);
    const service = lines.find((l) => l.includes('SVC-R1 Case =HYPERLINK'));
    assert.ok(service, 'the service’s line');
    assert.ok(service.includes(`,'=Sam Siro (The Department),`), `the SIRO above, escaped: ${service}`);
    assert.ok(!/,=/.test(service), 'no cell starts with =');
    const event = await db().selectFrom('audit_events').selectAll().where('action', '=', 'compliance.report-exported').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual(event.metadata, { format: 'csv', filters: { unit: 'TEAM' }, count: lines.length - 1 });
    assert.equal(event.actor_id, people.reader);
  });
});
