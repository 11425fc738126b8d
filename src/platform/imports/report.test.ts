import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyCounts, formatImportReport, importExitCode, importReportJson, type ImportReport } from './report.ts';

const counts = { created: 3, updated: 2, unchanged: 10, left: 1 };

test('lists errors sorted by line, with the column when there is one', () => {
  const report: ImportReport = {
    errors: [
      { line: 12, column: 'email', message: 'Enter an email address' },
      { line: 1, column: 'Grade', message: 'Unknown column Grade: remove it' },
      { line: 7, column: null, message: 'This row has 5 cells but the header names 4 columns' },
    ],
    counts: emptyCounts(),
  };
  assert.equal(
    formatImportReport(report, { dryRun: true }),
    [
      '3 errors in the file:',
      '  line 1, column Grade: Unknown column Grade: remove it',
      '  line 7: This row has 5 cells but the header names 4 columns',
      '  line 12, column email: Enter an email address',
      '',
      'Dry run: nothing was written. Fix the errors and try again.',
    ].join('\n'),
  );
  assert.match(formatImportReport(report, { dryRun: false }), /Nothing was imported: fix the errors and run the import again\.$/);
  assert.equal(importExitCode(report), 1);
});

test('caps the listed errors at 200 with "and N more", while the JSON keeps them all', () => {
  const errors = Array.from({ length: 250 }, (_, i) => ({ line: 251 - i, column: 'email', message: 'Enter an email address' }));
  const report: ImportReport = { errors, counts: emptyCounts() };
  const text = formatImportReport(report, { dryRun: true }).split('\n');
  assert.equal(text[0], '250 errors in the file:');
  assert.equal(text[1], '  line 2, column email: Enter an email address');
  assert.equal(text[200], '  line 201, column email: Enter an email address');
  assert.equal(text[201], '  and 50 more (use --json to see them all)');
  const json = JSON.parse(importReportJson(report)) as { errors: Array<{ line: number }> };
  assert.equal(json.errors.length, 250);
  assert.equal(json.errors[0]?.line, 2);
});

test('a clean run reports the counts and exits 0', () => {
  const report: ImportReport = { errors: [], counts };
  assert.equal(formatImportReport(report, { dryRun: true }), 'Dry run: nothing was written. The import would give: created 3, updated 2, unchanged 10, left 1.');
  assert.equal(formatImportReport(report, { dryRun: false }), 'Imported: created 3, updated 2, unchanged 10, left 1.');
  assert.equal(importExitCode(report), 0);
});

test('the JSON is exactly the shape DECISIONS gives, whatever else the report carries', () => {
  const report = { errors: [{ line: 4, column: null, message: 'Bad row', extra: 'x' }], counts: { ...counts, rows: 99 }, batchId: 'b' };
  assert.deepEqual(JSON.parse(importReportJson(report)), {
    errors: [{ line: 4, column: null, message: 'Bad row' }],
    counts: { created: 3, updated: 2, unchanged: 10, left: 1 },
  });
});
