// Table-driven, like owners.test.ts: each case builds its own records (a risk or an exception in a unit of
// its own, so an exception for one case's scope covers no other case), the rule runs once over all of
// them, and each case's record is checked: passing, failing with its reason, covered by an exception in
// force for SISP-008 and exactly its scope, not covered by an expired one. exceptionFor's backing risks
// sit in the fixture's team (no appetite, owner Pat) and are subjects too: no case asserts on them.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { DatabaseHandle } from '../../platform/db/database.ts';
import type { Database } from '../../database.ts';
import { createTestDatabase } from '../../../test/support/database.ts';
import { describeRuleTables, exceptionFor, ruleFixture, type RuleFixture } from '../../../test/support/compliance.ts';
import type { ComplianceRule } from '../rule.ts';
import { exceptionsInDate } from './exceptions-in-date.ts';
import { risksAboveAppetiteDecided } from './risks-above-appetite-decided.ts';
import { risksAcceptanceInDate } from './risks-acceptance-in-date.ts';

type Expected = 'passes' | 'open' | 'covered';
interface Case {
  readonly name: string;
  readonly build: () => Promise<string>;
  readonly expected: Expected;
  readonly reason?: RegExp;
  /** Who the finding names as accountable: the risk owner, unless a case says otherwise. */
  readonly accountable?: () => string;
}

let handle: DatabaseHandle<Database>;
let f: RuleFixture;
let owner: string;
let serial = 0;

/** A unit of the case's own under the agency, with an appetite unless `null`. */
async function unit(appetite: string | null = 'low'): Promise<string> {
  serial += 1;
  const row = await f.db.insertInto('organisation_units').values({ code: `GOV${serial}`, name: `Governance unit ${serial}`, unit_type: 'team', parent_id: f.units.AGENCY }).returning('id').executeTakeFirstOrThrow();
  if (appetite) await f.db.insertInto('risk_appetites').values({ unit_id: row.id, max_band_code: appetite }).execute();
  return row.id;
}

interface RiskSpec {
  readonly unitId?: string;
  /** Residual likelihood × impact: 3×4 is High on the default matrix, 3×3 Medium, 2×2 Low, 4×5 Very high. */
  readonly residual?: readonly [number, number];
  readonly treatment?: 'reduce' | 'accept' | 'transfer' | 'avoid';
  readonly status?: 'open' | 'awaiting-decision' | 'accepted' | 'in-review' | 'closed';
}

