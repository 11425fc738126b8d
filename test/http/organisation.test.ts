import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../src/access/actor.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import type { Browser} from '../support/inject-browser.ts';
import { signedInAs } from '../support/inject-browser.ts';

let t: TestApp;
let admin: Browser;
let staff: Browser;

before(async () => {
  // The MoJ example as first-run setup loads it (a copy of one load: test/support/template.ts).
  t = await createTestApp({ example: 'moj' });
  admin = await signedInAs(t, 'org-admin@example.gov.uk', ['administrator']);
  staff = await signedInAs(t, 'member@example.gov.uk');
});
after(async () => {
  await t.close();
});

describe('the MoJ example: tree, chain and Annex A', () => {
  test('an agency’s page shows the chain up to the Prime Minister, with the delegation at each step', async () => {
    const page = await staff.request('GET', '/organisation/HMPPS');
    assert.equal(page.statusCode, 200);
    const order = ['HM Prison and Probation Service', 'Ministry of Justice', 'Cabinet Secretary', 'Prime Minister'].map((title) => page.body.indexOf(`${title}`));
    assert.ok(order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1]!)), `levels in order: ${order.join(', ')}`);
    assert.match(page.body, /accountable to the Principal Accounting Officer of Ministry of Justice/);
    assert.match(page.body, /James McEwen/);
    assert.match(page.body, /Amie Alekna/);
  });

  test('Annex A lists the bodies with their own Accounting Officer and flags the gaps in the example', async () => {
    const page = await staff.request('GET', '/annex-a');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Legal Services Board/);
    assert.doesNotMatch(page.body, /<a class="govuk-link" href="\/organisation\/LAWCOM">/, 'advisory bodies have no Accounting Officer of their own');
    assert.ok((page.body.match(/None appointed/g) ?? []).length >= 3, 'the example leaves gaps to flag');

    const token = await t.services.accounts.createTokenForEmail('member@example.gov.uk', { name: 'annex', readOnly: true });
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/annex-a', headers: { authorization: `Bearer ${token}` } });
    const items = api.json().items as Array<{ unit: { code: string }; gaps: Array<{ kind: string }>; securityBoardMembers: unknown[] }>;
    const lsb = items.find((i) => i.unit.code === 'LSB');
    assert.deepEqual(lsb?.gaps.map((g) => g.kind), ['no-security-board-member']);
    assert.deepEqual(lsb?.securityBoardMembers, []);
    assert.ok(items.some((i) => i.unit.code === 'JAC' && i.gaps.some((g) => g.kind === 'no-accounting-officer')), 'the ended appointment leaves JAC without an officer');

    const csv = await staff.request('GET', '/annex-a.csv');
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    assert.match(csv.headers['content-disposition'] as string, /attachment/);
    assert.equal(csv.body.split('\r\n')[0], 'Protective marking,Body,Code,Type,Accounting Officer,Board member responsible for information security,Missing');
    assert.equal(csv.body.trim().split('\r\n').length, items.length + 1);
    const exported = await t.database.db.selectFrom('audit_events').select(['actor_label', 'metadata']).where('action', '=', 'annex-a.exported').executeTakeFirstOrThrow();
    assert.match(exported.actor_label, /member@example\.gov\.uk/, 'the export of names is recorded');
  });

  test('the appointments page lists every gap, including an ended appointment and a deputy who has left', async () => {
    const page = await admin.request('GET', '/appointments');
    assert.match(page.body, /ended on 2026-06-30, and no one has succeeded them/);
    assert.match(page.body, /has left\./);
  });

  test('Get help finds the line manager and the nearest Information Assurance Lead by walking up', async () => {
    const nina = await t.database.db.selectFrom('people').select('email').where('display_name', '=', 'Nina Rivet').executeTakeFirstOrThrow();
    const browser = await signedInAs(t, nina.email);
    const help = await browser.request('GET', '/help');
    assert.equal(help.statusCode, 200);
    assert.match(help.body, /Mei Anchor/, 'the Information Assurance Lead of the business area above her team');
    assert.match(help.body, /security@justice\.gov\.uk/);
  });

  test('an appointment gives its holder sight of their unit’s people, and no further', async () => {
    const mei = await t.database.db.selectFrom('people').select('email').where('display_name', '=', 'Mei Anchor').executeTakeFirstOrThrow();
    const browser = await signedInAs(t, mei.email);
    const list = await browser.request('GET', '/people');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Nina Rivet/, 'someone in a team below her business area');
    assert.doesNotMatch(list.body, /Helen Keystone/, 'the Permanent Secretary is in another unit');
    const helen = await t.database.db.selectFrom('people').select('id').where('display_name', '=', 'Helen Keystone').executeTakeFirstOrThrow();
    assert.equal((await browser.request('GET', `/people/${helen.id}`)).statusCode, 403);
    assert.equal((await browser.request('GET', '/people?unit=HMPPS')).statusCode, 403);
  });
});

