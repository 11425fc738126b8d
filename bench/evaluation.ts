// How the benches time the compliance engine, shared by the compliance bench and the department-scale
// run: a full evaluation, the floor (each rule's statement run directly, outside the engine), and a
// write followed by the scoped re-evaluation of what it reached.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { systemActor } from '../src/access/actor.ts';
import { RULES } from '../src/compliance/rules/index.ts';
import { addDays, londonDate } from '../src/platform/clock.ts';
import type { Db } from '../src/database.ts';
import type { Services } from '../src/services.ts';

export interface FloorTiming {
  readonly totalMs: number;
  readonly rules: ReadonlyArray<{ readonly id: string; readonly ms: number; readonly subjects: number }>;
}

/**
 * Every rule's statement over every record, as the database answers it with no engine around it: no
 * run row, no working table, no findings written. With the engine's own setting (no JIT), so the floor
 * is the best the database does. The best of `runs` passes, so a cold cache does not flatter the ratio.
 */
export async function measureFloor(db: Db, now: Date, runs = 2): Promise<FloorTiming> {
  const today = londonDate(now);
  let best: FloorTiming | undefined;
  for (let pass = 0; pass < runs; pass++) {
    const rules: Array<{ id: string; ms: number; subjects: number }> = [];
    for (const rule of RULES) {
      const started = performance.now();
      const { rows } = await db.transaction().execute(async (trx) => {
        await sql`set local jit = off`.execute(trx);
        return rule.subjects({ today, now, scope: null }).execute(trx);
      });
      rules.push({ id: rule.id, ms: performance.now() - started, subjects: rows.length });
    }
    const totalMs = rules.reduce((sum, r) => sum + r.ms, 0);
    if (!best || totalMs < best.totalMs) best = { totalMs, rules };
  }
  return best!;
}

export interface ScopedTiming {
  /** The scoped run as the engine recorded it (compliance_runs.duration_ms), the median of the changes. */
  readonly runMs: number;
  /** The write and the watcher's pass after it, from the caller: what a person waits for a finding to move. */
  readonly withWriteMs: number;
  readonly rules: number;
}

/**
 * One change at a time, `changes` times: an Information Asset Owner's appointment ends, then the watcher
 * re-checks what the write reached. Medians, after one change to warm up.
 */
export async function measureScopedReevaluation(db: Db, services: Services, now: Date, changes = 7): Promise<ScopedTiming> {
  const actor = systemActor('bench');
  const today = londonDate(now);
  const appointments = await db.selectFrom('appointments').select(['id', 'starts_on']).where('record_type', '=', 'information-asset').where('ends_on', 'is', null).orderBy('id').limit(changes + 1).execute();
  if (appointments.length < changes + 1) throw new Error(`The bench needs ${changes + 1} current IAO appointments; the database has ${appointments.length}`);
  await services.complianceWatcher.catchUp();
  const withWrite: number[] = [];
  const runs: number[] = [];
  let rules = 0;
  for (const [index, appointment] of appointments.entries()) {
    const started = performance.now();
    // Ended yesterday, or on the day it began if that was today (a generated department's imports appoint today).
    const startsOn = String(appointment.starts_on).slice(0, 10);
    await services.appointments.endAppointment(actor, appointment.id, startsOn < addDays(today, -1) ? addDays(today, -1) : startsOn);
    const passes = await services.complianceWatcher.catchUp();
    const elapsed = performance.now() - started;
    if (index === 0) continue;
    withWrite.push(elapsed);
    const run = passes.at(-1);
    if (!run) throw new Error('The watcher made no scoped run after an IAO appointment ended');
    runs.push(run.durationMs);
    rules = run.rules;
  }
  return { runMs: median(runs), withWriteMs: median(withWrite), rules };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10;
}
