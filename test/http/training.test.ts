import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../src/access/actor.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { rootUnitId } from '../support/identity.ts';
import { signedInAs, type Browser } from '../support/inject-browser.ts';

let t: TestApp;
let security: Browser;
let manager: Browser;
let stranger: Browser;
const ids: Record<string, string> = {};
const CSV = (lines: string[]) => ({ name: 'training.csv', type: 'text/csv', bytes: Buffer.from(['staff number,email,course,completed on', ...lines].join('\n') + '\n') });

before(async () => {
  t = await createTestApp();
  security = await signedInAs(t, 'security@example.gov.uk', ['security_team']);
  manager = await signedInAs(t, 'manager@example.gov.uk');
  stranger = await signedInAs(t, 'stranger@example.gov.uk');
  const root = await rootUnitId(t);
  const db = t.database.db;
  const agency = await db.insertInto('organisation_units').values({ code: 'HMPPS', name: 'HM Prison and Probation Service', unit_type: 'executive_agency', parent_id: root }).returning('id').executeTakeFirstOrThrow();
  ids.manager = (await db.selectFrom('people').select('id').where('email', '=', 'manager@example.gov.uk').executeTakeFirstOrThrow()).id;
  await db.updateTable('people').set({ unit_id: agency.id }).where('id', '=', ids.manager).execute();
  ids.report = (await db.insertInto('people').values({ email: 'report@example.gov.uk', display_name: 'Report Person', unit_id: agency.id, staff_number: 'S100', line_manager_id: ids.manager }).returning('id').executeTakeFirstOrThrow()).id;
  await t.services.training.addCourse(systemActor('test'), { code: 'SEC-ANNUAL', title: 'Responsible for information', audience: 'everyone', validityMonths: 12 });
});
after(async () => t.close());

describe('training pages', () => {
  test('the security team adds a course; a bad form shows the error summary', async () => {
    assert.equal((await stranger.request('GET', '/training/courses/new')).statusCode, 403);
    const bad = await security.post('/training/courses', { code: '', title: '', audience: 'appointment', roleCode: '', validityMonths: '0' }, '/training/courses/new');
    assert.equal(bad.statusCode, 400);
    for (const field of ['code', 'title', 'roleCode', 'validityMonths']) assert.match(bad.body, new RegExp(`href="#${field}"`));
    const good = await security.post('/training/courses', { code: 'IAO', title: 'Information Asset Owner', audience: 'appointment', roleCode: 'information-asset-owner', validityMonths: '24' }, '/training/courses/new');
    assert.equal(good.statusCode, 303);
    const list = await stranger.request('GET', '/training/courses');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Information Asset Owner/);
  });

  test('the upload page checks a file, reports bad rows by line and column, then imports it', async () => {
    const dry = await security.upload('/training/import', { dryRun: 'yes' }, { file: CSV(['S100,,SEC-ANNUAL,2026-13-01', 'S999,,SEC-ANNUAL,2026-01-01']) }, '/training/import');
    assert.equal(dry.statusCode, 400);
    assert.match(dry.body, /The file has errors/);
    assert.match(dry.body, /No one in the people register has the staff number S999/);
    const ok = await security.upload('/training/import', {}, { file: CSV(['S100,,SEC-ANNUAL,2025-01-01', ',manager@example.gov.uk,SEC-ANNUAL,2026-10-01']) }, '/training/import');
    assert.equal(ok.statusCode, 200, ok.body.slice(0, 400));
    assert.match(ok.body, /Training completions imported/);
  });

  test('completion by unit with the agency chart; a unit’s people and their CSV', async () => {
    const page = await security.request('GET', '/training');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<svg[^>]*role="img"/);
    assert.match(page.body, /HM Prison and Probation Service/);
    const unit = await security.request('GET', '/training/units/HMPPS');
    assert.equal(unit.statusCode, 200);
    assert.match(unit.body, /Report Person/);
    const csv = await security.request('GET', '/training/units/HMPPS/people.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(csv.body, /S100,Report Person,report@example\.gov\.uk,SEC-ANNUAL,overdue/);
    assert.equal((await stranger.request('GET', '/training/units/HMPPS')).statusCode, 403);
  });

  test('a line manager sees their report’s training; a stranger is refused', async () => {
    const mine = await manager.request('GET', '/training');
    assert.equal(mine.statusCode, 200);
    assert.match(mine.body, /Your reports/);
    assert.equal((await manager.request('GET', `/training/people/${ids.report}`)).statusCode, 200);
    assert.equal((await stranger.request('GET', `/training/people/${ids.report}`)).statusCode, 403);
  });

  test('a completion recorded by hand', async () => {
    const bad = await security.post('/training/record', { person: 'nobody', courseCode: '', completedOn: 'soon' }, '/training/record');
    assert.equal(bad.statusCode, 400);
    const good = await security.post('/training/record', { person: 'S100', courseCode: 'SEC-ANNUAL', completedOn: '2026-11-01' }, '/training/record');
    assert.equal(good.statusCode, 200);
    assert.match(good.body, /Completion recorded/);
  });
});
