// A small organisation with dated duties, for the my-work and reminder tests (service, HTTP and
// Chromium). The clock these expect is 2026-11-28 (test/support/app.ts's default).
import type { Db } from '../database.ts';

export interface WorkFixture {
  readonly units: Record<'DEPT' | 'OPS' | 'HR', string>;
  /** alice (line manager mark) owns three actions; sam is a supplier's SRO, with dana as deputy; bob has none; hana is in HR. */
  readonly people: Record<'alice' | 'mark' | 'dana' | 'sam' | 'bob' | 'hana', string>;
  readonly supplierId: string;
}

export async function seedWork(db: Db): Promise<WorkFixture> {
  const unit = async (code: string, parent: string | null) => (await db.insertInto('organisation_units').values({ code, name: `Unit ${code}`, unit_type: parent ? 'team' : 'department', parent_id: parent }).returning('id').executeTakeFirstOrThrow()).id;
  const DEPT = await unit('DEPT', null);
  const OPS = await unit('OPS', DEPT);
  const HR = await unit('HR', DEPT);
  const person = async (key: string, unitId: string, lineManagerId: string | null = null) =>
    (await db.insertInto('people').values({ email: `${key}@example.gov.uk`, display_name: key[0]!.toUpperCase() + key.slice(1), unit_id: unitId, line_manager_id: lineManagerId, created_at: new Date('2026-01-05T10:00:00Z') }).returning('id').executeTakeFirstOrThrow()).id;
  const mark = await person('mark', OPS);
  const alice = await person('alice', OPS, mark);
  const dana = await person('dana', OPS);
  const sam = await person('sam', OPS, mark);
  const bob = await person('bob', OPS, mark);
  const hana = await person('hana', HR);
  let n = 9000;
  const action = async (title: string, owner: string, dueOn: string, status: 'open' | 'done' = 'open') =>
    db.insertInto('actions').values({ reference: `ACT-${++n}`, title, owner_person_id: owner, unit_id: OPS, due_on: dueOn, status, created_by: 'test' }).execute();
  await action('Patch the case system', alice, '2026-11-30');
  await action('Rotate the signing keys', alice, '2026-11-10');
  await action('Plan next year’s exercises', alice, '2027-03-01');
  await action('Finished already', alice, '2026-11-01', 'done');
  // A supplier whose reassessment was due on 15 November, owned by its SRO appointment with a deputy.
  const supplierId = (await db.insertInto('suppliers').values({ reference: 'SUP-9001', name: 'Acme Hosting', unit_id: OPS }).returning('id').executeTakeFirstOrThrow()).id;
  const questionnaireId = (await db.insertInto('questionnaires').values({ code: 'WORK-TEST', title: 'Test questionnaire' }).returning('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('supplier_assessments').values({ reference: 'SA-9001', supplier_id: supplierId, questionnaire_id: questionnaireId, status: 'completed', completed_on: '2025-11-15', reassess_on: '2026-11-15', completed_by: 'test' }).execute();
  await db.insertInto('appointments').values({ role_code: 'senior-responsible-officer', person_id: sam, deputy_person_id: dana, record_type: 'supplier', record_id: supplierId, starts_on: '2025-01-01' }).execute();
  return { units: { DEPT, OPS, HR }, people: { alice, mark, dana, sam, bob, hana }, supplierId };
}