describe('the policy library of the MoJ example', () => {
  test('shows the strategic policy as tier 1, with its statements and the linter’s findings', async () => {
    const library = await staff.request('GET', '/library');
    assert.equal(library.statusCode, 200);
    const id = /href="\/library\/([0-9a-f-]{36})">Strategic Information Security Policy</.exec(library.body)?.[1] ?? assert.fail('the strategic policy is listed');
    const page = await staff.request('GET', `/library/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Tier 1: Strategic policy/);
    assert.match(page.body, /<code>SISP-001<\/code>/);
    assert.match(page.body, /complete regular information security training/);
    for (const code of ['placeholder', 'unresolved-reference', 'mojibake', 'spelling']) assert.match(page.body, new RegExp(`<code>${code}</code>`));
    assert.doesNotMatch(page.body, /<script>(?!document\.body)/, 'document text is rendered without raw HTML');
  });

  test('two versions compare side by side, and a version that does not exist is a clear 404', async () => {
    const moj = await t.services.organisationUnits.getUnitByCode(systemActor('t'), 'MOJ');
    const v1 = '# Screen locking\n\nStaff must lock screens.\n';
    const { documentId } = await t.services.documents.importDocument(systemActor('t'), { sourceName: 'screens.md', markdown: v1, unitId: moj.id });
    await t.services.documents.importDocument(systemActor('t'), { sourceName: 'screens.md', markdown: '# Screen locking\n\nStaff must lock their screens.\n', unitId: moj.id });
    const page = await staff.request('GET', `/library/${documentId}/compare?from=1&to=2`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<del><span class="govuk-visually-hidden">Taken out: <\/span>Staff must lock screens\.<\/del>/);
    assert.match(page.body, /<ins><span class="govuk-visually-hidden">Put in: <\/span>Staff must lock their screens\.<\/ins>/);
    const missing = await staff.request('GET', `/library/${documentId}/compare?from=1&to=9`);
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /Version 9 of Screen locking was not found/);
    assert.equal((await staff.request('GET', `/library/${documentId}/compare?from=one&to=2`)).statusCode, 400);
  });

  test('search finds documents by their words, best first, with the matches marked; documents with findings are listed', async () => {
    const results = await staff.request('GET', '/library?q=information%20security%20training');
    assert.equal(results.statusCode, 200);
    assert.match(results.body, /Strategic Information Security Policy/);
    assert.match(results.body, /<mark>training<\/mark>/i);
    const none = await staff.request('GET', '/library?q=zebra%20crossings');
    assert.match(none.body, /0 documents match/);
    const odd = await staff.request('GET', '/library?q=%22unbalanced%20(quote%20%26%20!');
    assert.equal(odd.statusCode, 200, 'search syntax a person types never breaks the page');
    assert.match((await staff.request('GET', '/library')).body, /Documents with findings to correct/);
  });

  test('a reader gives feedback on a statement; the security team replies; readers see only their own', async () => {
    const seed = await t.database.db.selectFrom('documents').select('id').where('source_name', '=', 'strategic-information-security-policy.md').executeTakeFirstOrThrow();
    const empty = await staff.post(`/library/${seed.id}/feedback`, { text: '  ' }, `/library/${seed.id}`);
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Enter your feedback/);
    const wrongKey = await staff.post(`/library/${seed.id}/feedback`, { text: 'x', requirementKey: 'NOPE-1' }, `/library/${seed.id}`);
    assert.match(wrongKey.body, /NOPE-1 is not a statement of this document/);
    const sent = await staff.post(`/library/${seed.id}/feedback`, { text: 'Please name the Incident Management AUP properly.', requirementKey: 'SISP-001' }, `/library/${seed.id}`);
    assert.equal(sent.statusCode, 303);
    const other = await signedInAs(t, 'other-reader@example.gov.uk');
    assert.doesNotMatch((await other.request('GET', `/library/${seed.id}`)).body, /name the Incident Management AUP properly/, 'another reader does not see it');
    const security = await signedInAs(t, 'sig@example.gov.uk', ['security_team']);
    const page = await security.request('GET', `/library/${seed.id}`);
    assert.match(page.body, /name the Incident Management AUP properly/);
    const feedbackId = /action="\/library\/[0-9a-f-]{36}\/feedback\/([0-9a-f-]{36})"/.exec(page.body)?.[1] ?? assert.fail('the triage form is shown');
    assert.equal((await staff.post(`/library/${seed.id}/feedback/${feedbackId}`, { status: 'done', reply: 'x' }, `/library/${seed.id}`)).statusCode, 403, 'a reader cannot triage');
    assert.equal((await security.post(`/library/${seed.id}/feedback/${feedbackId}`, { status: 'accepted', reply: 'Agreed: the next version links it.' }, `/library/${seed.id}`)).statusCode, 303);
    assert.match((await staff.request('GET', `/library/${seed.id}`)).body, /Agreed: the next version links it\./);
  });

  test('a document’s own HTML and script links are shown as text, never run', async () => {
    const moj = await t.services.organisationUnits.getUnitByCode(systemActor('t'), 'MOJ');
    const hostile = '# Hostile guidance\n\nStaff must read this.\n\n<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))\n';
    const { documentId } = await t.services.documents.importDocument(systemActor('t'), { sourceName: 'hostile.md', markdown: hostile, unitId: moj.id });
    const page = await staff.request('GET', `/library/${documentId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /&lt;script&gt;alert/);
    assert.doesNotMatch(page.body, /<script>alert/);
    assert.doesNotMatch(page.body, /<img src=x/);
    assert.doesNotMatch(page.body, /href="javascript:/);
  });
});

describe('changing the organisation', () => {
  test('an administrator adds a unit, and a move that would make a loop is refused', async () => {
    const moj = await t.services.organisationUnits.getUnitByCode(systemActor('t'), 'MOJ');
    const created = await admin.post('/organisation', { _: '', code: 'moj-risk', name: 'Risk Team', unitType: 'team', parentId: moj.id, hasOwnAccountingOfficer: 'no' }, '/organisation/new');
    assert.equal(created.headers.location, '/organisation/MOJ-RISK');
    const risk = await t.services.organisationUnits.getUnitByCode(systemActor('t'), 'MOJ-RISK');
    const duplicate = await admin.post('/organisation', { code: 'MOJ-RISK', name: 'Again', unitType: 'team', parentId: moj.id }, '/organisation/new');
    assert.equal(duplicate.statusCode, 400);
    assert.match(duplicate.body, /already used by Risk Team/);

    const loop = await admin.post('/organisation/MOJ', { code: 'MOJ', name: 'Ministry of Justice', unitType: 'department', parentId: risk.id, hasOwnAccountingOfficer: 'yes' }, '/organisation/MOJ/edit');
    assert.equal(loop.statusCode, 400);
    assert.match(loop.body, /cannot be placed under itself or under one of its own units/);

    const hmpps = await t.services.organisationUnits.getUnitByCode(systemActor('t'), 'HMPPS');
    const moved = await admin.post('/organisation/MOJ-RISK', { code: 'MOJ-RISK', name: 'Risk Team', unitType: 'team', parentId: hmpps.id, hasOwnAccountingOfficer: 'no' }, '/organisation/MOJ-RISK/edit');
    assert.equal(moved.statusCode, 303);
    const chain = await staff.request('GET', '/organisation/MOJ-RISK');
    assert.match(chain.body, /Part of HM Prison and Probation Service/, 'the chain follows the move');
    assert.equal((await staff.post('/organisation', { code: 'X1', name: 'x', unitType: 'team', parentId: moj.id }, '/organisation')).statusCode, 403);
  });

  test('appointing and ending an appointment closes and opens gaps; bad input is explained', async () => {
    const lsb = await t.services.organisationUnits.getUnitByCode(systemActor('t'), 'LSB');
    const bad = await admin.post('/appointments', { roleCode: 'security-board-member', unitId: lsb.id, person: 'nobody@example.gov.uk', startsOn: '2026-02-30' }, '/appointments/new');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /No one in the people register has the email or staff number nobody@example.gov.uk/);
    const badDate = await admin.post('/appointments', { roleCode: 'security-board-member', unitId: lsb.id, person: 'member@example.gov.uk', startsOn: '2026-02-30' }, '/appointments/new');
    assert.match(badDate.body, /Enter the start date as a real date/);
    const ok = await admin.post('/appointments', { roleCode: 'security-board-member', unitId: lsb.id, person: 'member@example.gov.uk', startsOn: '2026-11-01' }, '/appointments/new');
    assert.equal(ok.statusCode, 303);
    const annex = await staff.request('GET', '/api/v1/annex-a');
    assert.equal(annex.statusCode, 401, 'the API needs a token, not a session');
    const rows = await t.services.appointments.annexA(systemActor('t'));
    assert.deepEqual(rows.find((r) => r.unit.code === 'LSB')?.gaps, []);

    const appointment = await t.database.db.selectFrom('appointments').select('id').where('unit_id', '=', lsb.id).where('role_code', '=', 'security-board-member').executeTakeFirstOrThrow();
    const deputy = await admin.post(`/appointments/${appointment.id}`, { startsOn: '2026-11-01', endsOn: '', deputy: 'member@example.gov.uk' }, `/appointments/${appointment.id}/edit`);
    assert.equal(deputy.statusCode, 400, 'the holder cannot be their own deputy');
    assert.match(deputy.body, /someone other than the person appointed/);
    const helen = await t.database.db.selectFrom('people').select('email').where('display_name', '=', 'Helen Keystone').executeTakeFirstOrThrow();
    assert.equal((await admin.post(`/appointments/${appointment.id}`, { startsOn: '2026-11-01', endsOn: '', deputy: helen.email }, `/appointments/${appointment.id}/edit`)).statusCode, 303);
    const withDeputy = await t.database.db.selectFrom('appointments').innerJoin('people', 'people.id', 'appointments.deputy_person_id').select('people.display_name').where('appointments.id', '=', appointment.id).executeTakeFirstOrThrow();
    assert.equal(withDeputy.display_name, 'Helen Keystone');
    const early = await admin.post(`/appointments/${appointment.id}/end`, { endsOn: '2026-01-01' }, '/appointments');
    assert.equal(early.statusCode, 400);
    assert.equal((await admin.post(`/appointments/${appointment.id}/end`, { endsOn: '2026-11-27' }, '/appointments')).statusCode, 303);
    const after = await t.services.appointments.annexA(systemActor('t'));
    assert.deepEqual(after.find((r) => r.unit.code === 'LSB')?.gaps.map((g) => g.kind).sort(), ['ended-without-successor', 'no-security-board-member']);
  });

  test('a person’s line manager cannot be someone who reports to them', async () => {
    const helen = await t.database.db.selectFrom('people').select(['id', 'email', 'unit_id', 'display_name']).where('display_name', '=', 'Helen Keystone').executeTakeFirstOrThrow();
    const report = await t.database.db.selectFrom('people').select('email').where('line_manager_id', '=', helen.id).executeTakeFirstOrThrow();
    const loop = await admin.post(`/people/${helen.id}`, { displayName: helen.display_name, email: helen.email, unitId: helen.unit_id ?? '', personType: 'staff', lineManager: report.email }, `/people/${helen.id}/edit`);
    assert.equal(loop.statusCode, 400);
    assert.match(loop.body, /would make a loop/);
    assert.match(loop.body, /href="#lineManager"/);
  });
});

describe('importing people on the upload page', () => {
  const upload = async (browser: Browser, csvText: string, dryRun: boolean) => {
    const page = await browser.request('GET', '/people/import');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const boundary = '----custodian-test-boundary';
    const parts = [
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`,
      ...(dryRun ? [`--${boundary}\r\nContent-Disposition: form-data; name="dryRun"\r\n\r\nyes\r\n`] : []),
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="hr-export.csv"\r\nContent-Type: text/csv\r\n\r\n${csvText}\r\n`,
      `--${boundary}--\r\n`,
    ];
    return t.app.inject({
      method: 'POST',
      url: '/people/import',
      remoteAddress: browser.address,
      headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: parts.join(''),
    });
  };

  test('a dry run shows what would change; errors are listed by line and column; a real run imports', async () => {
    const good = 'email,name,unit_code\nnew.starter@example.justice.gov.uk,New Starter,MOJ-SIG-CYBER\n';
    const dry = await upload(admin, good, true);
    assert.equal(dry.statusCode, 200, dry.body.slice(0, 300));
    assert.match(dry.body, /The file is ready to import/);
    const bad = await upload(admin, 'email,name,unit_code\nbroken,Someone,NOWHERE\n', false);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Unit code NOWHERE is not in the organisation/);
    assert.match(bad.body, /&quot;broken&quot; is not an email address/);
    const real = await upload(admin, good, false);
    assert.match(real.body, /People imported/);
    const person = await t.database.db.selectFrom('people').select('display_name').where('email', '=', 'new.starter@example.justice.gov.uk').executeTakeFirst();
    assert.equal(person?.display_name, 'New Starter');
    const event = await t.database.db.selectFrom('audit_events').select('metadata').where('action', '=', 'people.imported').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    assert.equal((event.metadata as { fileName: string }).fileName, 'hr-export.csv');
    assert.equal((await upload(staff, good, true)).statusCode, 403, 'a member of staff cannot import');
  });
});
