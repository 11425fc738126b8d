import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareVersions } from './compare.ts';

describe('comparing two versions side by side', () => {
  test('unchanged, changed, removed and added lines, with each side’s own line numbers', () => {
    const rows = compareVersions('# Policy\nStaff must lock screens.\nOld rule.\nEnd.\n', '# Policy\nStaff must lock their screens.\nEnd.\nNew rule.\n');
    assert.deepEqual(
      rows.map((r) => [r.kind, r.left?.line ?? null, r.left?.text ?? null, r.right?.line ?? null, r.right?.text ?? null]),
      [
        ['same', 1, '# Policy', 1, '# Policy'],
        ['changed', 2, 'Staff must lock screens.', 2, 'Staff must lock their screens.'],
        ['removed', 3, 'Old rule.', null, null],
        ['same', 4, 'End.', 3, 'End.'],
        ['added', null, null, 4, 'New rule.'],
      ],
    );
  });

  test('Windows line endings compare equal to Unix ones', () => {
    assert.ok(compareVersions('a\r\nb\r\n', 'a\nb\n').every((r) => r.kind === 'same'));
  });
});
