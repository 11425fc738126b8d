// Table-driven tests of compliance rules on a real database: a small organisation, records made by
// plain inserts (the rules read tables, so the tests write them), an exception backed by an accepted
// risk, and one call that runs a rule and returns its findings.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { systemActor } from '../../src/access/actor.ts';
import { ComplianceEngine } from '../../src/compliance/evaluate.ts';
import type { FindingScopeType, FindingStatus } from '../../src/compliance/entity.ts';
import type { ComplianceRule } from '../../src/compliance/rule.ts';
import type { Db } from '../../src/database.ts';
import { AuditTrail } from '../../src/platform/audit/audit-trail.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { createUnitTree, type UnitTree } from './organisation.ts';

export const TODAY = '2026-06-15';
export const NOW = new Date(`${TODAY}T09:00:00Z`);

export interface RuleFixture {
  readonly db: Db;
  readonly units: UnitTree;
  /** A person in the team, with a SIRO appointment at the department so every unit has one. */
  readonly person: string;
  readonly siro: string;
  person2(name: string): Promise<string>;
}

let serial = 0;

export async function ruleFixture(db: Db): Promise<RuleFixture> {
  const units = await createUnitTree(db);
  const newPerson = async (name: string, unitId: string = units.TEAM) => {
    serial += 1;
    const row = await db
      .insertInto('people')
      .values({ display_name: name, email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${serial}@example.gov.uk`, unit_id: unitId, person_type: 'staff', status: 'active' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const person = await newPerson('Pat Owner');
  const siro = await newPerson('Sam Siro', units.DEPT);
  await appoint(db, { role: 'siro', personId: siro, unitId: units.DEPT });
  return { db, units, person, siro, person2: (name) => newPerson(name) };
}

export async function appoint(db: Db, input: { role: string; personId: string | null; unitId?: string; record?: { type: string; id: string }; startsOn?: string; endsOn?: string | null }): Promise<string> {
  const row = await db
    .insertInto('appointments')
    .values({
      role_code: input.role,
      person_id: input.personId,
      unit_id: input.unitId ?? null,
      record_type: input.record?.type ?? null,
      record_id: input.record?.id ?? null,
      starts_on: input.startsOn ?? '2020-01-01',
      ends_on: input.endsOn ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The requirement a rule cites, made when the example's policy is not loaded. */
export async function ensureRequirement(db: Db, key: string): Promise<string> {
  const existing = await db.selectFrom('requirements').select('id').where('key', '=', key).where('framework_id', 'is', null).executeTakeFirst();
  if (existing) return existing.id;
  const row = await db.insertInto('requirements').values({ key, source_type: 'policy-statement', text: `Requirement ${key}` }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/**
 * An exception to `requirementKey` for exactly this scope, backed by a risk accepted until
 * `acceptanceExpiresOn`; the exception itself ends on `expiresOn`. Both in the past make it expired.
 */
export async function exceptionFor(f: RuleFixture, input: { requirementKey: string; scopeType: FindingScopeType; scopeId: string; expiresOn: string; acceptanceExpiresOn?: string; status?: 'in-force' | 'expired' }): Promise<string> {
  const { db } = f;
  const requirementId = await ensureRequirement(db, input.requirementKey);
  serial += 1;
  const risk = await db
    .insertInto('risks')
    .values({ reference: `R-T${serial}`, title: 'Backing risk', unit_id: f.units.TEAM, owner_person_id: f.person, inherent_likelihood: 3, inherent_impact: 3, residual_likelihood: 3, residual_impact: 3, treatment: 'accept', status: 'accepted', review_on: '2027-01-01' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const decision = await db
    .insertInto('decisions')
    .values({ kind: 'risk-acceptance', record_type: 'risk', record_id: risk.id, decided_by_person_id: f.siro, decided_by_label: 'Sam Siro', outcome: 'accepted', snapshot: JSON.stringify({}) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const acceptanceExpires = input.acceptanceExpiresOn ?? input.expiresOn;
  await db
    .insertInto('risk_acceptances')
    .values({ risk_id: risk.id, decision_id: decision.id, outcome: 'accepted', band_code: 'medium', role_code: 'siro', unit_id: f.units.DEPT, decided_by_person_id: f.siro, justification: 'Tested', expires_on: acceptanceExpires, status: acceptanceExpires < TODAY ? 'expired' : 'in-force' })
    .execute();
  const exception = await db
    .insertInto('requirement_exceptions')
    .values({ reference: `EX-T${serial}`, requirement_id: requirementId, scope_type: input.scopeType, scope_id: input.scopeId, risk_id: risk.id, justification: 'Tested', status: input.status ?? (input.expiresOn < TODAY ? 'expired' : 'in-force'), decision_id: decision.id, decided_by_person_id: f.siro, expires_on: input.expiresOn })
    .returning('id')
    .executeTakeFirstOrThrow();
  return exception.id;
}

export interface FoundFinding {
  readonly recordId: string;
  readonly detailKey: string;
  readonly status: FindingStatus;
  readonly reason: string;
  readonly accountablePersonId: string | null;
  readonly exceptionId: string | null;
}

/** Runs one rule (every subject) on TODAY and returns its findings that are not resolved. */
export async function evaluateRule(db: Db, rule: ComplianceRule, today = TODAY): Promise<FoundFinding[]> {
  const engine = new ComplianceEngine(db, fixedClock(new Date(`${today}T09:00:00Z`)), new AuditTrail(db, fixedClock(NOW)), [rule]);
  await engine.evaluate(systemActor('test'), 'test');
  const rows = await db.selectFrom('compliance_findings').selectAll().where('rule_id', '=', rule.id).where('status', '<>', 'resolved').orderBy('label').execute();
  return rows.map((r) => ({ recordId: r.record_id, detailKey: r.detail_key, status: r.status, reason: r.reason, accountablePersonId: r.accountable_person_id, exceptionId: r.exception_id }));
}

/** The finding for one record, or undefined when it passes. */
export async function findingFor(db: Db, rule: ComplianceRule, recordId: string, today = TODAY): Promise<FoundFinding | undefined> {
  return (await evaluateRule(db, rule, today)).find((f) => f.recordId === recordId);
}

export interface RuleTable<C> {
  readonly rule: ComplianceRule;
  readonly cases: readonly C[];
}

/**
 * The table-driven rule tests' one runner: each case builds its record, the rule runs once over all
 * of them, and each case's record is checked: no finding when it passes, else its status, coverage
 * and reason, plus whatever `alsoCheck` asserts (the accountable person, in most tables).
 */
export function describeRuleTables<C extends { readonly name: string; readonly expected: 'passes' | 'open' | 'covered'; readonly reason?: RegExp }>(
  tables: ReadonlyArray<RuleTable<C>>,
  db: () => Db,
  build: (c: C) => Promise<string>,
  alsoCheck?: (c: C, finding: FoundFinding, rule: ComplianceRule) => void,
): void {
  for (const { rule, cases } of tables) {
    describe(`compliance rule ${rule.id}`, () => {
      const built = new Map<string, string>();
      let findings: FoundFinding[] = [];
      before(async () => {
        for (const c of cases) built.set(c.name, await build(c));
        findings = await evaluateRule(db(), rule);
      });
      for (const c of cases) {
        test(c.name, () => {
          const finding = findings.find((x) => x.recordId === built.get(c.name));
          if (c.expected === 'passes') return assert.equal(finding, undefined, `expected no finding, got ${JSON.stringify(finding)}`);
          assert.ok(finding, 'expected a finding');
          assert.equal(finding.status, c.expected);
          assert.equal(finding.exceptionId !== null, c.expected === 'covered');
          if (c.reason) assert.match(finding.reason, c.reason);
          alsoCheck?.(c, finding, rule);
        });
      }
    });
  }
}
