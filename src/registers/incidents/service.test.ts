import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';
import { RESTRICTED_TEXT } from './entity.ts';
import { auditedOnce, incidentFixture, refused, reportInput, type IncidentFixture } from './test-fixtures.ts';

let t: TestContext;
let f: IncidentFixture;
const NOW = '2026-11-28T09:00:00Z';
const db = () => t.database.db;
const incidents = () => t.services.incidents;
const messagesAbout = async (reference: string) => (await db().selectFrom('notifications').select(['recipient_email', 'subject', 'body']).execute()).filter((m) => m.subject.includes(reference));

before(async () => {
  t = await createTestContext({ now: NOW });
  f = await incidentFixture(db());
});
after(async () => t.close());

describe(`incidents: reporting and handling (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('anyone reports; the report gets a reference and goes to the nearest IAL and the security team, without its personal data', async () => {
    const { id, reference } = await auditedOnce(db(), 'incident.reported', () => incidents().report(f.actors.reporter, reportInput()));
    assert.match(reference, /^INC-\d{4}$/);
    const messages = await messagesAbout(reference);
    // The IAL is appointed at the agency, above the reporter's business area; the CSO at the department.
    assert.deepEqual(messages.map((m) => m.recipient_email).sort(), ['cso@example.gov.uk', 'ial@example.gov.uk']);
    assert.ok(messages.every((m) => !m.body.includes('prison numbers')));
    const event = await db().selectFrom('audit_events').select(['changes']).where('record_id', '=', id).executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(event.changes).includes('prison numbers'), 'personal data stays out of the audit trail');
    const incident = await incidents().get(f.actors.reporter, id);
    assert.deepEqual([incident.stage, incident.unitName, incident.agencyName, incident.personalDataDetails], ['reported', 'Business area', 'Agency', 'Names and prison numbers of 40 people in custody']);
    assert.deepEqual((await incidents().myReports(f.actors.reporter)).map((i) => i.reference), [reference]);
  });

  test('a configured security mailbox takes the security team’s copy', async () => {
    await db().updateTable('settings').set({ value: 'security-incidents@example.gov.uk' }).where('key', '=', 'incidents.security-mailbox').execute();
    const { reference } = await incidents().report(f.actors.reporter, reportInput({ title: 'Laptop left on a train', personalData: 'no', personalDataDetails: '' }));
    assert.deepEqual((await messagesAbout(reference)).map((m) => m.recipient_email).sort(), ['ial@example.gov.uk', 'security-incidents@example.gov.uk']);
    await db().updateTable('settings').set({ value: '' }).where('key', '=', 'incidents.security-mailbox').execute();
  });

  test('a report with mistakes is refused, naming each one', async () => {
    const { code, text } = await refused(incidents().report(f.actors.reporter, reportInput({ title: '', occurredAt: '2026-11-27T16:00', awareAt: '2026-11-27T15:00', personalData: 'maybe', assets: ['IA-NOPE'] })));
    assert.equal(code, 'validation_failed');
    for (const words of ['title', 'before it happened', 'personal data', 'IA-NOPE']) assert.match(text, new RegExp(words));
  });

  test('the reporter sees their own reports; others without access to the register do not', async () => {
    const { id } = await incidents().report(f.actors.reporter, reportInput({ title: 'Tailgating at the office' }));
    assert.equal((await refused(incidents().get(f.actors.stranger, id))).code, 'forbidden');
    const seen = await incidents().list(f.actors.stranger, {}, 1);
    assert.equal(seen.total, 0);
    assert.ok((await incidents().list(f.actors.reporter, {}, 1)).incidents.some((i) => i.id === id));
    assert.ok((await incidents().list(f.actors.auditor, {}, 1)).incidents.some((i) => i.id === id));
  });

  test('triage sets the category, type, severity and kind, and stops the triage clock', async () => {
    const { id } = await incidents().report(f.actors.reporter, reportInput({ title: 'Phishing email clicked' }));
    t.clock.set('2026-11-28T12:30:00Z');
    assert.equal((await refused(incidents().triage(f.actors.reporter, id, { category: 'confidentiality', typeCode: 'phishing', severityCode: 'medium', kind: 'incident' }))).code, 'forbidden');
    await auditedOnce(db(), 'incident.triaged', () => incidents().triage(f.actors.security, id, { category: 'confidentiality', typeCode: 'phishing', severityCode: 'medium', kind: 'incident', handler: 'handler@example.gov.uk' }));
    const incident = await incidents().get(f.actors.security, id);
    assert.deepEqual([incident.stage, incident.category, incident.typeName, incident.severity?.name, incident.handlerName], ['triaged', 'confidentiality', 'Phishing or social engineering', 'Medium', 'HANDLER']);
    assert.deepEqual([incident.triage.hoursTaken, incident.triage.overdue], [3.5, false]);
    assert.deepEqual(incident.timeline.map((e) => e.kind), ['reported', 'triaged', 'assignment']);
    assert.deepEqual((await incidents().queue(f.actors.handler)).map((i) => i.id), [id]);
    const untriaged = await incidents().report(f.actors.reporter, reportInput({ title: 'Printer left unlocked' }));
    t.clock.set('2026-11-29T13:00:00Z');
    assert.equal((await incidents().get(f.actors.security, untriaged.id)).triage.overdue, true);
    t.clock.set(NOW);
  });

  test('stages move forward only; the assigned handler moves them; the security team reopens a closed one', async () => {
    const { id } = await incidents().report(f.actors.reporter, reportInput({ title: 'Server room door propped open', personalData: 'no', personalDataDetails: '' }));
    assert.match((await refused(incidents().advance(f.actors.security, id, 'contained'))).text, /not been triaged/);
    assert.equal((await refused(incidents().advance(f.actors.handler, id, 'contained'))).code, 'forbidden');
    await incidents().triage(f.actors.security, id, { category: 'availability', typeCode: 'physical-security', severityCode: 'low', kind: 'incident' });
    await auditedOnce(db(), 'incident.handler-assigned', () => incidents().assignHandler(f.actors.security, id, 'handler@example.gov.uk'));
    assert.equal((await refused(incidents().assignHandler(f.actors.handler, id, 'owner@example.gov.uk'))).code, 'forbidden');
    await auditedOnce(db(), 'incident.stage-changed', () => incidents().advance(f.actors.handler, id, 'eradicated', 'Door closer fixed'));
    assert.match((await refused(incidents().advance(f.actors.handler, id, 'contained'))).text, /only move forward/);
    assert.match((await refused(incidents().advance(f.actors.handler, id, 'closed'))).text, /contained, eradicated, recovered/);
    await auditedOnce(db(), 'incident.note-added', () => incidents().addNote(f.actors.handler, id, { text: 'Estates told' }));
    await auditedOnce(db(), 'incident.lessons-recorded', () => incidents().recordLessons(f.actors.handler, id, { wentWell: 'Found fast', wentBadly: 'Alarm did not sound', rootCause: 'Broken door closer' }));
    await auditedOnce(db(), 'action.created', () => incidents().addCorrectiveAction(f.actors.handler, id, { title: 'Inspect every secure door', owner: 'owner@example.gov.uk', dueOn: '2027-01-31' }));
    await auditedOnce(db(), 'incident.closed', () => incidents().close(f.actors.handler, id));
    // The assignment ends with the work: the handler no longer sees it.
    assert.equal((await refused(incidents().get(f.actors.handler, id))).code, 'forbidden');
    assert.equal((await refused(incidents().reopen(f.actors.handler, id, { reason: 'Again' }))).code, 'forbidden');
    assert.match((await refused(incidents().reopen(f.actors.security, id, { reason: '' }))).text, /why/);
    await auditedOnce(db(), 'incident.reopened', () => incidents().reopen(f.actors.security, id, { reason: 'The door was found open again', stage: 'contained' }));
    const reopened = await incidents().get(f.actors.handler, id);
    assert.deepEqual([reopened.stage, reopened.closedAt, reopened.timeline.at(-1)?.kind], ['contained', null, 'reopened']);
  });

  test('records and people are linked and unlinked, each change audited', async () => {
    await db().insertInto('information_assets').values({ reference: 'IA-1', name: 'Prisoner records', unit_id: f.units.AREA, classification_tier: 'OFFICIAL' }).execute();
    const { id } = await incidents().report(f.actors.reporter, reportInput({ title: 'Records shared by mistake', assets: ['ia-1'] }));
    const asset = (await incidents().get(f.actors.security, id)).assets[0]!;
    assert.equal(asset.reference, 'IA-1');
    await auditedOnce(db(), 'incident.unlinked', () => incidents().unlinkRecord(f.actors.security, id, 'asset', asset.id));
    await auditedOnce(db(), 'incident.linked', () => incidents().linkRecord(f.actors.security, id, 'asset', 'IA-1'));
    assert.match((await refused(incidents().linkRecord(f.actors.security, id, 'service', 'SVC-NONE'))).text, /SVC-NONE is not the reference of a technology service/);
    await auditedOnce(db(), 'incident.person-linked', () => incidents().linkPerson(f.actors.security, id, { person: 'stranger@example.gov.uk', role: 'affected' }));
    await auditedOnce(db(), 'incident.person-unlinked', () => incidents().unlinkPerson(f.actors.security, id, f.people.stranger));
  });

  test('personal data is shown to the reporter, handler, security team and DPO; auditors and IALs see it restricted', async () => {
    const { id } = await incidents().report(f.actors.reporter, reportInput({ title: 'Case file posted to the wrong prisoner' }));
    await incidents().triage(f.actors.security, id, { category: 'confidentiality', typeCode: 'misdirected', severityCode: 'high', kind: 'incident', handler: 'S-handler' });
    await incidents().linkPerson(f.actors.handler, id, { person: 'stranger@example.gov.uk', role: 'affected', note: 'Their file' });
    await incidents().addNote(f.actors.handler, id, { text: 'The prisoner is Mr Example in cell 4', restricted: true });
    await incidents().addNote(f.actors.handler, id, { text: 'Governor told' });
    for (const who of ['reporter', 'handler', 'security', 'dpo'] as const) {
      const incident = await incidents().get(f.actors[who], id);
      assert.equal(incident.personalDataDetails, 'Names and prison numbers of 40 people in custody', who);
      assert.equal(incident.people.length, 1, who);
      assert.ok(incident.timeline.some((e) => e.text.includes('Mr Example')), who);
      assert.equal(incident.may.seePersonalData, true, who);
    }
    for (const who of ['auditor', 'ial'] as const) {
      const incident = await incidents().get(f.actors[who], id);
      assert.equal(incident.personalDataDetails, RESTRICTED_TEXT, who);
      assert.deepEqual([incident.people.length, incident.personalDataRestricted, incident.may.handle], [0, true, false], who);
      assert.ok(!JSON.stringify(incident).includes('Mr Example'), who);
      assert.ok(!JSON.stringify(incident).includes('prison numbers'), who);
      assert.ok(incident.timeline.some((e) => e.text === 'Governor told'), who);
    }
    assert.equal((await refused(incidents().triage(f.actors.ial, id, { category: 'confidentiality', typeCode: 'misdirected', severityCode: 'low', kind: 'incident' }))).code, 'forbidden');
  });

  test('the list filters as the register does, and the trend and timings count what the reader may see', async () => {
    const all = await incidents().list(f.actors.security, {}, 1);
    assert.ok(all.total >= 6);
    assert.ok((await incidents().list(f.actors.security, { personalData: 'no' }, 1)).incidents.every((i) => i.personalData === 'no'));
    assert.deepEqual((await incidents().list(f.actors.security, { search: 'tailgating' }, 1)).incidents.map((i) => i.title), ['Tailgating at the office']);
    assert.equal((await incidents().list(f.actors.security, { unitId: f.units.OTHER }, 1)).total, 0);
    assert.equal((await incidents().list(f.actors.security, { stage: 'reported', category: 'integrity' }, 1)).total, 0);
    const trend = await incidents().trend(f.actors.security, {});
    assert.equal(trend.months.length, 12);
    assert.equal(trend.months.at(-1), '2026-11');
    assert.equal(trend.incidents.at(-1), all.total);
    assert.deepEqual(trend.byAgency.map((s) => [s.label, s.total]), [['Agency', all.total]]);
    assert.equal(trend.byCategory.find((s) => s.key === 'confidentiality')?.total, 2);
    const timings = await incidents().timings(f.actors.security, {});
    assert.ok(timings.triage.count >= 3 && timings.triage.medianHours !== null);
    assert.equal((await incidents().timings(f.actors.stranger, {})).triage.count, 0);
  });
});
