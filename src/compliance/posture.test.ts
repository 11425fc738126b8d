// Posture on a real database from a small built dataset: the department, an agency and a team under
// it; four assets (one passing, one failing, one covered by an exception in force, one in the agency
// failing) and a service that passes. The rules run on two fixed-clock days (twice on the first); on
// the second the agency's asset gets its IAO. Posture now, per unit, as at each day and before the
// first run, by requirement, register and framework, and the trend of one point a day.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../access/actor.ts';
import type { Database } from '../database.ts';
import { AuditTrail } from '../platform/audit/audit-trail.ts';
import { fixedClock } from '../platform/clock.ts';
import type { DatabaseHandle } from '../platform/db/database.ts';
import { isAppError } from '../platform/http/errors.ts';
import { FrameworkService } from '../registers/frameworks/service.ts';
import { createTestDatabase } from '../../test/support/database.ts';
import { personActor } from '../../test/support/actors.ts';
import { appoint, exceptionFor, ruleFixture, type RuleFixture } from '../../test/support/compliance.ts';
import { ComplianceEngine } from './evaluate.ts';
import { PostureService, type Posture } from './posture.ts';
import { assetsIaoCurrent } from './rules/assets-iao-current.ts';
import { servicesOwners } from './rules/services-owners.ts';

const RULES = [assetsIaoCurrent, servicesOwners];
const DAY_ONE = '2026-06-10';
const DAY_TWO = '2026-06-12';

let handle: DatabaseHandle<Database>;
let f: RuleFixture;
const clock = fixedClock(`${DAY_ONE}T09:00:00Z`);
let posture: PostureService;
let runOneLater = '';
let runTwo = '';
let agencyAsset = '';
let serial = 0;
const system = systemActor('test');

async function asset(unitId: string, iao: boolean): Promise<string> {
  serial += 1;
  const row = await f.db.insertInto('information_assets').values({ reference: `IA-P${serial}`, name: `Asset ${serial}`, unit_id: unitId, classification_tier: 'OFFICIAL' }).returning('id').executeTakeFirstOrThrow();
  if (iao) await appoint(f.db, { role: 'information-asset-owner', personId: f.person, record: { type: 'information-asset', id: row.id } });
  return row.id;
}

async function evaluateAt(at: string): Promise<string> {
  clock.set(at);
  const engine = new ComplianceEngine(f.db, clock, new AuditTrail(f.db, clock), RULES);
  return (await engine.evaluate(system, 'test')).runId;
}

const rule = (p: Posture, id: string) => p.byRule.find((r) => r.rule.id === id) ?? assert.fail(`no result for ${id}`);

before(async () => {
  handle = await createTestDatabase();
  f = await ruleFixture(handle.db);
  posture = new PostureService(f.db, clock, RULES);
  await asset(f.units.TEAM, true);
  await asset(f.units.TEAM, false);
  const covered = await asset(f.units.TEAM, false);
  await exceptionFor(f, { requirementKey: 'SISP-004', scopeType: 'asset', scopeId: covered, expiresOn: '2026-12-31' });
  agencyAsset = await asset(f.units.AGENCY, false);
  const service = await f.db.insertInto('technology_services').values({ reference: 'SVC-P1', name: 'Case system', unit_id: f.units.TEAM, purpose: '', hosting: 'saas', criticality: 'medium' }).returning('id').executeTakeFirstOrThrow();
  await appoint(f.db, { role: 'technology-service-owner', personId: f.person, record: { type: 'technology-service', id: service.id } });
  await appoint(f.db, { role: 'senior-responsible-officer', personId: f.person, record: { type: 'technology-service', id: service.id } });

  await evaluateAt(`${DAY_ONE}T09:00:00Z`);
  runOneLater = await evaluateAt(`${DAY_ONE}T15:00:00Z`);
  await appoint(f.db, { role: 'information-asset-owner', personId: f.person, record: { type: 'information-asset', id: agencyAsset } });
  runTwo = await evaluateAt(`${DAY_TWO}T09:00:00Z`);
  clock.set('2026-06-15T09:00:00Z');
});
after(async () => handle.close());

