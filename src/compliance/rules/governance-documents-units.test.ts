// Table-driven, like owners.test.ts, for the document and accountability-chain rules: each case builds a
// document or a unit of its own (so an exception for its unit covers no other case), the rule runs once,
// each case's record is checked. The board-member rule is also checked against findGaps over the same
// data, since the accountability chain already decides that gap.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DatabaseHandle } from '../../platform/db/database.ts';
import type { Database } from '../../database.ts';
import { createTestDatabase } from '../../../test/support/database.ts';
import { describeRuleTables, appoint, evaluateRule, exceptionFor, ruleFixture, TODAY, type RuleFixture } from '../../../test/support/compliance.ts';
import { findGaps } from '../../registers/appointments/accountability.ts';
import { AppointmentRepository } from '../../registers/appointments/repository.ts';
import type { ComplianceRule } from '../rule.ts';
import { documentsReviewedAndOwned } from './documents-reviewed-and-owned.ts';
import { unitsSecurityBoardMember } from './units-security-board-member.ts';

type Expected = 'passes' | 'open' | 'covered';
interface Case {
  readonly name: string;
  readonly build: () => Promise<string>;
  readonly expected: Expected;
  readonly reason?: RegExp;
  readonly accountable?: () => string;
}

let handle: DatabaseHandle<Database>;
let f: RuleFixture;
let owner: string;
let leaver: string;
let cso: string;
let departmentAo: string;
let serial = 0;

