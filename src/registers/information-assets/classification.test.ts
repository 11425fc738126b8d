// The classification rules as a table: the tables in docs/classification.md are read here and every
// row checked against checkClassification over the vocabulary of a migrated database, so the page
// and the code cannot disagree.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { checkClassification, classificationLabel, deriveClassification, derivedLabel, parseClassificationLabel, type Classification, type ClassificationVocabulary } from './classification.ts';
import { loadClassificationVocabulary } from './vocabulary.repository.ts';

const DOC = readFileSync(new URL('../../../docs/classification.md', import.meta.url), 'utf8');

/** The rows of the first table under the `## heading`, as objects keyed by the header cells. */
function table(heading: string): Array<Record<string, string>> {
  const section = DOC.split(/^## /m).find((s) => s.startsWith(`${heading}\n`));
  if (!section) throw new Error(`docs/classification.md has no section "## ${heading}"`);
  const lines = section.split('\n').filter((l) => l.startsWith('|'));
  const cells = (line: string) => line.slice(1, line.lastIndexOf('|')).split('|').map((c) => c.trim());
  const header = cells(lines[0]!);
  return lines.slice(2).map((line) => Object.fromEntries(cells(line).map((c, i) => [header[i]!, c])));
}

const list = (cell: string | undefined): string[] => (!cell || cell === 'none' ? [] : cell.split(', '));
const fieldsOf = (cell: string | undefined): string[] => (!cell || cell === '—' ? [] : cell.split(', ').sort());
const none = (cell: string | undefined): string | null => (!cell || cell === 'none' ? null : cell);

let t: TestContext;
let vocabulary: ClassificationVocabulary;
before(async () => {
  t = await createTestContext();
  vocabulary = await loadClassificationVocabulary(t.database.db);
});
after(async () => t.close());

describe('the classification rules, as docs/classification.md tables them', () => {
  test('every tier × SENSITIVE × handling instruction combination is in the table, and each is decided as it says', () => {
    const rows = table('Markings and handling instructions');
    const expected = vocabulary.tiers.length * 2 * (vocabulary.instructions.length + 1);
    assert.equal(rows.length, expected, 'the table lists every combination once');
    assert.equal(new Set(rows.map((r) => `${r.Tier}|${r.SENSITIVE}|${r['Handling instruction']}`)).size, expected);
    for (const row of rows) {
      const instruction = none(row['Handling instruction']);
      const c: Classification = { tier: row.Tier!, sensitive: row.SENSITIVE === 'yes', handlingInstruction: instruction, embargoEndsOn: instruction === 'EMBARGOED' ? '2027-03-31' : null, descriptors: [] };
      const problems = checkClassification(c, vocabulary);
      const what = `${row.Tier} / SENSITIVE ${row.SENSITIVE} / ${row['Handling instruction']}`;
      assert.equal(problems.length === 0 ? 'valid' : 'invalid', row.Result, `${what}: ${JSON.stringify(problems)}`);
      assert.deepEqual([...new Set(problems.map((p) => p.field))].sort(), fieldsOf(row['Refused on']), what);
      for (const p of problems) assert.match(p.message, /:|only|goes|choose|remove/i, `${what}: the message says what to correct`);
    }
    assert.ok(rows.filter((r) => r.Result === 'invalid').length > 30, 'the invalid combinations are all there');
  });

  test('descriptors', () => {
    for (const row of table('Descriptors')) {
      const problems = checkClassification({ tier: row.Tier!, sensitive: false, handlingInstruction: null, embargoEndsOn: null, descriptors: list(row.Descriptors) }, vocabulary);
      assert.equal(problems.length === 0 ? 'valid' : 'invalid', row.Result, `${row.Tier} with ${row.Descriptors}`);
      assert.deepEqual([...new Set(problems.map((p) => p.field))].sort(), fieldsOf(row['Refused on']), `${row.Tier} with ${row.Descriptors}`);
    }
  });

  test('the embargo end date', () => {
    for (const row of table('The embargo end date')) {
      const c = { tier: row.Tier!, sensitive: row.SENSITIVE === 'yes', handlingInstruction: none(row['Handling instruction']), embargoEndsOn: none(row['End date']), descriptors: [] };
      const problems = checkClassification(c, vocabulary);
      const what = `${row['Handling instruction']} with end date ${row['End date']}`;
      assert.equal(problems.length === 0 ? 'valid' : 'invalid', row.Result, what);
      assert.deepEqual([...new Set(problems.map((p) => p.field))].sort(), fieldsOf(row['Refused on']), what);
    }
  });

  test('labels are written in the order tier, handling instruction, descriptors, and read back the same', () => {
    for (const row of table('Labels')) {
      const c: Classification = { tier: row.Tier!, sensitive: row.SENSITIVE === 'yes', handlingInstruction: none(row['Handling instruction']), embargoEndsOn: null, descriptors: list(row.Descriptors) };
      assert.equal(classificationLabel(c, vocabulary), row.Label);
      const parsed = parseClassificationLabel(row.Label!.toLowerCase(), vocabulary);
      assert.deepEqual(parsed.problems, [], row.Label);
      assert.equal(classificationLabel(parsed.classification!, vocabulary), row.Label);
    }
  });

  test('parsing refuses what the rules refuse, naming the classification', () => {
    assert.deepEqual(parseClassificationLabel('RESTRICTED', vocabulary).problems.map((p) => p.field), ['classification']);
    assert.deepEqual(parseClassificationLabel('OFFICIAL - HMG USE ONLY - MOJ USE ONLY', vocabulary).problems.map((p) => p.field), ['classification']);
    assert.deepEqual(parseClassificationLabel('OFFICIAL-SENSITIVE - FOR PUBLIC RELEASE', vocabulary).problems.map((p) => p.field), ['handlingInstruction']);
    assert.deepEqual(parseClassificationLabel('OFFICIAL - EMBARGOED', vocabulary).problems.map((p) => p.field), ['embargoEndsOn']);
    assert.deepEqual(parseClassificationLabel('OFFICIAL - EMBARGOED', vocabulary, '2027-01-31').problems, []);
  });

  test('a technology service’s classification is derived from its assets', () => {
    for (const row of table("A technology service's classification")) {
      const assets = (row.Assets === 'none' ? [] : row.Assets!.split('; ')).map((label) => {
        const parsed = parseClassificationLabel(label, vocabulary, label.includes('EMBARGOED') ? '2027-01-31' : null);
        assert.deepEqual(parsed.problems, [], label);
        return parsed.classification!;
      });
      assert.equal(derivedLabel(deriveClassification(assets, vocabulary), vocabulary) ?? 'none', row['Derived label']);
    }
  });
});
