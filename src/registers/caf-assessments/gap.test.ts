import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Indicator } from './entity.ts';
import { gapOf, gapSummary, indicatorsSuggest } from './gap.ts';

const indicator = (key: string, achievement: Indicator['achievement'], met: boolean | null): Indicator => ({ id: key, key, text: key, achievement, met });

describe('the gap to the target', () => {
  test('an outcome meets its target at or above its level; unassessed and untargeted outcomes are counted apart', () => {
    assert.equal(gapOf('achieved', 'partially-achieved'), 'meets');
    assert.equal(gapOf('partially-achieved', 'partially-achieved'), 'meets');
    assert.equal(gapOf('partially-achieved', 'achieved'), 'below');
    assert.equal(gapOf('not-achieved', 'partially-achieved'), 'below');
    assert.equal(gapOf(null, 'achieved'), 'not-assessed');
    assert.equal(gapOf('achieved', null), 'no-target');
  });

  test('the summary counts per objective, in the order the outcomes come', () => {
    const { byObjective, totals } = gapSummary([
      { objectiveKey: 'A', objectiveTitle: 'Managing risk', gap: 'meets' },
      { objectiveKey: 'A', objectiveTitle: 'Managing risk', gap: 'below' },
      { objectiveKey: 'B', objectiveTitle: 'Protecting', gap: 'not-assessed' },
      { objectiveKey: 'B', objectiveTitle: 'Protecting', gap: 'no-target' },
    ]);
    assert.deepEqual(byObjective.map((o) => [o.objectiveKey, o.meets, o.below, o.notAssessed, o.noTarget]), [['A', 1, 1, 0, 0], ['B', 0, 0, 1, 1]]);
    assert.deepEqual(totals, { meets: 1, below: 1, notAssessed: 1, noTarget: 1 });
  });

  test('the indicators suggest a level only once all are answered', () => {
    assert.equal(indicatorsSuggest([indicator('A.1', 'achieved', true), indicator('P.1', 'partially-achieved', null)]), null);
    assert.equal(indicatorsSuggest([indicator('A.1', 'achieved', true), indicator('P.1', 'partially-achieved', false)]), 'achieved');
    assert.equal(indicatorsSuggest([indicator('A.1', 'achieved', false), indicator('P.1', 'partially-achieved', true)]), 'partially-achieved');
    assert.equal(indicatorsSuggest([indicator('A.1', 'achieved', false), indicator('P.1', 'partially-achieved', false), indicator('N.1', 'not-achieved', true)]), 'not-achieved');
  });
});
