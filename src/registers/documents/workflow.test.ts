import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../access/actor.ts';
import { isAppError } from '../../platform/http/errors.ts';
import { personActor } from '../../../test/support/actors.ts';
import { createTestContext, type TestContext } from '../../../test/support/app.ts';

const system = systemActor('test');
let t: TestContext;
const unit: Record<string, string> = {};
const person: Record<string, string> = {};

const TEXT = '# Removable media standard\n\nStaff must encrypt removable media.\n\nStaff should label removable media.\n';

before(async () => {
  t = await createTestContext();
  const add = async (code: string, parent?: string) => {
    unit[code] = (await t.database.db.insertInto('organisation_units').values({ code, name: code, unit_type: 'department', parent_id: parent ? unit[parent]! : null }).returning('id').executeTakeFirstOrThrow()).id;
  };
  await add('MOJ');
  await add('HMPPS', 'MOJ');
  await add('PRISONS', 'HMPPS');
  for (const key of ['author', 'cso', 'deputy', 'hmppsCso', 'owner', 'bystander']) {
    person[key] = (await t.database.db.insertInto('people').values({ display_name: key, email: `${key.toLowerCase()}@example.gov.uk`, unit_id: unit.MOJ! }).returning('id').executeTakeFirstOrThrow()).id;
  }
  // Tier 3 is approved by the Chief Security Officer: the department's has a deputy.
  await t.database.db.insertInto('appointments').values({ role_code: 'chief-security-officer', person_id: person.cso!, unit_id: unit.MOJ!, starts_on: '2025-01-01', deputy_person_id: person.deputy! }).execute();
});
after(async () => {
  await t.close();
});

const as = (key: string, roles: Parameters<typeof personActor>[1] = []) => personActor(person[key]!, roles, unit.MOJ!, Object.values(unit));
const author = () => as('author', ['security_team']);
const refused = (code: string, pattern: RegExp) => (error: unknown) => isAppError(error) && error.code === code && pattern.test(error.message);
const count = async (table: 'audit_events' | 'decisions') => Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

async function newStandard(unitCode = 'MOJ'): Promise<string> {
  return t.services.documentWorkflow.createDocument(author(), { title: 'Removable media standard', tier: 3, unitId: unit[unitCode]!, owner: person.owner!, classification: 'OFFICIAL', reviewCycleMonths: 12, content: TEXT });
}

