import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/platform/db/database.ts';
import { custodian } from '../support/cli.ts';
import { copySeededExample } from '../support/seeded-example.ts';

const dir = mkdtempSync(join(tmpdir(), 'custodian-cli-'));
const env = {
  CUSTODIAN_DATA_DIR: join(dir, 'data'),
  CUSTODIAN_EXAMPLE: 'moj',
  CUSTODIAN_ADMIN_EMAIL: 'operator@example.gov.uk',
  CUSTODIAN_ADMIN_PASSWORD: 'a long operator password',
  CUSTODIAN_AUDIT_KEY: 'an audit checkpoint key kept elsewhere',
  LOG_LEVEL: 'silent',
};

before(async () => {
  // What `custodian seed` makes with the MoJ example (test/cli/compliance.test.ts runs the command itself).
  await copySeededExample(env.CUSTODIAN_DATA_DIR, { adminEmail: env.CUSTODIAN_ADMIN_EMAIL, adminPassword: env.CUSTODIAN_ADMIN_PASSWORD });
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('custodian audit and tokens on the command line', () => {
  test('verify, checkpoint, tokens create and export on an intact trail; then tampering is caught', async () => {
    const verified = await custodian(['audit', 'verify'], env);
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stdout, /Audit trail intact: \d+ events, head [0-9a-f]{64}/);

    const checkpoint = await custodian(['audit', 'checkpoint'], env);
    assert.equal(checkpoint.code, 0, checkpoint.stderr);
    const saved = JSON.parse(checkpoint.stdout) as { count: number; hmac: string };
    assert.ok(saved.count >= 2 && /^[0-9a-f]{64}$/.test(saved.hmac), "the seed is audited: the example load and the administrator");
    const checkpointFile = join(dir, 'checkpoint.json');
    writeFileSync(checkpointFile, checkpoint.stdout);

    const token = await custodian(['tokens', 'create', '--email', 'operator@example.gov.uk', '--name', 'SIEM', '--read-only', '--expires-in-days', '30'], env);
    assert.equal(token.code, 0, token.stderr);
    assert.match(token.stdout, /^cust_[A-Za-z0-9_-]{43}\n$/, 'only the token is printed');

    const exported = await custodian(['audit', 'export', '--since', '2000-01-01'], env);
    assert.equal(exported.code, 0, exported.stderr);
    const lines = exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as { action: string; seq: number });
    assert.ok(lines.some((e) => e.action === 'token.created'));
    assert.deepEqual(lines.map((e) => e.seq), lines.map((_, i) => i + 1), 'in chain order');

    assert.equal((await custodian(['audit', 'verify', '--checkpoint', checkpointFile], env)).code, 0);

    // Someone with database access rewrites history.
    const db = await openDatabase({ engine: 'pglite', dataDir: env.CUSTODIAN_DATA_DIR });
    await sql`update audit_events set actor_label = 'nobody' where seq = 2`.execute(db.db);
    await db.close();

    const broken = await custodian(['audit', 'verify'], env);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /Audit trail broken at event 2: event 2 .* was altered/);
    assert.equal((await custodian(['audit', 'verify', '--checkpoint', checkpointFile], env)).code, 1);
  });

  test('bad arguments and a missing key get messages that say what to do', async () => {
    const noKey = await custodian(['audit', 'checkpoint'], { ...env, CUSTODIAN_AUDIT_KEY: '' });
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /Set CUSTODIAN_AUDIT_KEY/);
    const badDate = await custodian(['audit', 'export', '--since', 'yesterday'], env);
    assert.notEqual(badDate.code, 0);
    assert.match(badDate.stderr, /give a date such as 2026-11-01/);
    const noFile = await custodian(['audit', 'verify', '--checkpoint', join(dir, 'missing.json')], env);
    assert.equal(noFile.code, 1);
    assert.match(noFile.stderr, /Could not read the checkpoint/);
    const unknown = await custodian(['tokens', 'create', '--email', 'nobody@example.gov.uk', '--name', 'x'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /No enabled account has the email nobody@example.gov.uk/);
  });

  test('while another process holds the embedded database, a command stops and says what to do', async () => {
    const db = await openDatabase({ engine: 'pglite', dataDir: env.CUSTODIAN_DATA_DIR });
    try {
      const refused = await custodian(['audit', 'verify'], env);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /open in another Custodian process .*Stop the server first/);
    } finally {
      await db.close();
    }
  });
});
