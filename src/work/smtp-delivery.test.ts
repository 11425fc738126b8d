// The reminders reach a real SMTP server on loopback (smtp-server), through the outbox's SMTP delivery
// chosen by CUSTODIAN_SMTP_URL: the message arrives with its recipient, subject and body; a refused
// delivery is kept with the server's error and sent on a later pass.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { createTestContext, testConfig, type TestContext } from '../../test/support/app.ts';
import { seedWork } from './test-fixtures.ts';

interface Received {
  readonly from: string;
  readonly to: string[];
  readonly raw: string;
}

let t: TestContext;
let server: SMTPServer;
const received: Received[] = [];
let refuse = new Set<string>();

/** The message's headers, and its text body with quoted-printable undone. */
function parse(raw: string): { headers: Record<string, string>; body: string } {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of head!.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const at = line.indexOf(':');
    headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
  }
  let body = rest.join('\n\n');
  if (/quoted-printable/i.test(headers['content-transfer-encoding'] ?? '')) {
    body = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
  }
  return { headers, body: body.replace(/\r\n/g, '\n') };
}

before(async () => {
  server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => (auth.username === 'custodian' && auth.password === 'p@ss word' ? callback(null, { user: auth.username }) : callback(new Error('Invalid username or password'))),
    onRcptTo: (address, _session, callback) => (refuse.has(address.address) ? callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 })) : callback()),
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
    logger: false,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  t = await createTestContext({
    now: '2026-11-28T09:00:00Z',
    config: testConfig({ CUSTODIAN_SMTP_URL: `smtp://custodian:${encodeURIComponent('p@ss word')}@127.0.0.1:${port}`, CUSTODIAN_MAIL_FROM: 'custodian@example.gov.uk' }),
  });
  await seedWork(t.database.db);
});
after(async () => {
  await t.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe(`SMTP delivery of reminders (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('each reminder arrives at the server with its recipient, subject and body; a refused one is kept with its error', async () => {
    refuse = new Set(['mark@example.gov.uk']);
    await t.services.reminders.run();
    const first = await t.services.outbox.deliverWaiting();
    assert.deepEqual(first, { sent: 3, failed: 1 });
    assert.deepEqual(received.map((r) => r.to[0]).sort(), ['alice@example.gov.uk', 'dana@example.gov.uk', 'sam@example.gov.uk']);
    const alice = received.find((r) => r.to[0] === 'alice@example.gov.uk')!;
    assert.equal(alice.from, 'custodian@example.gov.uk');
    const { headers, body } = parse(alice.raw);
    assert.equal(headers.subject, 'Your dated duties: 1 overdue, 1 due soon');
    assert.equal(headers.to, 'alice@example.gov.uk');
    assert.match(body, /Dear Alice,/);
    assert.match(body, /Rotate the signing keys: 18 days overdue/);

    const kept = await t.database.db.selectFrom('notifications').select(['recipient_email', 'attempts', 'last_error', 'sent_at']).where('sent_at', 'is', null).execute();
    assert.equal(kept.length, 1);
    assert.equal(kept[0]!.recipient_email, 'mark@example.gov.uk');
    assert.equal(kept[0]!.attempts, 1);
    assert.match(kept[0]!.last_error ?? '', /550|Mailbox unavailable/);
  });

  test('the kept message is sent on the next pass once the server takes it, and nothing is sent twice', async () => {
    refuse = new Set();
    const second = await t.services.outbox.deliverWaiting();
    assert.deepEqual(second, { sent: 1, failed: 0 });
    assert.equal(received.length, 4);
    const mark = received.find((r) => r.to[0] === 'mark@example.gov.uk')!;
    assert.match(parse(mark.raw).body, /Alice \(you are their line manager\)/);
    const row = await t.database.db.selectFrom('notifications').select(['attempts', 'last_error', 'sent_at']).where('recipient_email', '=', 'mark@example.gov.uk').executeTakeFirstOrThrow();
    assert.equal(row.attempts, 2);
    assert.equal(row.last_error, null);
    assert.ok(row.sent_at);
    assert.deepEqual(await t.services.outbox.deliverWaiting(), { sent: 0, failed: 0 });
  });
});