async function unit(input: { ownAo?: boolean; parent?: string } = {}): Promise<string> {
  serial += 1;
  const row = await f.db
    .insertInto('organisation_units')
    .values({ code: `GOVD${serial}`, name: `Body ${serial}`, unit_type: input.ownAo ? 'executive_ndpb' : 'team', parent_id: input.parent ?? f.units.DEPT, has_own_accounting_officer: input.ownAo ?? false })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function document(input: { owner?: string | null; status?: string; nextReviewOn?: string | null; unitId?: string } = {}): Promise<string> {
  serial += 1;
  const row = await f.db
    .insertInto('documents')
    .values({ tier: 3, title: `Standard ${serial}`, unit_id: input.unitId ?? (await unit()), owner_person_id: input.owner === undefined ? owner : input.owner, status: input.status ?? 'published', key_prefix: `GD${serial}`, next_review_on: input.nextReviewOn === undefined ? '2027-01-31' : input.nextReviewOn })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A unit with its own Accounting Officer (held by `ao` unless null) and, optionally, its board member. */
async function body(input: { ao?: string | null; boardMember?: { startsOn?: string; endsOn?: string | null; personId?: string; atParent?: boolean } } = {}): Promise<string> {
  const parent = input.boardMember?.atParent ? await unit({ ownAo: false }) : f.units.DEPT;
  const id = await unit({ ownAo: true, parent });
  if (input.ao !== null) await appoint(f.db, { role: 'accounting-officer', personId: input.ao ?? owner, unitId: id });
  if (input.boardMember) await appoint(f.db, { role: 'security-board-member', personId: input.boardMember.personId ?? owner, unitId: input.boardMember.atParent ? parent : id, startsOn: input.boardMember.startsOn, endsOn: input.boardMember.endsOn ?? null });
  return id;
}

/** A failing record under an exception for `requirement` and its unit, ending on `expiresOn`. */
async function under(requirement: string, expiresOn: string, build: () => Promise<{ id: string; unitId: string }>): Promise<string> {
  const built = await build();
  await exceptionFor(f, { requirementKey: requirement, scopeType: 'unit', scopeId: built.unitId, expiresOn });
  return built.id;
}
const ownerless = async () => {
  const unitId = await unit();
  return { id: await document({ owner: null, unitId }), unitId };
};
const boardless = async () => {
  const id = await body();
  return { id, unitId: id };
};

const tables: Array<{ rule: ComplianceRule; cases: Case[] }> = [
  {
    rule: documentsReviewedAndOwned,
    cases: [
      { name: 'a published document with an owner in post, reviewed in its cycle, passes', build: () => document(), expected: 'passes' },
      { name: 'a document due for review today passes', build: () => document({ nextReviewOn: TODAY }), expected: 'passes' },
      { name: 'a document with no owner fails; the nearest Chief Security Officer is accountable', build: () => document({ owner: null }), expected: 'open', reason: /^No owner$/, accountable: () => cso },
      { name: 'a document whose owner has left fails, naming them; the CSO is accountable', build: () => document({ owner: leaver }), expected: 'open', reason: /^Its owner, Lee Leaver, has left$/, accountable: () => cso },
      { name: 'a document overdue for review fails, saying since when; its owner is accountable', build: () => document({ nextReviewOn: '2026-06-14' }), expected: 'open', reason: /^Review overdue since 14 June 2026$/, accountable: () => owner },
      { name: 'a published document with no review date fails', build: () => document({ nextReviewOn: null }), expected: 'open', reason: /^No review date is set$/, accountable: () => owner },
      { name: 'no owner and overdue: both said', build: () => document({ owner: null, nextReviewOn: '2026-01-31' }), expected: 'open', reason: /^No owner; Review overdue since 31 January 2026$/ },
      { name: 'a draft (never in force) is not checked', build: () => document({ owner: null, status: 'draft', nextReviewOn: null }), expected: 'passes' },
      { name: 'a document approved but not yet published is not checked', build: () => document({ owner: null, status: 'approved' }), expected: 'passes' },
      { name: 'a retired document is not checked', build: () => document({ owner: null, status: 'retired', nextReviewOn: null }), expected: 'passes' },
      { name: 'covered by an exception in force for SISP-014 and the document’s unit', build: () => under('SISP-014', '2026-12-31', ownerless), expected: 'covered', accountable: () => cso },
      { name: 'not covered by an expired exception for SISP-014', build: () => under('SISP-014', '2026-06-08', ownerless), expected: 'open', accountable: () => cso },
      { name: 'not covered by an exception in force for another requirement', build: () => under('SISP-004', '2026-12-31', ownerless), expected: 'open', accountable: () => cso },
    ],
  },
  {
    rule: unitsSecurityBoardMember,
    cases: [
      { name: 'a body with its own Accounting Officer and a current board member passes', build: () => body({ boardMember: {} }), expected: 'passes' },
      { name: 'a body with no board member fails; its Accounting Officer is accountable', build: () => body(), expected: 'open', reason: /^Body \d+ has its own Accounting Officer but no board member with the security remit is appointed$/, accountable: () => owner },
      { name: 'a board member whose appointment ended yesterday leaves a gap', build: () => body({ boardMember: { endsOn: '2026-06-14' } }), expected: 'open' },
      { name: 'a board member whose appointment ends today still counts', build: () => body({ boardMember: { endsOn: TODAY } }), expected: 'passes' },
      { name: 'a board member appointed from tomorrow does not count yet', build: () => body({ boardMember: { startsOn: '2026-06-16' } }), expected: 'open' },
      { name: 'a board member of the parent does not serve a body with its own Accounting Officer', build: () => body({ boardMember: { atParent: true } }), expected: 'open' },
      { name: 'a board member who has left still holds the post, as findGaps sees it (its holder-left gap)', build: async () => body({ boardMember: { personId: leaver } }), expected: 'passes' },
      { name: 'with no Accounting Officer of its own, the nearest one above is accountable', build: () => body({ ao: null }), expected: 'open', accountable: () => departmentAo },
      { name: 'a unit without its own Accounting Officer is not checked', build: () => unit(), expected: 'passes' },
      { name: 'covered by an exception in force for SISP-001 and the unit', build: () => under('SISP-001', '2026-12-31', boardless), expected: 'covered', accountable: () => owner },
      { name: 'not covered by an expired exception for SISP-001', build: () => under('SISP-001', '2026-06-08', boardless), expected: 'open', accountable: () => owner },
    ],
  },
];

before(async () => {
  handle = await createTestDatabase();
  f = await ruleFixture(handle.db);
  owner = await f.person2('Olu Owner');
  leaver = await f.person2('Lee Leaver');
  await f.db.updateTable('people').set({ status: 'left' }).where('id', '=', leaver).execute();
  cso = await f.person2('Cass Cso');
  await appoint(f.db, { role: 'chief-security-officer', personId: cso, unitId: f.units.DEPT });
  departmentAo = await f.person2('Dee Ao');
  await appoint(f.db, { role: 'accounting-officer', personId: departmentAo, unitId: f.units.DEPT });
});
after(async () => handle.close());

describeRuleTables(tables, () => f.db, (c) => c.build(), (c, finding) => {
  if (c.accountable) assert.equal(finding.accountablePersonId, c.accountable(), 'the accountable person');
});

describe('units.security-board-member agrees with the accountability chain', () => {
  test('the units it finds failing are exactly those findGaps reports without a board member', async () => {
    const repository = new AppointmentRepository(f.db);
    const [units, appointments, roles] = await Promise.all([repository.units(), repository.unitAndExternalAppointments(), repository.listRoles()]);
    const gaps = findGaps({ units, appointments, roles, today: TODAY }).filter((g) => g.kind === 'no-security-board-member');
    const findings = await evaluateRule(f.db, unitsSecurityBoardMember);
    assert.ok(gaps.length >= 5, 'the cases above leave several gaps to compare');
    assert.deepEqual(findings.map((x) => x.recordId).sort(), gaps.map((g) => g.unitId).sort());
  });
});
