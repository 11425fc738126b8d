import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { accountabilityChain, ancestry, annexA, findGaps, nearestHolder, type ChainUnit, type OrganisationPicture } from './accountability.ts';
import type { AccountableRole, Appointment, Holder } from './entity.ts';

const ROLES: AccountableRole[] = [
  ['prime-minister', 'Prime Minister'],
  ['cabinet-secretary', 'Cabinet Secretary'],
  ['permanent-secretary', 'Permanent Secretary'],
  ['accounting-officer', 'Accounting Officer'],
  ['security-board-member', 'Board member with the security remit'],
  ['chief-security-officer', 'Chief Security Officer'],
  ['siro', 'Senior Information Risk Owner'],
  ['information-assurance-lead', 'Information Assurance Lead'],
].map(([code, name]) => ({ code: code!, name: name!, aliases: [], scope: 'unit', description: '' }));

const unit = (id: string, parentId: string | null, hasOwnAccountingOfficer = false): ChainUnit => ({ id, code: id.toUpperCase(), name: `Unit ${id}`, unitType: 'x', parentId, hasOwnAccountingOfficer });
const person = (name: string, status: Holder['status'] = 'active'): Holder => ({ personId: name, name, email: null, status });
let n = 0;
const appoint = (roleCode: string, unitId: string | null, holder: Holder, extra: Partial<Appointment> = {}): Appointment => ({
  id: `a${++n}`,
  roleCode,
  holder,
  unitId,
  startsOn: '2024-01-01',
  endsOn: null,
  deputy: null,
  illustrative: false,
  ...extra,
});

const TODAY = '2026-11-28';
const units = [unit('dept', null, true), unit('agency', 'dept', true), unit('team', 'agency'), unit('advisory', 'dept')];
const base: Appointment[] = [
  appoint('prime-minister', null, person('The Prime Minister')),
  appoint('cabinet-secretary', null, person('The Cabinet Secretary')),
  appoint('permanent-secretary', 'dept', person('Perm Sec')),
  appoint('security-board-member', 'dept', person('DG-COO')),
  appoint('chief-security-officer', 'dept', person('CSO')),
  appoint('accounting-officer', 'agency', person('Agency CEO')),
  appoint('security-board-member', 'agency', person('Agency Security Director')),
  appoint('information-assurance-lead', 'agency', person('Agency IAL')),
];
const picture = (appointments: Appointment[], unitsOverride = units): OrganisationPicture => ({ units: unitsOverride, appointments, roles: ROLES, today: TODAY });

describe('the accountability chain', () => {
  test('from a team up to the Prime Minister, level by level, with the delegation at each step', () => {
    const chain = accountabilityChain(picture(base), 'team');
    assert.deepEqual(chain.map((l) => l.title), ['Unit team', 'Unit agency', 'Unit dept', 'Cabinet Secretary', 'Prime Minister']);
    assert.match(chain[0]!.delegation, /Part of Unit agency/);
    assert.match(chain[1]!.delegation, /own Accounting Officer, accountable to the Principal Accounting Officer of Unit dept/);
    assert.match(chain[2]!.delegation, /Permanent Secretary, as Principal Accounting Officer, is accountable to the Cabinet Secretary/);
    assert.match(chain[4]!.delegation, /Ultimately responsible/);
    const agencyAo = chain[1]!.posts.find((p) => p.roleCode === 'accounting-officer');
    assert.deepEqual(agencyAo?.holders.map((h) => h.holder.name), ['Agency CEO']);
    assert.deepEqual(chain[4]!.posts[0]!.holders.map((h) => h.holder.name), ['The Prime Minister']);
  });

  test('an ended appointment is not shown as holding; a future one neither', () => {
    const chain = accountabilityChain(
      picture([...base.filter((a) => a.roleCode !== 'accounting-officer'), appoint('accounting-officer', 'agency', person('Old CEO'), { endsOn: '2026-06-30' }), appoint('accounting-officer', 'agency', person('Next CEO'), { startsOn: '2027-01-01' })]),
      'agency',
    );
    assert.deepEqual(chain[0]!.posts.find((p) => p.roleCode === 'accounting-officer')?.holders, []);
  });

  test('moving a unit in the tree moves its chain with it', () => {
    const moved = units.map((u) => (u.id === 'team' ? { ...u, parentId: 'advisory' } : u));
    assert.deepEqual(accountabilityChain(picture(base, moved), 'team').map((l) => l.title).slice(0, 3), ['Unit team', 'Unit advisory', 'Unit dept']);
  });

  test('a cycle in the data ends the walk rather than looping', () => {
    const cyclic = [unit('a', 'b'), unit('b', 'a')];
    assert.deepEqual(ancestry(cyclic, 'a').map((u) => u.id), ['a', 'b']);
  });
});

