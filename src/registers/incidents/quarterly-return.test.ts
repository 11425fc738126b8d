import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { toCsv } from '../../platform/csv/write-csv.ts';
import type { ReturnIncident, ReturnLayout } from './entity.ts';
import { icoClock, triageClock } from './ico.ts';
import { parseMoment } from './moment.ts';
import { layoutProblems, parseQuarter, quarterlyReturnRows, quarterOf } from './quarterly-return.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/incidents/${name}`, import.meta.url), 'utf8');
const incidents = JSON.parse(fixture('return-incidents.json')) as ReturnIncident[];
const layout = JSON.parse(fixture('return-layout.json')) as ReturnLayout;

describe('the quarterly return', () => {
  test('the fixed example gives the committed CSV, byte for byte', () => {
    const rows = quarterlyReturnRows(incidents, layout, parseQuarter('2026-Q3')!);
    assert.equal(toCsv(rows[0]!, rows.slice(1)), fixture('return-2026-Q3.csv'));
  });

  test('a quarter with no incidents has only the heading and a total row of noughts', () => {
    const rows = quarterlyReturnRows(incidents, layout, parseQuarter('2025-Q1')!);
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[1]!.slice(0, 4), ['2025-Q1', 'Total', '0', '0']);
  });

  test('the department adjusts the layout as data: new columns, order and headings', () => {
    const custom: ReturnLayout = { columns: [{ heading: 'Agency code', field: 'agency-code' }, { heading: 'Phishing near misses', field: 'kind:near-miss&type:phishing' }, { heading: 'All', field: 'total' }] };
    assert.deepEqual(layoutProblems(custom), []);
    assert.deepEqual(quarterlyReturnRows(incidents, custom, parseQuarter('2026-Q3')!), [
      ['Agency code', 'Phishing near misses', 'All'],
      ['HMCTS', '0', '2'],
      ['HMPPS', '1', '2'],
      ['LAA', '0', '1'],
      ['MOJ', '0', '1'],
      ['', '1', '6'],
    ]);
  });

  test('a layout naming something the return cannot count is refused, by column', () => {
    const problems = layoutProblems({ columns: [{ heading: '', field: 'total' }, { heading: 'Colour', field: 'colour:red' }, { heading: 'Odd', field: 'kind' }] });
    assert.deepEqual(problems.map((p) => p.field), ['columns[0].heading', 'columns[1].field', 'columns[2].field']);
  });

  test('quarters are calendar quarters', () => {
    assert.deepEqual(parseQuarter('2026-Q1'), { label: '2026-Q1', from: '2026-01-01', to: '2026-03-31' });
    assert.deepEqual(parseQuarter('2024q1')?.to, '2024-03-31');
    assert.equal(parseQuarter('2026-Q5'), null);
    assert.equal(quarterOf('2026-11-28'), '2026-Q4');
  });
});

describe('the clocks', () => {
  const awareAt = new Date('2026-11-25T21:00:00Z');
  const at = (iso: string) => new Date(iso);
  test('the ICO clock runs 72 hours from awareness; "not sure" counts as yes; a triaged near miss stops it', () => {
    const breach = { personalData: 'not-sure' as const, kind: 'incident' as const, stage: 'reported' as const, awareAt };
    const running = icoClock(breach, [], at('2026-11-28T09:00:00Z'));
    assert.deepEqual([running.applies, running.icoDeadline.toISOString(), running.hoursLeft, running.overdue], [true, '2026-11-28T21:00:00.000Z', 12, false]);
    const late = icoClock(breach, [], at('2026-11-28T22:30:00Z'));
    assert.deepEqual([late.hoursLeft, late.overdue], [-1.5, true]);
    assert.equal(icoClock({ ...breach, personalData: 'no' }, [], at('2026-11-30T00:00:00Z')).applies, false);
    assert.equal(icoClock({ ...breach, kind: 'near-miss', stage: 'triaged' }, [], at('2026-11-30T00:00:00Z')).overdue, false);
    const decided = icoClock(breach, [{ id: 'd', outcome: 'report', reason: 'r', decidedBy: 'DPO', roleHeld: 'Data Protection Officer', decidedAt: at('2026-11-28T23:00:00Z'), snapshot: {} }], at('2026-11-29T09:00:00Z'));
    assert.deepEqual([decided.decided, decided.overdue, decided.hoursLeft, decided.decidedLate], [true, false, null, true]);
  });

  test('the triage clock is overdue past its target, triaged or not', () => {
    const reported = at('2026-11-28T09:00:00Z');
    assert.equal(triageClock(reported, null, 24, at('2026-11-29T08:00:00Z')).overdue, false);
    assert.equal(triageClock(reported, null, 24, at('2026-11-29T10:00:00Z')).overdue, true);
    const triaged = triageClock(reported, at('2026-11-28T12:30:00Z'), 24, at('2026-12-10T00:00:00Z'));
    assert.deepEqual([triaged.hoursTaken, triaged.overdue], [3.5, false]);
  });

  test('a moment without an offset is London time, summer or winter', () => {
    assert.equal(parseMoment('2026-11-27T14:30')?.toISOString(), '2026-11-27T14:30:00.000Z');
    assert.equal(parseMoment('2026-07-01T14:30')?.toISOString(), '2026-07-01T13:30:00.000Z');
    assert.equal(parseMoment('2026-07-01')?.toISOString(), '2026-06-30T23:00:00.000Z');
    assert.equal(parseMoment('2026-03-29T03:00')?.toISOString(), '2026-03-29T02:00:00.000Z');
    assert.equal(parseMoment('2026-07-01T14:30:00Z')?.toISOString(), '2026-07-01T14:30:00.000Z');
    assert.equal(parseMoment('2026-02-30T10:00'), null);
    assert.equal(parseMoment('yesterday'), null);
  });
});
