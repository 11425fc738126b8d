import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeCoverage } from './coverage.ts';

const place = (controlId: string, serviceId: string | null, unitCode: string) => ({ controlId, serviceId, serviceName: serviceId && `Service ${serviceId}`, unitCode, unitName: `Unit ${unitCode}` });

test('a service covers the union of its controls’ requirements, a unit the union of its own and its services’', () => {
  // 40 requirements, so the bitsets span two words; c1 serves r0–r29, c2 serves r20–r39, c3 serves r5.
  const served = [
    ...Array.from({ length: 30 }, (_, i) => ({ requirementId: `r${i}`, controlId: 'c1' })),
    ...Array.from({ length: 20 }, (_, i) => ({ requirementId: `r${i + 20}`, controlId: 'c2' })),
    { requirementId: 'r5', controlId: 'c3' },
  ];
  const coverage = computeCoverage({
    total: 50,
    served,
    implemented: [place('c1', 's1', 'A'), place('c2', 's1', 'A'), place('c3', 's2', 'B'), place('c2', null, 'B'), place('c9', 's3', 'C')],
  });
  assert.deepEqual(coverage, {
    total: 50,
    covered: 40,
    byUnit: [{ id: 'A', name: 'Unit A', covered: 40 }, { id: 'B', name: 'Unit B', covered: 21 }],
    byService: [{ id: 's1', name: 'Service s1', covered: 40 }, { id: 's2', name: 'Service s2', covered: 1 }],
  });
});

test('nothing served or implemented covers nothing', () => {
  assert.deepEqual(computeCoverage({ total: 7, served: [], implemented: [] }), { total: 7, covered: 0, byUnit: [], byService: [] });
});