async function risk(spec: RiskSpec = {}): Promise<{ id: string; unitId: string }> {
  serial += 1;
  const unitId = spec.unitId ?? (await unit());
  const [l, i] = spec.residual ?? [3, 4];
  const row = await f.db
    .insertInto('risks')
    .values({ reference: `R-G${serial}`, title: `Risk ${serial}`, unit_id: unitId, owner_person_id: owner, inherent_likelihood: 5, inherent_impact: 5, residual_likelihood: l, residual_impact: i, treatment: spec.treatment ?? 'reduce', status: spec.status ?? 'open', review_on: '2026-12-31' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, unitId };
}

/** A decision on a risk, in the order made (risk_acceptances.seq). */
async function decide(riskId: string, input: { band?: string; expiresOn?: string | null; status: 'in-force' | 'rejected' | 'expired' | 'revoked' | 'lapsed' }): Promise<void> {
  const decision = await f.db
    .insertInto('decisions')
    .values({ kind: 'risk-acceptance', record_type: 'risk', record_id: riskId, decided_by_person_id: f.siro, decided_by_label: 'Sam Siro', outcome: input.status === 'rejected' ? 'rejected' : 'accepted', snapshot: JSON.stringify({}) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const outcome = input.status === 'rejected' ? 'rejected' : 'accepted';
  await f.db
    .insertInto('risk_acceptances')
    .values({ risk_id: riskId, decision_id: decision.id, outcome, band_code: input.band ?? 'high', role_code: 'siro', unit_id: f.units.DEPT, decided_by_person_id: f.siro, justification: 'Tested', expires_on: outcome === 'accepted' ? (input.expiresOn ?? '2026-12-01') : null, status: input.status })
    .execute();
}

async function action(riskId: string, input: { dueOn: string; status: 'open' | 'in-progress' | 'done' }): Promise<void> {
  serial += 1;
  await f.db
    .insertInto('actions')
    .values({ reference: `ACT-G${serial}`, title: 'Segment the network', owner_person_id: owner, unit_id: f.units.TEAM, due_on: input.dueOn, status: input.status, source_type: 'risk', source_id: riskId, created_by: 'test', completed_on: input.status === 'done' ? '2026-06-01' : null })
    .execute();
}

/** A risk failing the rule under test, with an exception for SISP-008 in its unit ending on `expiresOn`. */
async function failingUnder(build: (unitId: string) => Promise<string>, expiresOn: string): Promise<string> {
  const unitId = await unit();
  const id = await build(unitId);
  await exceptionFor(f, { requirementKey: 'SISP-008', scopeType: 'unit', scopeId: unitId, expiresOn });
  return id;
}

const id = async (spec: RiskSpec) => (await risk(spec)).id;
const undecided = async (unitId: string) => id({ unitId });
const expiredOnly = async (unitId?: string) => {
  const r = await id({ unitId, residual: [2, 2], status: 'in-review' });
  await decide(r, { band: 'low', expiresOn: '2026-06-01', status: 'expired' });
  return r;
};

/** An exception in force for `SISP-006` in a unit of its own, as exceptionFor makes it, then `alter`ed. */
async function exception(input: { expiresOn: string; acceptanceExpiresOn?: string }, alter?: (exceptionId: string, riskId: string) => Promise<void>): Promise<string> {
  const scopeId = await unit();
  const exceptionId = await exceptionFor(f, { requirementKey: 'SISP-006', scopeType: 'unit', scopeId, status: 'in-force', ...input });
  const { risk_id } = await f.db.selectFrom('requirement_exceptions').select('risk_id').where('id', '=', exceptionId).executeTakeFirstOrThrow();
  if (alter) await alter(exceptionId, risk_id);
  return exceptionId;
}
const acceptanceOf = (riskId: string) => f.db.updateTable('risk_acceptances').where('risk_id', '=', riskId);

const tables: Array<{ rule: ComplianceRule; cases: Case[] }> = [
  {
    rule: risksAboveAppetiteDecided,
    cases: [
      { name: 'a Low risk in a unit whose appetite is Low is within appetite', build: () => id({ residual: [2, 2] }), expected: 'passes' },
      { name: 'a High risk over a Low appetite, undecided and untreated, fails saying so', build: () => id({}), expected: 'open', reason: /^Above appetite \(High over Low\) with no acceptance in force and no treatment action$/ },
      { name: 'a Low risk in a unit with no appetite of its own is above it (the unit holds nothing)', build: async () => id({ unitId: await unit(null), residual: [2, 2] }), expected: 'open', reason: /^Above appetite \(Low; Governance unit \d+ has no appetite of its own\)/ },
      { name: 'a High risk with an acceptance in force for High passes', build: async () => { const r = await id({ treatment: 'accept', status: 'accepted' }); await decide(r, { band: 'high', status: 'in-force' }); return r; }, expected: 'passes' },
      { name: 'an acceptance in force for Very high still holds a risk that has fallen to High', build: async () => { const r = await id({ treatment: 'accept' }); await decide(r, { band: 'very-high', status: 'in-force' }); return r; }, expected: 'passes' },
      { name: 'an acceptance in force for Medium does not hold a High risk', build: async () => { const r = await id({ treatment: 'accept' }); await decide(r, { band: 'medium', status: 'in-force' }); return r; }, expected: 'open', reason: /with the acceptance in force for Medium, not High, and its treatment is to accept it$/ },
      { name: 'an acceptance still marked in force past its end date does not hold', build: async () => { const r = await id({}); await decide(r, { band: 'high', expiresOn: '2026-06-14', status: 'in-force' }); return r; }, expected: 'open', reason: /with its acceptance past its end date \(14 June 2026\) and no treatment action$/ },
      { name: 'an acceptance that ends today still holds', build: async () => { const r = await id({}); await decide(r, { band: 'high', expiresOn: '2026-06-15', status: 'in-force' }); return r; }, expected: 'passes' },
      { name: 'being reduced with an open action due later passes', build: async () => { const r = await id({}); await action(r, { dueOn: '2026-07-01', status: 'open' }); return r; }, expected: 'passes' },
      { name: 'an action in progress due today counts', build: async () => { const r = await id({ treatment: 'transfer' }); await action(r, { dueOn: '2026-06-15', status: 'in-progress' }); return r; }, expected: 'passes' },
      { name: 'only overdue actions: the treatment has stalled', build: async () => { const r = await id({}); await action(r, { dueOn: '2026-05-01', status: 'open' }); await action(r, { dueOn: '2026-06-01', status: 'in-progress' }); return r; }, expected: 'open', reason: /and its treatment actions overdue \(due 1 June 2026\)$/ },
      { name: 'a done action is not treatment in progress', build: async () => { const r = await id({}); await action(r, { dueOn: '2026-07-01', status: 'done' }); return r; }, expected: 'open', reason: /no treatment action$/ },
      { name: 'a risk whose treatment is to accept it is not treated by its actions', build: async () => { const r = await id({ treatment: 'accept' }); await action(r, { dueOn: '2026-07-01', status: 'open' }); return r; }, expected: 'open', reason: /with no acceptance in force, and its treatment is to accept it$/ },
      { name: 'a closed risk is not checked', build: () => id({ status: 'closed' }), expected: 'passes' },
      { name: 'a Very high risk over a Low appetite names both', build: () => id({ residual: [4, 5] }), expected: 'open', reason: /^Above appetite \(Very high over Low\)/ },
      { name: 'covered by an exception in force for SISP-008 and the risk’s unit', build: () => failingUnder(undecided, '2026-12-31'), expected: 'covered' },
      { name: 'not covered by an exception for SISP-008 that expired last week', build: () => failingUnder(undecided, '2026-06-08'), expected: 'open' },
      {
        name: 'not covered by an exception for SISP-008 in the parent unit',
        build: async () => {
          const parent = await unit();
          const child = await f.db.insertInto('organisation_units').values({ code: `GOVC${++serial}`, name: 'Child', unit_type: 'team', parent_id: parent }).returning('id').executeTakeFirstOrThrow();
          await exceptionFor(f, { requirementKey: 'SISP-008', scopeType: 'unit', scopeId: parent, expiresOn: '2026-12-31' });
          return id({ unitId: child.id });
        },
        expected: 'open',
      },
    ],
  },
  {
    rule: risksAcceptanceInDate,
    cases: [
      { name: 'an acceptance in force and in date passes', build: async () => { const r = await id({ status: 'accepted' }); await decide(r, { status: 'in-force' }); return r; }, expected: 'passes' },
      { name: 'a risk never accepted is not checked', build: () => id({}), expected: 'passes' },
      { name: 'an acceptance still marked in force past its end date fails', build: async () => { const r = await id({ status: 'accepted' }); await decide(r, { expiresOn: '2026-06-14', status: 'in-force' }); return r; }, expected: 'open', reason: /^The acceptance's end date, 14 June 2026, has passed but it is still marked in force/ },
      { name: 'an expired acceptance with no later decision fails', build: () => expiredOnly(), expected: 'open', reason: /^The acceptance expired on 1 June 2026 and no one has decided since: the risk is back in review$/ },
      { name: 'an expired acceptance awaiting a new decision still fails, saying so', build: async () => { const r = await id({ status: 'awaiting-decision' }); await decide(r, { expiresOn: '2026-06-01', status: 'expired' }); return r; }, expected: 'open', reason: /back in review and waiting for a decision$/ },
      { name: 'an expired acceptance followed by a rejection passes (it was decided)', build: async () => { const r = await id({}); await decide(r, { expiresOn: '2026-06-01', status: 'expired' }); await decide(r, { status: 'rejected' }); return r; }, expected: 'passes' },
      { name: 'an expired acceptance followed by a new acceptance passes', build: async () => { const r = await id({ status: 'accepted' }); await decide(r, { expiresOn: '2026-06-01', status: 'expired' }); await decide(r, { expiresOn: '2026-11-30', status: 'in-force' }); return r; }, expected: 'passes' },
      { name: 'a revoked acceptance is not an expiry', build: async () => { const r = await id({ status: 'in-review' }); await decide(r, { status: 'revoked' }); return r; }, expected: 'passes' },
      { name: 'a closed risk is not checked', build: async () => { const r = await id({ status: 'closed' }); await decide(r, { expiresOn: '2026-06-01', status: 'expired' }); return r; }, expected: 'passes' },
      { name: 'covered by an exception in force for SISP-008 and the risk’s unit', build: () => failingUnder(expiredOnly, '2026-12-31'), expected: 'covered' },
      { name: 'not covered by an expired exception for SISP-008', build: () => failingUnder(expiredOnly, '2026-06-08'), expected: 'open' },
    ],
  },
  {
    rule: exceptionsInDate,
    cases: [
      { name: 'an exception in force, in date, backed by an acceptance in force passes', build: () => exception({ expiresOn: '2026-12-31' }), expected: 'passes' },
      { name: 'an exception ending today still holds', build: () => exception({ expiresOn: '2026-06-15' }), expected: 'passes' },
      { name: 'an exception past its end date still marked in force fails', build: () => exception({ expiresOn: '2026-06-10', acceptanceExpiresOn: '2026-12-31' }), expected: 'open', reason: /^Its end date, 10 June 2026, has passed but it is still marked in force$/ },
      { name: 'an exception whose risk acceptance expired fails', build: () => exception({ expiresOn: '2026-12-31', acceptanceExpiresOn: '2026-06-01' }), expected: 'open', reason: /^The acceptance of R-T\d+ behind it expired on 1 June 2026, so the exception no longer holds$/ },
      {
        name: 'an exception whose risk acceptance ran out but is still marked in force fails',
        build: () => exception({ expiresOn: '2026-12-31', acceptanceExpiresOn: '2026-06-01' }, async (_, riskId) => void (await acceptanceOf(riskId).set({ status: 'in-force' }).execute())),
        expected: 'open',
        reason: /behind it ran out on 1 June 2026 \(still marked in force\)/,
      },
      { name: 'an exception whose risk acceptance was revoked fails', build: () => exception({ expiresOn: '2026-12-31' }, async (_, riskId) => void (await acceptanceOf(riskId).set({ status: 'revoked' }).execute())), expected: 'open', reason: /behind it was revoked/ },
      { name: 'both wrong: both said', build: () => exception({ expiresOn: '2026-06-10', acceptanceExpiresOn: '2026-06-01' }), expected: 'open', reason: /^Its end date, 10 June 2026, has passed.*\. The acceptance of R-T\d+ behind it expired/ },
      { name: 'an exception the sweep has ended is not relied on', build: () => exception({ expiresOn: '2026-06-10' }, async (e) => void (await f.db.updateTable('requirement_exceptions').set({ status: 'expired' }).where('id', '=', e).execute())), expected: 'passes' },
      {
        name: 'covered by another exception in force for SISP-008 and the same scope',
        build: () => exception({ expiresOn: '2026-06-10', acceptanceExpiresOn: '2026-12-31' }, async (e) => {
          const { scope_id } = await f.db.selectFrom('requirement_exceptions').select('scope_id').where('id', '=', e).executeTakeFirstOrThrow();
          await exceptionFor(f, { requirementKey: 'SISP-008', scopeType: 'unit', scopeId: scope_id, expiresOn: '2026-12-31' });
        }),
        expected: 'covered',
      },
      {
        name: 'not covered by an expired exception for SISP-008',
        build: () => exception({ expiresOn: '2026-06-10', acceptanceExpiresOn: '2026-12-31' }, async (e) => {
          const { scope_id } = await f.db.selectFrom('requirement_exceptions').select('scope_id').where('id', '=', e).executeTakeFirstOrThrow();
          await exceptionFor(f, { requirementKey: 'SISP-008', scopeType: 'unit', scopeId: scope_id, expiresOn: '2026-06-08' });
        }),
        expected: 'open',
      },
    ],
  },
];

before(async () => {
  handle = await createTestDatabase();
  f = await ruleFixture(handle.db);
  owner = await f.person2('Rita Owner');
});
after(async () => handle.close());

describeRuleTables(tables, () => f.db, (c) => c.build(), (c, finding, rule) =>
  assert.equal(finding.accountablePersonId, c.accountable ? c.accountable() : rule === exceptionsInDate ? f.person : owner, 'the accountable person'),
);