describe('gaps', () => {
  const kinds = (appointments: Appointment[]) => findGaps(picture(appointments)).map((g) => `${g.kind}@${g.unitId}`).sort();

  test('the complete example has none', () => {
    assert.deepEqual(kinds(base), []);
  });

  const cases: Array<[string, Appointment[], string[]]> = [
    ['a body with its own Accounting Officer but no security board member', base.filter((a) => !(a.roleCode === 'security-board-member' && a.unitId === 'agency')), ['no-security-board-member@agency']],
    ['no Accounting Officer appointed', base.filter((a) => !(a.roleCode === 'accounting-officer' && a.unitId === 'agency')), ['no-accounting-officer@agency']],
    [
      'an appointment that ended with no successor',
      [...base.filter((a) => !(a.roleCode === 'accounting-officer' && a.unitId === 'agency')), appoint('accounting-officer', 'agency', person('Old CEO'), { endsOn: '2026-06-30' })],
      ['ended-without-successor@agency', 'no-accounting-officer@agency'],
    ],
    ['an ended appointment with a successor is no gap', [...base, appoint('accounting-officer', 'agency', person('Old CEO'), { startsOn: '2020-01-01', endsOn: '2023-12-31' })], []],
    ['a deputy who has left', [...base.filter((a) => a.roleCode !== 'chief-security-officer'), appoint('chief-security-officer', 'dept', person('CSO'), { deputy: person('Former deputy', 'left') })], ['deputy-left@dept']],
    ['a holder who has left', [...base.filter((a) => a.roleCode !== 'chief-security-officer'), appoint('chief-security-officer', 'dept', person('Gone', 'left'))], ['holder-left@dept']],
    ['the department itself without a Permanent Secretary or Accounting Officer', base.filter((a) => a.roleCode !== 'permanent-secretary'), ['no-accounting-officer@dept']],
  ];
  for (const [name, appointments, expected] of cases) {
    test(name, () => assert.deepEqual(kinds(appointments), expected));
  }
});

describe('Annex A and the nearest contact', () => {
  test('lists each body below the department with its own Accounting Officer, flagging what is missing', () => {
    const rows = annexA(picture(base.filter((a) => !(a.roleCode === 'security-board-member' && a.unitId === 'agency'))));
    assert.deepEqual(rows.map((r) => r.unit.id), ['agency'], 'not the department, not bodies without their own officer');
    assert.deepEqual(rows[0]!.accountingOfficers.map((h) => h.name), ['Agency CEO']);
    assert.deepEqual(rows[0]!.securityBoardMembers, []);
    assert.deepEqual(rows[0]!.gaps.map((g) => g.kind), ['no-security-board-member']);
  });

  test('the Information Assurance Lead is found by walking up; one who has left is passed over', () => {
    assert.equal(nearestHolder(picture(base), 'team', 'information-assurance-lead')?.holder.name, 'Agency IAL');
    const left = [...base.filter((a) => a.roleCode !== 'information-assurance-lead'), appoint('information-assurance-lead', 'agency', person('Gone', 'left')), appoint('information-assurance-lead', 'dept', person('HQ IAL'))];
    assert.equal(nearestHolder(picture(left), 'team', 'information-assurance-lead')?.holder.name, 'HQ IAL');
    assert.equal(nearestHolder(picture(base), 'advisory', 'siro'), undefined);
  });
});
