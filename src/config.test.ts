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

  test('email delivery is off unless an SMTP URL is set; reminders at 07:00, 7 days ahead, escalated after 7 days', () => {
    const config = loadConfig({});
    assert.equal(config.smtp, undefined);
    assert.deepEqual([config.reminderHour, config.reminderDays, config.escalationDays], [7, 7, 7]);
    const mail = loadConfig({ CUSTODIAN_SMTP_URL: 'smtps://user:secret@mail.example.gov.uk:465', CUSTODIAN_MAIL_FROM: 'custodian@example.gov.uk', CUSTODIAN_REMINDER_HOUR: '6', CUSTODIAN_REMINDER_DAYS: '14', CUSTODIAN_ESCALATION_DAYS: '3' });
    assert.deepEqual(mail.smtp, { url: 'smtps://user:secret@mail.example.gov.uk:465', from: 'custodian@example.gov.uk' });
    assert.deepEqual([mail.reminderHour, mail.reminderDays, mail.escalationDays], [6, 14, 3]);
  });

  test('SMTP and reminder settings are checked, saying what to fix and never repeating the password', () => {
    const problems = (env: Record<string, string>): string[] => {
      try {
        loadConfig(env);
      } catch (error) {
        if (error instanceof ConfigError) return [...error.problems];
        throw error;
      }
      return [];
    };
    assert.deepEqual(problems({ CUSTODIAN_SMTP_URL: 'smtp://mail.example.gov.uk:587' }), ['CUSTODIAN_MAIL_FROM must be set when CUSTODIAN_SMTP_URL is: the From address of email notifications, such as custodian@example.gov.uk.']);
    const wrong = problems({ CUSTODIAN_SMTP_URL: 'https://user:hunter2hunter2@mail.example.gov.uk', CUSTODIAN_MAIL_FROM: 'nobody' });
    assert.equal(wrong.length, 2);
    assert.match(wrong[0]!, /^CUSTODIAN_SMTP_URL must be smtp:\/\/user:password@host:587 or smtps:\/\/user:password@host:465 \(got "https:\/\/mail\.example\.gov\.uk"\)/);
    assert.match(wrong[1]!, /^CUSTODIAN_MAIL_FROM must be an email address/);
    assert.ok(!wrong.join(' ').includes('hunter2'), 'the password is not repeated');
    assert.deepEqual(problems({ CUSTODIAN_SMTP_URL: 'not a url :hunter2@', CUSTODIAN_MAIL_FROM: 'a@b.uk' }), ['CUSTODIAN_SMTP_URL must be smtp://user:password@host:587 or smtps://user:password@host:465 (the value set is not a URL).']);
    assert.deepEqual(
      problems({ CUSTODIAN_REMINDER_HOUR: '24', CUSTODIAN_REMINDER_DAYS: 'soon', CUSTODIAN_ESCALATION_DAYS: '-1' }).map((p) => p.split(' ')[0]),
      ['CUSTODIAN_REMINDER_HOUR', 'CUSTODIAN_REMINDER_DAYS', 'CUSTODIAN_ESCALATION_DAYS'],
    );
  });

  test('the README documents every setting', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const [name] of SETTINGS) assert.ok(readme.includes(`| \`${name}\` |`), `README.md has no row for ${name}`);
  });
});
