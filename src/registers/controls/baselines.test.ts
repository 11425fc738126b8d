import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baselineApplies, conditionsInWords, requiredControls, type BaselineConditions, type ServiceProfileForBaselines } from './baselines.ts';

const ANY: BaselineConditions = { minTierRank: null, requiresSensitive: null, requiresPersonalData: null, descriptor: null, minCriticality: null };
const OFFICIAL_SENSITIVE_PERSONAL: BaselineConditions = { ...ANY, minTierRank: 1, requiresSensitive: true, requiresPersonalData: true };
const CRITICAL: BaselineConditions = { ...ANY, minCriticality: 'critical' };
const HIGH: BaselineConditions = { ...ANY, minCriticality: 'high' };
const SECRET: BaselineConditions = { ...ANY, minTierRank: 2 };
const LPP: BaselineConditions = { ...ANY, descriptor: 'LEGAL PROFESSIONAL PRIVILEGE' };
const NOT_SENSITIVE: BaselineConditions = { ...ANY, requiresSensitive: false };

const service = (over: Partial<ServiceProfileForBaselines> = {}): ServiceProfileForBaselines => ({ tierRank: 1, sensitive: false, personalData: false, descriptors: [], criticality: 'medium', ...over });

const TABLE: Array<[string, BaselineConditions, ServiceProfileForBaselines, boolean]> = [
  ['no conditions: every service', ANY, service(), true],
  ['no conditions: even a service with no assets', ANY, service({ tierRank: null, criticality: null }), true],
  ['OFFICIAL-SENSITIVE personal data: matches', OFFICIAL_SENSITIVE_PERSONAL, service({ sensitive: true, personalData: true }), true],
  ['OFFICIAL-SENSITIVE personal data: not without personal data', OFFICIAL_SENSITIVE_PERSONAL, service({ sensitive: true }), false],
  ['OFFICIAL-SENSITIVE personal data: not without SENSITIVE', OFFICIAL_SENSITIVE_PERSONAL, service({ personalData: true }), false],
  ['OFFICIAL-SENSITIVE personal data: not with no classification', OFFICIAL_SENSITIVE_PERSONAL, service({ tierRank: null, sensitive: true, personalData: true }), false],
  ['OFFICIAL-SENSITIVE personal data: not below OFFICIAL', OFFICIAL_SENSITIVE_PERSONAL, service({ tierRank: 0, sensitive: true, personalData: true }), false],
  ['SECRET or above: SECRET', SECRET, service({ tierRank: 2 }), true],
  ['SECRET or above: TOP SECRET', SECRET, service({ tierRank: 3 }), true],
  ['SECRET or above: not OFFICIAL', SECRET, service({ tierRank: 1 }), false],
  ['critical: critical', CRITICAL, service({ criticality: 'critical' }), true],
  ['critical: not high', CRITICAL, service({ criticality: 'high' }), false],
  ['high or higher: critical', HIGH, service({ criticality: 'critical' }), true],
  ['high or higher: not low', HIGH, service({ criticality: 'low' }), false],
  ['high or higher: not unknown criticality', HIGH, service({ criticality: null }), false],
  ['descriptor: carried', LPP, service({ descriptors: ['PERSONAL DATA', 'LEGAL PROFESSIONAL PRIVILEGE'] }), true],
  ['descriptor: not carried', LPP, service({ descriptors: ['PERSONAL DATA'] }), false],
  ['not SENSITIVE: holds for OFFICIAL', NOT_SENSITIVE, service(), true],
  ['not SENSITIVE: not for OFFICIAL-SENSITIVE', NOT_SENSITIVE, service({ sensitive: true }), false],
];

for (const [name, baseline, profile, expected] of TABLE) {
  test(`baseline matching: ${name}`, () => assert.equal(baselineApplies(baseline, profile), expected));
}

test('required controls are the union of the applying baselines, each naming the baselines that require it', () => {
  const x = { id: 'x', code: 'CTL-X', title: 'X' };
  const y = { id: 'y', code: 'CTL-Y', title: 'Y' };
  const z = { id: 'z', code: 'CTL-Z', title: 'Z' };
  const baselines = [
    { ...ANY, name: 'All services', controls: [x] },
    { ...OFFICIAL_SENSITIVE_PERSONAL, name: 'OFFICIAL-SENSITIVE personal data', controls: [x, y] },
    { ...CRITICAL, name: 'Critical services', controls: [z] },
  ];
  const required = requiredControls(baselines, service({ sensitive: true, personalData: true }));
  assert.deepEqual([...required.entries()].map(([id, r]) => [id, r.baselines]), [
    ['x', ['All services', 'OFFICIAL-SENSITIVE personal data']],
    ['y', ['OFFICIAL-SENSITIVE personal data']],
  ]);
});

test('conditions read as words', () => {
  const tier = (rank: number) => ['NO CLASSIFICATION', 'OFFICIAL', 'SECRET'][rank] ?? '?';
  assert.equal(conditionsInWords(ANY, tier), 'Every technology service');
  assert.equal(conditionsInWords(OFFICIAL_SENSITIVE_PERSONAL, tier), 'Services classified OFFICIAL or above; marked SENSITIVE; processes personal data');
  assert.equal(conditionsInWords(CRITICAL, tier), 'Services of criticality critical or higher');
});
