// Table-driven tests of the training rules on a real database: each case makes its own person (in a
// unit of their own where an exception is involved: an exception for a unit covers everyone in it),
// then the rule runs once over all of them. One catalogue for the file: ANNUAL (everyone, 12 months),
// IAO (Information Asset Owners, 24 months), ADMIN (administrators, 12 months). TODAY is 2026-06-15.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import type { Database } from '../../database.ts';
import { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { DatabaseHandle } from '../../platform/db/database.ts';
import { appoint, evaluateRule, exceptionFor, NOW, ruleFixture, type FoundFinding, type RuleFixture } from '../../../test/support/compliance.ts';
import { createTestDatabase } from '../../../test/support/database.ts';
import { ComplianceEngine } from '../evaluate.ts';
import type { ComplianceRule } from '../rule.ts';
import { trainingMandatory } from './training-mandatory.ts';
import { trainingRoleSpecific } from './training-role-specific.ts';

interface Subject {
  readonly id: string;
  readonly detail: string;
}
interface Case {
  readonly name: string;
  readonly build: (f: RuleFixture) => Promise<Subject>;
  readonly expected: 'passes' | 'open' | 'covered';
  readonly reason?: RegExp;
}

let handle: DatabaseHandle<Database>;
let f: RuleFixture;
let serial = 0;
const course: Record<'ANNUAL' | 'IAO' | 'ADMIN', string> = { ANNUAL: '', IAO: '', ADMIN: '' };

async function unitOfItsOwn(parentId: string = f.units.TEAM): Promise<string> {
  serial += 1;
  return (await f.db.insertInto('organisation_units').values({ code: `PT${serial}`, name: `Training unit ${serial}`, unit_type: 'team', parent_id: parentId }).returning('id').executeTakeFirstOrThrow()).id;
}

async function person(input: { unitId?: string | null; status?: 'active' | 'left'; type?: 'staff' | 'contractor' | 'third_party' } = {}): Promise<string> {
  serial += 1;
  const values = { display_name: `Trainee ${serial}`, email: `trainee.${serial}@example.gov.uk`, unit_id: input.unitId === undefined ? f.units.TEAM : input.unitId, person_type: input.type ?? 'staff', status: input.status ?? 'active' };
  return (await f.db.insertInto('people').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

async function completed(personId: string, courseId: string, ...dates: string[]): Promise<void> {
  for (const completedOn of dates) await f.db.insertInto('training_completions').values({ person_id: personId, course_id: courseId, completed_on: completedOn, recorded_by: 'test' }).execute();
}

async function grant(personId: string, role: 'administrator' | 'auditor'): Promise<void> {
  await f.db.insertInto('role_grants').values({ person_id: personId, role, unit_id: f.units.DEPT }).execute();
}

const iaoOf = (personId: string, dates: { startsOn?: string; endsOn?: string | null } = {}) => appoint(f.db, { role: 'information-asset-owner', personId, record: { type: 'information-asset', id: crypto.randomUUID() }, ...dates });

/** A person who must do `code` and has not, under an exception for their own unit. */
async function excepted(code: 'ANNUAL' | 'ADMIN', requirementKey: string, expiresOn: string, scope: 'own' | 'parent' = 'own'): Promise<Subject> {
  // Units of their own: an exception for a unit covers everyone in it, so it must not reach other cases.
  const parentId = await unitOfItsOwn();
  const unitId = await unitOfItsOwn(parentId);
  const id = await person({ unitId });
  if (code === 'ADMIN') await grant(id, 'administrator');
  await exceptionFor(f, { requirementKey, scopeType: 'unit', scopeId: scope === 'own' ? unitId : parentId, expiresOn });
  return { id, detail: code };
}

const annual = async (...dates: string[]): Promise<Subject> => {
  const id = await person();
  await completed(id, course.ANNUAL, ...dates);
  return { id, detail: 'ANNUAL' };
};

const tables: Array<{ rule: ComplianceRule; cases: Case[] }> = [
  {
    rule: trainingMandatory,
    cases: [
      { name: 'a completion in January passes', build: () => annual('2026-01-10'), expected: 'passes' },
      { name: 'a completion due soon (expires within 30 days) still passes', build: () => annual('2025-07-01'), expected: 'passes' },
      { name: 'a completion expiring tomorrow passes', build: () => annual('2025-06-16'), expected: 'passes' },
      { name: 'a completion expiring today (exactly 12 months ago) fails', build: () => annual('2025-06-15'), expected: 'open', reason: /^ANNUAL \(Annual security\) was last completed on 2025-06-15 and expired on 2026-06-15/ },
      { name: 'the latest of several completions counts', build: () => annual('2023-03-01', '2026-02-01', '2024-05-05'), expected: 'passes' },
      { name: 'a completion dated after today does not count (status.ts ignores it)', build: () => annual('2026-07-01'), expected: 'open', reason: /^Has never completed ANNUAL/ },
      { name: 'a person who has never done it fails, saying so', build: () => annual(), expected: 'open', reason: /^Has never completed ANNUAL \(Annual security\), which everyone must complete every 12 months$/ },
      { name: 'a contractor must do it too', build: async () => ({ id: await person({ type: 'contractor' }), detail: 'ANNUAL' }), expected: 'open' },
      { name: 'a person who has left is not checked', build: async () => ({ id: await person({ status: 'left' }), detail: 'ANNUAL' }), expected: 'passes' },
      {
        name: 'a person with no unit is checked, scoped to the top of the tree (an exception there covers them)',
        build: async (fx) => {
          const id = await person({ unitId: null });
          await exceptionFor(fx, { requirementKey: 'SISP-010', scopeType: 'unit', scopeId: fx.units.DEPT, expiresOn: '2026-12-31' });
          return { id, detail: 'ANNUAL' };
        },
        expected: 'covered',
      },
      { name: 'never done, under an exception in force for SISP-010 and the person’s unit, is covered', build: () => excepted('ANNUAL', 'SISP-010', '2026-12-31'), expected: 'covered' },
      { name: 'an exception that expired yesterday covers nothing', build: () => excepted('ANNUAL', 'SISP-010', '2026-06-14'), expected: 'open' },
      { name: 'an exception for the parent unit, not the person’s, covers nothing', build: () => excepted('ANNUAL', 'SISP-010', '2026-12-31', 'parent'), expected: 'open' },
      { name: 'an exception for role-specific training (SISP-011) covers nothing', build: () => excepted('ANNUAL', 'SISP-011', '2026-12-31'), expected: 'open' },
    ],
  },
  {
    rule: trainingRoleSpecific,
    cases: [
      {
        name: 'a current IAO with the IAO course done passes',
        build: async () => {
          const id = await person();
          await iaoOf(id);
          await completed(id, course.IAO, '2025-01-10');
          return { id, detail: 'IAO' };
        },
        expected: 'passes',
      },
      {
        name: 'a current IAO who has never done the course fails, naming the role',
        build: async () => {
          const id = await person();
          await iaoOf(id);
          return { id, detail: 'IAO' };
        },
        expected: 'open',
        reason: /^Holds the role Information Asset Owner but has never completed its course IAO \(Information Asset Owner training\)$/,
      },
      { name: 'an IAO appointment that ended yesterday no longer requires the course', build: async () => { const id = await person(); await iaoOf(id, { endsOn: '2026-06-14' }); return { id, detail: 'IAO' }; }, expected: 'passes' },
      { name: 'an IAO appointment ending today still requires it', build: async () => { const id = await person(); await iaoOf(id, { endsOn: '2026-06-15' }); return { id, detail: 'IAO' }; }, expected: 'open' },
      { name: 'an IAO appointment starting tomorrow does not yet require it', build: async () => { const id = await person(); await iaoOf(id, { startsOn: '2026-06-16' }); return { id, detail: 'IAO' }; }, expected: 'passes' },
      {
        name: 'a deputy is not a holder',
        build: async () => {
          const id = await person();
          await f.db.insertInto('appointments').values({ role_code: 'information-asset-owner', person_id: f.siro, deputy_person_id: id, record_type: 'information-asset', record_id: crypto.randomUUID(), starts_on: '2020-01-01' }).execute();
          return { id, detail: 'IAO' };
        },
        expected: 'passes',
      },
      { name: 'an IAO who has left is not checked', build: async () => { const id = await person({ status: 'left' }); await iaoOf(id); return { id, detail: 'IAO' }; }, expected: 'passes' },
      {
        name: 'an administrator whose course expires today fails',
        build: async () => {
          const id = await person();
          await grant(id, 'administrator');
          await completed(id, course.ADMIN, '2025-06-15');
          return { id, detail: 'ADMIN' };
        },
        expected: 'open',
        reason: /^Holds the role administrator: its course ADMIN \(Privileged access\) was last completed on 2025-06-15 and expired on 2026-06-15/,
      },
      {
        name: 'an administrator whose course expires tomorrow passes',
        build: async () => {
          const id = await person();
          await grant(id, 'administrator');
          await completed(id, course.ADMIN, '2025-06-16');
          return { id, detail: 'ADMIN' };
        },
        expected: 'passes',
      },
      {
        name: 'an IAO who is also an administrator owes the ADMIN course even with IAO done',
        build: async () => {
          const id = await person();
          await iaoOf(id);
          await grant(id, 'administrator');
          await completed(id, course.IAO, '2026-01-01');
          return { id, detail: 'ADMIN' };
        },
        expected: 'open',
      },
      { name: 'an auditor (no course for the role) owes nothing', build: async () => { const id = await person(); await grant(id, 'auditor'); return { id, detail: 'ADMIN' }; }, expected: 'passes' },
      { name: 'an administrator without the course, under an exception for SISP-011 and their unit, is covered', build: () => excepted('ADMIN', 'SISP-011', '2026-09-30'), expected: 'covered' },
      { name: 'an expired exception covers nothing', build: () => excepted('ADMIN', 'SISP-011', '2026-01-31'), expected: 'open' },
      { name: 'an exception for SISP-010 covers nothing', build: () => excepted('ADMIN', 'SISP-010', '2026-12-31'), expected: 'open' },
    ],
  },
];

before(async () => {
  handle = await createTestDatabase();
  f = await ruleFixture(handle.db);
  const add = async (code: string, title: string, audience: 'everyone' | 'appointment' | 'access-role', roleCode: string | null, months: number) =>
    (await f.db.insertInto('training_courses').values({ code, title, audience, role_code: roleCode, validity_months: months }).returning('id').executeTakeFirstOrThrow()).id;
  course.ANNUAL = await add('ANNUAL', 'Annual security', 'everyone', null, 12);
  course.IAO = await add('IAO', 'Information Asset Owner training', 'appointment', 'information-asset-owner', 24);
  course.ADMIN = await add('ADMIN', 'Privileged access', 'access-role', 'administrator', 12);
});
after(async () => handle.close());

for (const { rule, cases } of tables) {
  describe(`compliance rule ${rule.id}`, () => {
    const built = new Map<string, Subject>();
    let findings: FoundFinding[] = [];
    before(async () => {
      for (const c of cases) built.set(c.name, await c.build(f));
      findings = await evaluateRule(f.db, rule);
    });
    for (const c of cases) {
      test(c.name, () => {
        const subject = built.get(c.name)!;
        const finding = findings.find((x) => x.recordId === subject.id && x.detailKey === subject.detail);
        if (c.expected === 'passes') return assert.equal(finding, undefined, `expected no finding, got ${JSON.stringify(finding)}`);
        assert.ok(finding, 'expected a finding');
        assert.equal(finding.status, c.expected);
        assert.equal(finding.exceptionId !== null, c.expected === 'covered');
        assert.equal(finding.accountablePersonId, subject.id, 'the person themself is accountable');
        if (c.reason) assert.match(finding.reason, c.reason);
      });
    }
  });
}

describe('training rules, scoped to the changes that reach them', () => {
  const engineFor = (rule: ComplianceRule) => new ComplianceEngine(f.db, fixedClock(NOW), new AuditTrail(f.db, fixedClock(NOW)), [rule]);
  const statusOf = async (rule: ComplianceRule, id: string, detail: string) =>
    (await f.db.selectFrom('compliance_findings').select('status').where('rule_id', '=', rule.id).where('record_id', '=', id).where('detail_key', '=', detail).executeTakeFirst())?.status ?? 'none';

  test('training.mandatory: a completion recorded for one person re-checks only that person', async () => {
    const [changed, untouched] = [await person(), await person()];
    const engine = engineFor(trainingMandatory);
    await engine.evaluate(systemActor('test'), 'test');
    await completed(changed, course.ANNUAL, '2026-06-01');
    await completed(untouched, course.ANNUAL, '2026-06-01');
    const run = await engine.reevaluate({ byType: new Map([['person', new Set([changed])]]) });
    assert.equal(run?.kind, 'scoped');
    assert.equal(await statusOf(trainingMandatory, changed, 'ANNUAL'), 'resolved');
    assert.equal(await statusOf(trainingMandatory, untouched, 'ANNUAL'), 'open', 'a person the change did not name is not re-checked');
  });

  test('training.role-specific: an appointment ended re-checks only its holder', async () => {
    const [changed, untouched] = [await person(), await person()];
    const [appointment, other] = [await iaoOf(changed), await iaoOf(untouched)];
    const engine = engineFor(trainingRoleSpecific);
    await engine.evaluate(systemActor('test'), 'test');
    assert.equal(await statusOf(trainingRoleSpecific, changed, 'IAO'), 'open');
    await f.db.updateTable('appointments').set({ ends_on: '2026-06-10' }).where('id', 'in', [appointment, other]).execute();
    await engine.reevaluate({ byType: new Map([['appointment', new Set([appointment])]]) });
    assert.equal(await statusOf(trainingRoleSpecific, changed, 'IAO'), 'resolved');
    assert.equal(await statusOf(trainingRoleSpecific, untouched, 'IAO'), 'open');
  });
});
