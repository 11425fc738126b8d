import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig, SETTINGS } from './config.ts';

describe('configuration', () => {
  test('defaults give a working embedded setup with the MoJ example', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.example, 'moj');
    assert.equal(config.protectiveMarking, 'OFFICIAL-SENSITIVE');
    assert.equal(config.publicBaseUrl, 'http://localhost:3000');
    assert.equal(config.requireSecureCookies, false);
    assert.match(config.dataDir, /\/data$/);
  });

  test('on PostgreSQL the example defaults to none', () => {
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).example, 'none');
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://u@h/db', CUSTODIAN_EXAMPLE: 'moj' }).example, 'moj');
  });

  test('an https base URL requires secure cookies', () => {
    assert.equal(loadConfig({ CUSTODIAN_BASE_URL: 'https://custodian.example.gov.uk/' }).requireSecureCookies, true);
  });

  test('every problem is listed at once, each saying what to fix', () => {
    assert.throws(
      () =>
        loadConfig({
          PORT: '70000',
          DATABASE_URL: 'mysql://x',
          CUSTODIAN_EXAMPLE: 'acme',
          CUSTODIAN_ADMIN_EMAIL: 'not-an-email',
          CUSTODIAN_ADMIN_PASSWORD: 'short',
          CUSTODIAN_SESSION_SECRET: 'tiny',
          CUSTODIAN_BASE_URL: 'ftp://x',
          CUSTODIAN_TRUSTED_PROXIES: '10.0.0.1, proxy.local',
          LOG_LEVEL: 'loud',
          CUSTODIAN_MAX_UPLOAD_MB: '0',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        const names = ['PORT', 'DATABASE_URL', 'CUSTODIAN_EXAMPLE', 'CUSTODIAN_ADMIN_EMAIL', 'CUSTODIAN_ADMIN_PASSWORD', 'CUSTODIAN_SESSION_SECRET', 'CUSTODIAN_BASE_URL', 'CUSTODIAN_TRUSTED_PROXIES', 'LOG_LEVEL', 'CUSTODIAN_MAX_UPLOAD_MB'];
        assert.equal(error.problems.length, names.length);
        names.forEach((name, i) => assert.ok(error.problems[i]!.startsWith(name), `${name}: ${error.problems[i]}`));
        assert.match(error.message, /proxy\.local/);
        return true;
      },
    );
  });

  test('the README documents every setting', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const [name] of SETTINGS) assert.ok(readme.includes(`| \`${name}\` |`), `README.md has no row for ${name}`);
  });
});