describe('posture', () => {
  test('now: read from the last full run; a check is met when it passes or is covered', async () => {
    const now = await posture.posture(system);
    assert.equal(now.run?.id, runTwo);
    assert.deepEqual(now.overall, { checked: 5, unmet: 1, covered: 1, met: 4, percent: 80 });
    assert.deepEqual({ ...rule(now, 'assets.iao-current'), rule: undefined }, { rule: undefined, checked: 4, unmet: 1, covered: 1, met: 3, percent: 75 });
    assert.equal(rule(now, 'services.owners').percent, 100);
    assert.deepEqual(now.findings, { open: 1, covered: 1, bySeverity: [{ severity: 'high', open: 1, covered: 1 }, { severity: 'medium', open: 0, covered: 0 }, { severity: 'low', open: 0, covered: 0 }] });
    assert.equal(now.findingsAsAt, null, 'today’s findings are the report’s to list');
  });

  test('by requirement and by register, with the requirement’s text', async () => {
    const now = await posture.posture(system);
    const requirements = now.byRequirement.map((g) => [g.key, g.text, g.checked, g.unmet, g.covered, g.percent]);
    assert.deepEqual(requirements, [
      ['SISP-004', 'Requirement SISP-004', 4, 1, 1, 75],
      ['SISP-005', '', 1, 0, 0, 100],
    ]);
    assert.deepEqual(
      now.byRegister.map((g) => [g.key, g.text, g.checked, g.unmet]),
      [
        ['information-assets', 'Information assets', 4, 1],
        ['technology-services', 'Technology services', 1, 0],
      ],
    );
  });

  test('a unit’s posture counts it and the units below it only', async () => {
    const team = await posture.posture(system, { unit: 'team' });
    assert.equal(team.unit?.code, 'TEAM');
    assert.deepEqual(team.overall, { checked: 4, unmet: 1, covered: 1, met: 3, percent: 75 });
    const agency = await posture.posture(system, { unit: 'AGENCY' });
    assert.deepEqual(agency.overall, { checked: 5, unmet: 1, covered: 1, met: 4, percent: 80 });
    assert.equal(agency.findings.open, 1);
  });

  test('someone who may read compliance only in the team sees only the team, and may not choose the agency', async () => {
    const teamReader = personActor(f.person, ['auditor'], f.units.TEAM, [f.units.TEAM]);
    const reader = { ...teamReader, grants: teamReader.grants.map((g) => ({ ...g, atRoot: false })) };
    const seen = await posture.posture(reader);
    assert.deepEqual(seen.units, [f.units.TEAM]);
    assert.equal(seen.overall.checked, 4);
    await assert.rejects(posture.posture(reader, { unit: 'AGENCY' }), (e) => isAppError(e) && e.code === 'validation_failed' && /no unit AGENCY you may see/.test(e.problems[0]?.message ?? ''));
  });

  test('as at the first day: the last full run of that day, and the findings as they stood then', async () => {
    for (const day of [DAY_ONE, '2026-06-11']) {
      const then = await posture.posture(system, { asAt: day });
      assert.equal(then.run?.id, runOneLater, `${day} reads the later run of the first day`);
      assert.deepEqual(then.overall, { checked: 5, unmet: 2, covered: 1, met: 3, percent: 60 });
      assert.deepEqual([then.findings.open, then.findings.covered], [2, 1]);
      assert.equal(then.findingsAsAt?.length, 3);
      assert.ok(then.findingsAsAt?.some((x) => x.label.startsWith('IA-P4') && x.status === 'open' && x.unitName === 'The Agency'), 'the agency’s asset was open then');
    }
    const second = await posture.posture(system, { asAt: DAY_TWO });
    assert.equal(second.run?.id, runTwo);
    assert.deepEqual([second.findings.open, second.findings.covered], [1, 1]);
    assert.ok(!second.findingsAsAt?.some((x) => x.label.startsWith('IA-P4')), 'resolved on the second day');
  });

  test('a date before the first run has no posture and says which run was first; a bad or future date is refused', async () => {
    const early = await posture.posture(system, { asAt: '2026-06-09' });
    assert.equal(early.run, null);
    assert.equal(early.overall.checked, 0);
    assert.equal(early.overall.percent, null);
    assert.ok(early.firstRun && early.firstRun.startedAt.toISOString().startsWith(DAY_ONE));
    for (const [asAt, message] of [
      ['2026-02-30', /YYYY-MM-DD/],
      ['yesterday', /YYYY-MM-DD/],
      ['2026-06-16', /today or in the past/],
    ] as const) {
      await assert.rejects(posture.posture(system, { asAt }), (e) => isAppError(e) && e.code === 'validation_failed' && e.problems[0]?.field === 'asAt' && message.test(e.problems[0].message), asAt);
    }
  });

  test('the trend has one point a day, the day’s last full run', async () => {
    const trend = await posture.trend(system);
    assert.deepEqual(
      trend.map((t) => [t.day, t.percent, t.unmet, t.covered]),
      [
        [DAY_ONE, 60, 2, 1],
        [DAY_TWO, 80, 1, 1],
      ],
    );
    assert.deepEqual((await posture.trend(system, 'TEAM')).map((t) => t.percent), [75, 75], 'the agency’s asset is not the team’s');
  });

  test('by framework: each outcome a rule evidences, with its rules’ results, beside the frameworks register', async () => {
    const now = await posture.posture(system);
    const frameworks = await posture.byFramework(system, now, new FrameworkService(f.db, clock, new AuditTrail(f.db, clock)));
    const caf = frameworks.find((x) => x.code === 'ncsc-caf') ?? assert.fail('the CAF is named by the rules');
    assert.deepEqual(
      caf.outcomes.map((o) => [o.key, o.rules.map((r) => r.rule.id), o.checked, o.unmet, o.percent]),
      [
        ['A1.b', ['services.owners'], 1, 0, 100],
        ['A3.a', ['assets.iao-current'], 4, 1, 75],
      ],
    );
    assert.equal(caf.percent, 80);
  });
});
