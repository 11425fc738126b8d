// The scoped form of each governance rule: evaluate fully, change two subjects' records, tell the engine
// about one of them (as the watcher would from the audit trail), and only that subject's finding moves.
// Each goes through the rule's affectedBy for the record type the register's audit event names.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ComplianceEngine } from '../evaluate.ts';
import type { DatabaseHandle } from '../../platform/db/database.ts';
import type { Database } from '../../database.ts';
import { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { fixedClock } from '../../platform/clock.ts';
import { createTestDatabase } from '../../../test/support/database.ts';
import { appoint, evaluateRule, exceptionFor, NOW, ruleFixture, type RuleFixture } from '../../../test/support/compliance.ts';
import type { ComplianceRule } from '../rule.ts';
import { documentsReviewedAndOwned } from './documents-reviewed-and-owned.ts';
import { exceptionsInDate } from './exceptions-in-date.ts';
import { risksAboveAppetiteDecided } from './risks-above-appetite-decided.ts';
import { risksAcceptanceInDate } from './risks-acceptance-in-date.ts';
import { unitsSecurityBoardMember } from './units-security-board-member.ts';

let handle: DatabaseHandle<Database>;
let f: RuleFixture;
let serial = 0;

before(async () => {
  handle = await createTestDatabase();
  f = await ruleFixture(handle.db);
});
after(async () => handle.close());

async function unit(input: { appetite?: string; ownAo?: boolean } = {}): Promise<string> {
  serial += 1;
  const row = await f.db.insertInto('organisation_units').values({ code: `GOVS${serial}`, name: `Scoped unit ${serial}`, unit_type: 'team', parent_id: f.units.DEPT, has_own_accounting_officer: input.ownAo ?? false }).returning('id').executeTakeFirstOrThrow();
  if (input.appetite) await f.db.insertInto('risk_appetites').values({ unit_id: row.id, max_band_code: input.appetite }).execute();
  return row.id;
}

async function highRisk(): Promise<string> {
  serial += 1;
  const row = await f.db
    .insertInto('risks')
    .values({ reference: `R-S${serial}`, title: `Risk ${serial}`, unit_id: await unit({ appetite: 'low' }), owner_person_id: f.person, inherent_likelihood: 4, inherent_impact: 4, residual_likelihood: 3, residual_impact: 4, treatment: 'reduce', status: 'open', review_on: '2026-12-31' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function acceptance(riskId: string, status: 'in-force' | 'expired', expiresOn: string): Promise<void> {
  const decision = await f.db.insertInto('decisions').values({ kind: 'risk-acceptance', record_type: 'risk', record_id: riskId, decided_by_person_id: f.siro, decided_by_label: 'Sam Siro', outcome: 'accepted', snapshot: JSON.stringify({}) }).returning('id').executeTakeFirstOrThrow();
  await f.db.insertInto('risk_acceptances').values({ risk_id: riskId, decision_id: decision.id, outcome: 'accepted', band_code: 'high', role_code: 'siro', unit_id: f.units.DEPT, decided_by_person_id: f.siro, justification: 'Tested', expires_on: expiresOn, status }).execute();
}

async function reevaluate(rule: ComplianceRule, type: string, ids: readonly string[]): Promise<void> {
  const engine = new ComplianceEngine(f.db, fixedClock(NOW), new AuditTrail(f.db, fixedClock(NOW)), [rule]);
  const run = await engine.reevaluate({ byType: new Map([[type, new Set(ids)]]) });
  assert.equal(run?.kind, 'scoped');
}

/** The finding's status, resolved included; undefined when the record never failed. */
async function statusOf(rule: ComplianceRule, recordId: string): Promise<string | undefined> {
  const row = await f.db.selectFrom('compliance_findings').select('status').where('rule_id', '=', rule.id).where('record_id', '=', recordId).executeTakeFirst();
  return row?.status;
}

describe('governance rules re-checked after a change reach only the changed subject', () => {
  test('risks.above-appetite-decided: a treatment action raised on one risk resolves that risk alone', async () => {
    const [a, b] = [await highRisk(), await highRisk()];
    await evaluateRule(f.db, risksAboveAppetiteDecided);
    assert.deepEqual([await statusOf(risksAboveAppetiteDecided, a), await statusOf(risksAboveAppetiteDecided, b)], ['open', 'open']);
    const actionIds: string[] = [];
    for (const riskId of [a, b]) {
      serial += 1;
      const row = await f.db.insertInto('actions').values({ reference: `ACT-S${serial}`, title: 'Segment', owner_person_id: f.person, unit_id: f.units.TEAM, due_on: '2026-09-30', source_type: 'risk', source_id: riskId, created_by: 'test' }).returning('id').executeTakeFirstOrThrow();
      actionIds.push(row.id);
    }
    await reevaluate(risksAboveAppetiteDecided, 'action', [actionIds[0]!]);
    assert.deepEqual([await statusOf(risksAboveAppetiteDecided, a), await statusOf(risksAboveAppetiteDecided, b)], ['resolved', 'open']);
  });

  test('risks.acceptance-in-date: a new acceptance of one risk resolves that risk alone', async () => {
    const [a, b] = [await highRisk(), await highRisk()];
    for (const riskId of [a, b]) await acceptance(riskId, 'expired', '2026-06-01');
    await evaluateRule(f.db, risksAcceptanceInDate);
    assert.deepEqual([await statusOf(risksAcceptanceInDate, a), await statusOf(risksAcceptanceInDate, b)], ['open', 'open']);
    for (const riskId of [a, b]) await acceptance(riskId, 'in-force', '2026-11-30');
    await reevaluate(risksAcceptanceInDate, 'risk', [a]);
    assert.deepEqual([await statusOf(risksAcceptanceInDate, a), await statusOf(risksAcceptanceInDate, b)], ['resolved', 'open']);
  });

  test('exceptions.in-date: revoking one backing risk’s acceptance opens a finding for its exception alone', async () => {
    const exceptions: string[] = [];
    for (let i = 0; i < 2; i++) exceptions.push(await exceptionFor(f, { requirementKey: 'SISP-006', scopeType: 'unit', scopeId: await unit(), expiresOn: '2026-12-31' }));
    await evaluateRule(f.db, exceptionsInDate);
    assert.deepEqual([await statusOf(exceptionsInDate, exceptions[0]!), await statusOf(exceptionsInDate, exceptions[1]!)], [undefined, undefined]);
    const risks = await f.db.selectFrom('requirement_exceptions').select(['id', 'risk_id']).where('id', 'in', exceptions).execute();
    await f.db.updateTable('risk_acceptances').set({ status: 'revoked' }).where('risk_id', 'in', risks.map((r) => r.risk_id)).execute();
    await reevaluate(exceptionsInDate, 'risk', [risks.find((r) => r.id === exceptions[0])!.risk_id]);
    assert.deepEqual([await statusOf(exceptionsInDate, exceptions[0]!), await statusOf(exceptionsInDate, exceptions[1]!)], ['open', undefined]);
  });

  test('documents.reviewed-and-owned: one owner leaving opens a finding for their document alone', async () => {
    const owners = [await f.person2('First Owner'), await f.person2('Second Owner')];
    const documents: string[] = [];
    for (const owner of owners) {
      serial += 1;
      const row = await f.db.insertInto('documents').values({ tier: 3, title: `Standard ${serial}`, unit_id: await unit(), owner_person_id: owner, status: 'published', key_prefix: `GS${serial}`, next_review_on: '2027-01-31' }).returning('id').executeTakeFirstOrThrow();
      documents.push(row.id);
    }
    await evaluateRule(f.db, documentsReviewedAndOwned);
    await f.db.updateTable('people').set({ status: 'left' }).where('id', 'in', owners).execute();
    await reevaluate(documentsReviewedAndOwned, 'person', [owners[0]!]);
    assert.deepEqual([await statusOf(documentsReviewedAndOwned, documents[0]!), await statusOf(documentsReviewedAndOwned, documents[1]!)], ['open', undefined]);
  });

  test('units.security-board-member: one board member’s appointment ending opens a finding for that unit alone', async () => {
    const units = [await unit({ ownAo: true }), await unit({ ownAo: true })];
    const appointments: string[] = [];
    for (const unitId of units) appointments.push(await appoint(f.db, { role: 'security-board-member', personId: f.person, unitId }));
    await evaluateRule(f.db, unitsSecurityBoardMember);
    await f.db.updateTable('appointments').set({ ends_on: '2026-06-14' }).where('id', 'in', appointments).execute();
    await reevaluate(unitsSecurityBoardMember, 'appointment', [appointments[0]!]);
    assert.deepEqual([await statusOf(unitsSecurityBoardMember, units[0]!), await statusOf(unitsSecurityBoardMember, units[1]!)], ['open', undefined]);
  });
});
