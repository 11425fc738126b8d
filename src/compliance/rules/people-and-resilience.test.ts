// The people and resilience group as a whole: its rules are registered, cite their requirements and
// CAF 4.0 outcomes that exist, and every affectedBy statement runs, so the engine's scoped runs reach
// the right subjects (each rule's own scoped test checks one of them end to end).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../database.ts';
import { AuditTrail } from '../../platform/audit/audit-trail.ts';
import { fixedClock } from '../../platform/clock.ts';
import type { DatabaseHandle } from '../../platform/db/database.ts';
import { NOW } from '../../../test/support/compliance.ts';
import { createTestDatabase } from '../../../test/support/database.ts';
import { ComplianceEngine } from '../evaluate.ts';
import { PEOPLE_AND_RESILIENCE_RULES } from './people-and-resilience.ts';
import { RULES } from './index.ts';

const EXPECTED: Record<string, string> = {
  'training.mandatory': 'SISP-010',
  'training.role-specific': 'SISP-011',
  'continuity.exercised-in-interval': 'SISP-009',
  'incidents.triaged-in-time': 'SISP-006',
  'incidents.lessons-learned': 'SISP-006',
};

let handle: DatabaseHandle<Database>;
before(async () => {
  handle = await createTestDatabase();
});
after(async () => handle.close());

describe('the people and resilience rules', () => {
  test('are the five rules, registered once each, citing their requirements', () => {
    assert.deepEqual(Object.fromEntries(PEOPLE_AND_RESILIENCE_RULES.map((r) => [r.id, r.requirement])), EXPECTED);
    for (const rule of PEOPLE_AND_RESILIENCE_RULES) assert.equal(RULES.filter((r) => r.id === rule.id).length, 1, rule.id);
  });

  test('cite NCSC CAF 4.0 outcomes that the built-in framework has', () => {
    const caf = readFileSync(new URL('../../registers/frameworks/built-in/ncsc-caf-4.0.yaml', import.meta.url), 'utf8');
    for (const rule of PEOPLE_AND_RESILIENCE_RULES) {
      assert.ok(rule.alsoEvidences.length > 0, rule.id);
      for (const key of rule.alsoEvidences) {
        const [framework, code] = key.split(':');
        assert.equal(framework, 'ncsc-caf');
        assert.match(caf, new RegExp(`code: ${code!.replace('.', '\\.')}\\n`), `${rule.id}: ${key}`);
      }
    }
  });

  test('every affectedBy statement runs and returns ids', async () => {
    const ids = [crypto.randomUUID(), crypto.randomUUID()];
    for (const rule of PEOPLE_AND_RESILIENCE_RULES) {
      for (const [type, affects] of Object.entries(rule.affectedBy)) {
        if (typeof affects !== 'function') continue;
        const { rows } = await affects(ids).execute(handle.db);
        assert.deepEqual(rows, [], `${rule.id} ← ${type}`);
      }
    }
  });

  test('an import (one event naming its batch) re-runs the training rules in full; a course change too', async () => {
    const engine = new ComplianceEngine(handle.db, fixedClock(NOW), new AuditTrail(handle.db, fixedClock(NOW)), PEOPLE_AND_RESILIENCE_RULES);
    for (const type of ['import_batch', 'training-course']) {
      const scopes = await engine.scopesFor({ byType: new Map([[type, new Set([crypto.randomUUID()])]]) });
      assert.deepEqual(scopes.map((s) => [s.rule.id, s.scope]), [['training.mandatory', null], ['training.role-specific', null]], type);
    }
  });
});
