import { performance } from 'node:perf_hooks';
import { loadConfig } from '/work/main/src/config.ts';
import { openRuntime } from '/work/main/src/runtime.ts';
import { systemActor } from '/work/main/src/access/actor.ts';
import { systemClock, londonDate, addDays } from '/work/main/src/platform/clock.ts';
const rt = await openRuntime(loadConfig({ DATABASE_URL: process.env.PROBE_URL!, CUSTODIAN_EXAMPLE: 'none' }), { log: { info: () => undefined, error: () => undefined } });
const db = rt.database.db;
const apps = await db.selectFrom('appointments').select(['id','starts_on']).where('record_type','=','information-asset').where('ends_on','is',null).limit(6).execute();
await rt.services.complianceWatcher.catchUp();
const today = londonDate(systemClock.now());
for (const a of apps) {
  (globalThis as any).__times = [];
  const t0 = performance.now();
  await rt.services.appointments.endAppointment(systemActor('p'), a.id, a.starts_on < addDays(today,-1) ? addDays(today,-1) : a.starts_on);
  const t1 = performance.now();
  const runs = await rt.services.complianceWatcher.catchUp();
  const t2 = performance.now();
  const st = (globalThis as any).__times.map(([k,v]: any) => k+':'+v.toFixed(1)).join(' ');
  console.log('write', (t1-t0).toFixed(1), 'catchUp', (t2-t1).toFixed(1), 'run', runs.map(r=>r.durationMs+'/'+r.rules).join(','), st);
}
await rt.close();
