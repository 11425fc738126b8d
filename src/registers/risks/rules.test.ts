import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Band, RiskMatrix } from './entity.ts';
import { acceptingAuthority, escalate, rate, ratingRoseSince, refusalToDecide, type RoleHolding } from './rules.ts';

const band = (code: string, rank: number, role: string, ownerMayAccept = false): Band => ({ code, name: code[0]!.toUpperCase() + code.slice(1), rank, colour: 'green', acceptingRoleCode: role, ownerMayAccept, maxAcceptanceMonths: 12 });
const BANDS = [band('low', 1, 'senior-responsible-officer', true), band('medium', 2, 'senior-responsible-officer'), band('high', 3, 'siro'), band('very-high', 4, 'security-board-member')];
const levels = [1, 2, 3, 4, 5].map((level) => ({ level, name: `L${level}`, description: '' }));
const MATRIX: RiskMatrix = {
  likelihoods: levels,
  impacts: levels,
  bands: BANDS,
  cells: levels.flatMap((l) => levels.map((i) => ({ likelihood: l.level, impact: i.level, score: l.level * i.level, bandCode: l.level * i.level <= 4 ? 'low' : l.level * i.level <= 9 ? 'medium' : l.level * i.level <= 16 ? 'high' : 'very-high' }))),
  aboveAppetiteRoleCode: 'accounting-officer',
};
const UNITS = [
  { id: 'dept', name: 'Department', parentId: null },
  { id: 'agency', name: 'Agency', parentId: 'dept' },
  { id: 'team', name: 'Team', parentId: 'agency' },
];
const APPETITES = new Map([['team', 'low'], ['agency', 'high'], ['dept', 'high']]);
const bandOf = (code: string) => BANDS.find((b) => b.code === code)!;

describe('rating and escalation', () => {
  test('a rating is the cell’s score and band', () => {
    assert.deepEqual([rate(MATRIX, 4, 3).score, rate(MATRIX, 4, 3).band.code], [12, 'high']);
    assert.throws(() => rate(MATRIX, 6, 1), /no cell/);
  });

  test('a risk within its own unit’s appetite is not escalated', () => {
    const e = escalate(MATRIX, UNITS, APPETITES, 'team', bandOf('low'));
    assert.deepEqual([e.escalated, e.holdingUnit?.id, e.decidingUnit.id, e.aboveAppetite], [false, 'team', 'team', false]);
  });

  test('above its unit’s appetite, a risk goes up to the nearest unit whose appetite holds it', () => {
    const e = escalate(MATRIX, UNITS, APPETITES, 'team', bandOf('high'));
    assert.deepEqual([e.escalated, e.holdingUnit?.id, e.decidingUnit.id, e.aboveAppetite], [true, 'agency', 'agency', false]);
  });

  test('above every appetite, it goes to the top of the tree', () => {
    const e = escalate(MATRIX, UNITS, APPETITES, 'team', bandOf('very-high'));
    assert.deepEqual([e.escalated, e.holdingUnit, e.decidingUnit.id, e.aboveAppetite], [true, null, 'dept', true]);
  });

  test('a unit without an appetite holds nothing of its own', () => {
    const e = escalate(MATRIX, UNITS, new Map([['dept', 'high']]), 'team', bandOf('low'));
    assert.deepEqual([e.escalated, e.holdingUnit?.id], [true, 'dept']);
  });
});

describe('who decides', () => {
  const holdings: RoleHolding[] = [
    { roleCode: 'siro', unitId: 'dept', recordId: null, personId: 'dept-siro', name: 'Dept SIRO' },
    { roleCode: 'accounting-officer', unitId: 'dept', recordId: null, personId: 'ao', name: 'Accounting Officer' },
    { roleCode: 'senior-responsible-officer', unitId: null, recordId: 'svc-1', personId: 'sro', name: 'Service SRO' },
  ];
  const input = (bandCode: string, unitId: string, serviceIds: string[] = []) => {
    const b = bandOf(bandCode);
    return acceptingAuthority({ matrix: MATRIX, band: b, escalation: escalate(MATRIX, UNITS, APPETITES, unitId, b), units: UNITS, holdings, roleNames: new Map([['siro', 'SIRO'], ['accounting-officer', 'Accounting Officer'], ['senior-responsible-officer', 'SRO']]), roleScopes: new Map([['senior-responsible-officer', 'record'], ['siro', 'unit'], ['accounting-officer', 'unit']]), serviceIds });
  };

  test('the band’s role at the deciding unit, else its nearest ancestor that has a holder', () => {
    const high = input('high', 'team');
    assert.deepEqual([high.roleCode, high.heldAt, high.holders.map((h) => h.personId)], ['siro', 'Department', ['dept-siro']]);
  });

  test('above every appetite, the above-appetite role decides', () => {
    assert.deepEqual(input('very-high', 'team').holders.map((h) => h.personId), ['ao']);
  });

  test('a role held on records (an SRO) is found on the risk’s technology services', () => {
    assert.deepEqual(input('medium', 'agency', ['svc-1']).holders.map((h) => h.personId), ['sro']);
    assert.deepEqual(input('medium', 'agency', []).holders, []);
  });

  test('refusals: no holder, another person, or the owner where the band forbids it', () => {
    const medium = input('medium', 'agency', ['svc-1']);
    assert.match(refusalToDecide(input('medium', 'agency', []), 'sro', 'owner', 'Medium')!, /No one holds the SRO role/);
    assert.match(refusalToDecide(medium, 'someone', 'owner', 'Medium')!, /decided by the SRO \(Service SRO\), not by you/);
    assert.match(refusalToDecide(medium, 'sro', 'sro', 'Medium')!, /may not be accepted by its owner/);
    assert.equal(refusalToDecide(medium, 'sro', 'owner', 'Medium'), null);
    const low = input('low', 'agency', ['svc-1']);
    assert.equal(refusalToDecide(low, 'sro', 'sro', 'Low'), null, 'a low risk’s owner may accept it');
  });

  test('an acceptance stops holding when the score or band rises, not when it falls', () => {
    assert.equal(ratingRoseSince(12, 3, rate(MATRIX, 4, 4)), true);
    assert.equal(ratingRoseSince(12, 3, rate(MATRIX, 3, 3)), false);
    assert.equal(ratingRoseSince(12, 3, rate(MATRIX, 4, 3)), false);
  });
});
