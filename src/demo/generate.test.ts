// The generator is deterministic: a seed and a day give the same department, byte for byte; another
// seed gives another department of the same size.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateDocuments } from './documents.ts';
import { generateDepartment } from './generate.ts';
import { seededRandom } from './random.ts';
import { SCALES } from './scales.ts';

const TODAY = '2026-11-28';
const lines = (csv: string) => csv.trimEnd().split('\n').length - 1;

describe('the department generator', () => {
  test('the same seed gives identical rows; a different seed different ones', () => {
    const first = generateDepartment(SCALES.tiny, 7, TODAY);
    assert.deepEqual(generateDepartment(SCALES.tiny, 7, TODAY), first);
    const other = generateDepartment(SCALES.tiny, 8, TODAY);
    assert.notEqual(other.peopleCsv, first.peopleCsv);
    assert.notEqual(other.trainingCsv, first.trainingCsv);
    assert.notDeepEqual(other.risks, first.risks);
    assert.notDeepEqual(other.incidents, first.incidents);
    assert.deepEqual(generateDocuments(3, 30, 7), generateDocuments(3, 30, 7));
    assert.notDeepEqual(generateDocuments(3, 30, 8), generateDocuments(3, 30, 7));
  });

  test('each register has the scale’s number of rows', () => {
    const scale = SCALES.small;
    const d = generateDepartment(scale, 1, TODAY);
    assert.equal(d.units.length, scale.units);
    assert.equal(lines(d.peopleCsv), scale.people);
    assert.equal(lines(d.trainingCsv), scale.trainingRecords);
    assert.equal(lines(d.assetsCsv), scale.assets);
    assert.equal(lines(d.servicesCsv), scale.services);
    assert.equal(lines(d.suppliersCsv), scale.suppliers);
    assert.equal(d.risks.length, scale.risks);
    assert.equal(d.incidents.length, scale.incidents);
    const documents = generateDocuments(scale.documents, scale.requirements, 1);
    assert.equal(documents.length, scale.documents);
    assert.equal(documents.reduce((n, doc) => n + (doc.markdown.match(/ MUST /g) ?? []).length, 0), scale.requirements);
  });

  test('the mix has non-compliant records: risks above appetite unaccepted, some accepted, incidents not yet triaged, spread over five years', () => {
    const d = generateDepartment(SCALES.small, 1, TODAY);
    const aboveAppetite = d.risks.filter((r) => r.residual[0] * r.residual[1] > 9);
    assert.ok(aboveAppetite.some((r) => r.acceptedUntil === null));
    assert.ok(aboveAppetite.some((r) => r.acceptedUntil !== null));
    assert.ok(d.incidents.some((i) => i.stage === 'reported'));
    const years = new Set(d.incidents.map((i) => i.reportedAt.slice(0, 4)));
    assert.ok(years.size >= 5, `incidents in ${[...years].join(', ')}`);
  });

  test('the pseudo-random numbers are the same for a seed and spread over [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const values = Array.from({ length: 1000 }, () => a.next());
    assert.deepEqual(Array.from({ length: 1000 }, () => b.next()), values);
    assert.ok(values.every((v) => v >= 0 && v < 1));
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    assert.ok(mean > 0.45 && mean < 0.55, `mean ${mean}`);
  });
});
