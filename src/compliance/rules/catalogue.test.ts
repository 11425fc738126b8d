// The rules as a whole: ids are unique and stable in form, every rule cites a requirement and a
// severity, and docs/compliance.md lists exactly the rules that run, with the requirement each cites.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { SEVERITIES } from '../entity.ts';
import { RULES } from './index.ts';

describe('the rule catalogue', () => {
  test('every rule has a unique id of the form register.what, a requirement key and a severity', () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
    for (const rule of RULES) {
      assert.match(rule.id, /^[a-z]+\.[a-z-]+$/, rule.id);
      assert.match(rule.requirement, /^([a-z0-9-]+:)?[A-Za-z0-9.-]+$/, `${rule.id} cites a requirement key`);
      assert.ok((SEVERITIES as readonly string[]).includes(rule.severity), `${rule.id} has a known severity`);
      for (const key of rule.alsoEvidences) assert.match(key, /^[a-z0-9-]+:[A-Za-z0-9.-]+$/, `${rule.id}: ${key} names its framework`);
    }
  });

  test('docs/compliance.md lists exactly the rules that run, each with the requirement it cites', () => {
    const doc = readFileSync(new URL('../../../docs/compliance.md', import.meta.url), 'utf8');
    const rows = [...doc.matchAll(/^\| `([a-z]+\.[a-z-]+)` \| [^|]+ \| `([^`]+)` \|/gm)].map((m) => [m[1], m[2]]);
    assert.deepEqual(rows, RULES.map((r) => [r.id, r.requirement]));
  });
});
