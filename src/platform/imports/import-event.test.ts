import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importedEvent } from './import-event.ts';

test('an import is one audit event carrying who, the file name, its hash and the counts', () => {
  const event = importedEvent({
    actor: { type: 'person', id: 'p1', label: 'Ann Admin' },
    kind: 'people',
    batchId: 'b1',
    fileName: 'people.csv',
    sha256: 'a'.repeat(64),
    rowCount: 12,
    counts: { created: 3, updated: 2, unchanged: 6, left: 1 },
  });
  assert.deepEqual(event, {
    actor: { type: 'person', id: 'p1', label: 'Ann Admin' },
    action: 'people.imported',
    recordType: 'import_batch',
    recordId: 'b1',
    metadata: { fileName: 'people.csv', sha256: 'a'.repeat(64), rows: 12, counts: { created: 3, updated: 2, unchanged: 6, left: 1 } },
  });
});