describe(`drafting, approval and publication (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  test('a new document is a draft: not published, no requirements yet, its lint findings kept on the draft', async () => {
    const id = await newStandard();
    const { document, version, statements } = await t.services.documents.get(system, id);
    assert.equal(document.status, 'draft');
    assert.equal(version, undefined);
    assert.equal(statements.length, 0);
    const { working } = await t.services.documentWorkflow.workingState(system, document);
    assert.equal(working?.status, 'draft');
    assert.equal(working?.created_by_person_id, person.author);
  });

  test('the approver is the holder of the tier’s role nearest the unit; the author cannot approve, the holder can', async () => {
    const id = await newStandard('PRISONS');
    await t.services.documentWorkflow.submitForApproval(author(), id);
    const document = (await t.services.documents.get(system, id)).document;
    assert.equal(document.status, 'in_review');
    const approver = await t.services.documentWorkflow.approverFor(document);
    assert.equal(approver?.holder?.personId, person.cso, 'walks up from Prisons to the department');

    // The author holds the role too (through an HMPPS appointment), yet may not approve their own draft.
    await t.database.db.insertInto('appointments').values({ role_code: 'chief-security-officer', person_id: person.author!, unit_id: unit.HMPPS!, starts_on: '2025-01-01' }).execute();
    const before = await count('decisions');
    await assert.rejects(t.services.documentWorkflow.decide(author(), id, { outcome: 'approve', comment: '' }), refused('forbidden', /You wrote version 1, so you cannot approve it/));
    assert.equal(await count('decisions'), before, 'a refusal records no decision');
    await t.database.db.deleteFrom('appointments').where('person_id', '=', person.author!).execute();

    await assert.rejects(t.services.documentWorkflow.decide(as('bystander'), id, { outcome: 'approve', comment: '' }), refused('forbidden', /Only the Chief Security Officer for MOJ \(cso\)/));

    await t.services.documentWorkflow.decide(as('cso'), id, { outcome: 'approve', comment: 'Clear and proportionate.' });
    const decision = await t.database.db.selectFrom('decisions').selectAll().where('kind', '=', 'document-approval').orderBy('decided_at', 'desc').executeTakeFirstOrThrow();
    assert.equal(decision.outcome, 'approved');
    assert.equal(decision.decided_by_person_id, person.cso);
    assert.equal(decision.role_held, 'Chief Security Officer, MOJ');
    assert.equal(decision.reason, 'Clear and proportionate.');
    const snapshot = decision.snapshot as { version: { number: number; sha256: string } };
    assert.equal(snapshot.version.number, 1);
    assert.match(snapshot.version.sha256, /^[0-9a-f]{64}$/);
    assert.equal((await t.services.documents.get(system, id)).document.status, 'approved');
  });

  test('publishing makes the statements requirements and starts the review cycle; a deputy may approve; returning needs a reason', async () => {
    const id = await newStandard();
    await t.services.documentWorkflow.submitForApproval(author(), id);
    await assert.rejects(t.services.documentWorkflow.decide(as('deputy'), id, { outcome: 'return', comment: ' ' }), refused('validation_failed', /Say why you are returning the draft/));
    await t.services.documentWorkflow.decide(as('deputy'), id, { outcome: 'return', comment: 'Say who labels the media.' });
    assert.equal((await t.services.documentWorkflow.workingState(system, (await t.services.documents.get(system, id)).document)).working?.status, 'draft', 'returned to its author');
    await assert.rejects(t.services.documentWorkflow.publish(author(), id), refused('invalid_state', /has not been approved yet/));

    await t.services.documentWorkflow.saveDraft(author(), id, { content: TEXT.replace('Staff should label', 'The owner should label'), summaryOfChange: '', material: true });
    await t.services.documentWorkflow.submitForApproval(author(), id);
    await t.services.documentWorkflow.decide(as('deputy'), id, { outcome: 'approve', comment: '' });
    const decision = await t.database.db.selectFrom('decisions').select('role_held').where('kind', '=', 'document-approval').orderBy('decided_at', 'desc').executeTakeFirstOrThrow();
    assert.equal(decision.role_held, 'Chief Security Officer, MOJ (deputy)');

    assert.equal(await t.services.documentWorkflow.publish(author(), id), 1);
    const { document, version, statements } = await t.services.documents.get(system, id);
    assert.equal(document.status, 'published');
    assert.equal(version?.number, 1);
    assert.equal(document.next_review_on, '2027-11-28', 'published on 28 November 2026, reviewed every 12 months');
    assert.deepEqual(statements.map((s) => s.text), ['Staff must encrypt removable media.', 'The owner should label removable media.']);
  });

  test('the owner drafts the next version; the published version stays until the new one is published, and keeps its requirement keys', async () => {
    const id = await newStandard();
    await t.services.documentWorkflow.submitForApproval(author(), id);
    await t.services.documentWorkflow.decide(as('cso'), id, { outcome: 'approve', comment: '' });
    await t.services.documentWorkflow.publish(author(), id);
    const keys = (await t.services.documents.get(system, id)).statements.map((s) => s.key);

    const owner = as('owner');
    await assert.rejects(t.services.documentWorkflow.saveDraft(owner, id, { content: TEXT, summaryOfChange: 'Nothing', material: false }), refused('validation_failed', /same as the published version 1/));
    await assert.rejects(t.services.documentWorkflow.saveDraft(owner, id, { content: `${TEXT}\nStaff must report lost media.\n`, summaryOfChange: '', material: false }), refused('validation_failed', /Summarise what this version changes/));
    assert.equal(await t.services.documentWorkflow.saveDraft(owner, id, { content: `${TEXT}\nStaff must report lost media.\n`, summaryOfChange: 'Reporting losses', material: false }), 2);
    await assert.rejects(t.services.documentWorkflow.saveDraft(as('bystander'), id, { content: 'x', summaryOfChange: 'x', material: false }), refused('forbidden', /Only the owner/));
    assert.equal((await t.services.documents.get(system, id)).version?.number, 1, 'readers still see version 1');

    await t.services.documentWorkflow.submitForApproval(owner, id);
    await assert.rejects(t.services.documentWorkflow.saveDraft(owner, id, { content: 'changed', summaryOfChange: 'x', material: false }), refused('invalid_state', /with the approver/));
    await t.services.documentWorkflow.decide(as('cso'), id, { outcome: 'approve', comment: '' });
    assert.equal(await t.services.documentWorkflow.publish(owner, id), 2);
    const after = await t.services.documents.get(system, id);
    assert.deepEqual(after.statements.slice(0, 2).map((s) => s.key), keys, 'unchanged statements keep their keys');
    assert.equal(after.statements.length, 3);
    assert.deepEqual(after.versions.map((v) => [v.number, v.status]), [[2, 'published'], [1, 'superseded']]);
  });

  test('a draft cannot be sent when nobody holds the approving role; every change is one audit event', async () => {
    await t.services.documentWorkflow.setApprovingRole(system, 3, 'data-protection-officer');
    const id = await newStandard();
    const before = await count('audit_events');
    await assert.rejects(t.services.documentWorkflow.submitForApproval(author(), id), refused('invalid_state', /Nobody holds the role that approves tier 3 documents \(Data Protection Officer\)/));
    assert.equal(await count('audit_events'), before);
    await t.services.documentWorkflow.setApprovingRole(system, 3, 'chief-security-officer');
    await t.services.documentWorkflow.submitForApproval(author(), id);
    assert.equal(await count('audit_events'), before + 2, 'the role change and the submission');
    await assert.rejects(t.services.documentWorkflow.setApprovingRole(system, 3, 'information-asset-owner'), refused('validation_failed', /Choose a role held for a unit/));
  });

  test('details: owner, parent and related documents change together; a parent loop and unknown references are refused', async () => {
    const parent = await newStandard();
    const child = await t.services.documentWorkflow.createDocument(author(), { title: 'Encrypting USB sticks', tier: 4, unitId: unit.MOJ!, owner: null, classification: 'OFFICIAL', reviewCycleMonths: 24, content: '# Encrypting USB sticks\n\nUse the approved tool.\n' });
    const parentDoc = (await t.services.documents.get(system, parent)).document;
    const childDoc = (await t.services.documents.get(system, child)).document;
    const base = { title: childDoc.title, tier: 4, unitId: unit.HMPPS!, owner: person.owner!, classification: 'OFFICIAL-SENSITIVE', reviewCycleMonths: 6 };
    await t.services.documentWorkflow.editDetails(author(), child, { ...base, parentDocumentId: parent, related: [parentDoc.key_prefix.toLowerCase()] });
    const changed = await t.services.documents.get(system, child);
    assert.deepEqual([changed.document.unit_id, changed.document.owner_person_id, changed.document.parent_document_id, changed.document.classification, changed.document.review_cycle_months], [unit.HMPPS, person.owner, parent, 'OFFICIAL-SENSITIVE', 6]);
    assert.deepEqual((await t.services.documentWorkflow.workingState(system, changed.document)).related.map((r) => r.id), [parent]);

    const parentDetails = { title: parentDoc.title, tier: 3, unitId: unit.MOJ!, owner: null, classification: 'OFFICIAL', reviewCycleMonths: 12, related: [] };
    await assert.rejects(t.services.documentWorkflow.editDetails(author(), parent, { ...parentDetails, parentDocumentId: child }), refused('validation_failed', /sits under this document/));
    await assert.rejects(t.services.documentWorkflow.editDetails(author(), child, { ...base, parentDocumentId: null, related: ['NOPE'] }), refused('validation_failed', /No document has the reference NOPE/));
    await assert.rejects(t.services.documentWorkflow.editDetails(as('owner'), child, { ...base, parentDocumentId: null, related: [] }), refused('forbidden', /permission/));
  });

  test('the owner answers feedback on their document; another member of staff cannot', async () => {
    const id = await newStandard();
    const feedbackId = await t.services.documents.giveFeedback(as('bystander'), id, { text: 'Who provides the encrypted sticks?' });
    assert.equal((await t.services.documents.feedback(as('owner'), id)).manages, true);
    await assert.rejects(t.services.documents.triageFeedback(as('bystander'), feedbackId, { status: 'done', reply: 'Me' }), refused('forbidden', /Only the owner of the document/));
    await t.services.documents.triageFeedback(as('owner'), feedbackId, { status: 'accepted', reply: 'The service desk: added in the next version.' });
    const [item] = (await t.services.documents.feedback(as('bystander'), id)).items;
    assert.deepEqual([item?.status, item?.reply], ['accepted', 'The service desk: added in the next version.']);
  });
});
