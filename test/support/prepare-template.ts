// Run once by scripts/run-tests.js before the test files: builds the migrated template(s).
import { ensurePGliteTemplate, ensurePostgresTemplate } from './template.ts';

const started = Date.now();
await ensurePGliteTemplate();
if (process.env.TEST_DATABASE_URL) await ensurePostgresTemplate(process.env.TEST_DATABASE_URL);
console.log(`# test database template ready in ${Date.now() - started} ms${process.env.TEST_DATABASE_URL ? ' (PGlite and PostgreSQL)' : ' (PGlite)'}`);
