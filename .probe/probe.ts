import { measureCompliance, measureServer } from '/work/main/bench/department/measure.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '/work/main/test/e2e/support/server.ts';
const env = { DATABASE_URL: process.env.PROBE_URL!, CUSTODIAN_EXAMPLE: 'none', CUSTODIAN_ADMIN_EMAIL: ADMIN_EMAIL, CUSTODIAN_ADMIN_PASSWORD: ADMIN_PASSWORD };
const say = (l: string) => console.log(new Date().toISOString().slice(11, 19), l);
const c = await measureCompliance(env, say);
for (const f of c.figures) console.log(f.name, f.value, f.unit, f.floor ?? '');
if (process.env.SKIP_SERVER) process.exit(0);
const s = await measureServer(env, c.token, { clients: 32, requestsPerClient: 10, pagesSpread: 20 }, say);
for (const f of s) console.log(f.name, f.value, f.unit);
