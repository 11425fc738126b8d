import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { loadConfig } from '/work/main/src/config.ts';
import { openRuntime } from '/work/main/src/runtime.ts';
import { RULES } from '/work/main/src/compliance/rules/index.ts';
import { ComplianceRepository } from '/work/main/src/compliance/repository.ts';
import { systemClock, londonDate } from '/work/main/src/platform/clock.ts';
const rt = await openRuntime(loadConfig({ DATABASE_URL: process.env.PROBE_URL!, CUSTODIAN_EXAMPLE: 'none' }), { log: { info: () => undefined, error: () => undefined } });
const db = rt.database.db;
const only = process.argv.slice(2);
const now = systemClock.now();
const repo = new ComplianceRepository(db);
const runId = await repo.startRun('full', 'probe', now);
for (const rule of RULES) {
  if (only.length && !only.includes(rule.id)) continue;
  const t = performance.now();
  await db.transaction().execute((trx) => new ComplianceRepository(trx).applyRule(trx, rule, { runId, today: londonDate(now), now, scope: null, recordTotals: true }));
  console.log(rule.id, Math.round(performance.now() - t));
}
await rt.close();
