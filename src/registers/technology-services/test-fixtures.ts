// Units, people, assets and documents for the technology services tests, written straight to the
// test database so the tests do not depend on other registers' services.
import { sql } from 'kysely';
import type { Db } from '../../database.ts';

export interface ServiceFixture {
  readonly rootId: string;
  readonly opsId: string;
  readonly hrId: string;
  readonly people: Record<'ada' | 'bob' | 'cy' | 'gone', string>;
}

export async function serviceFixture(db: Db): Promise<ServiceFixture> {
  const root = await db.insertInto('organisation_units').values({ code: 'DEPT', name: 'Department', unit_type: 'department' }).returning('id').executeTakeFirstOrThrow();
  const ops = await db.insertInto('organisation_units').values({ code: 'OPS', name: 'Operations', unit_type: 'business_area', parent_id: root.id }).returning('id').executeTakeFirstOrThrow();
  const hr = await db.insertInto('organisation_units').values({ code: 'HR', name: 'Human resources', unit_type: 'business_area', parent_id: root.id }).returning('id').executeTakeFirstOrThrow();
  const person = async (key: string, staffNumber: string, status: 'active' | 'left' = 'active') =>
    (await db.insertInto('people').values({ email: `${key}@example.gov.uk`, staff_number: staffNumber, display_name: key.toUpperCase(), unit_id: ops.id, status }).returning('id').executeTakeFirstOrThrow()).id;
  const people = { ada: await person('ada', 'S1'), bob: await person('bob', 'S2'), cy: await person('cy', 'S3'), gone: await person('gone', 'S9', 'left') };
  const asset = (reference: string, tier: string, sensitive: boolean, instruction: string | null, descriptors: string[], personal: boolean) =>
    sql`insert into information_assets (reference, name, unit_id, classification_tier, sensitive, handling_instruction, descriptors, personal_data)
        values (${reference}, ${`Asset ${reference}`}, ${ops.id}, ${tier}, ${sensitive}, ${instruction}, ${JSON.stringify(descriptors)}::jsonb, ${personal})`.execute(db);
  await asset('IA-1', 'OFFICIAL', false, 'FOR PUBLIC RELEASE', [], false);
  await asset('IA-2', 'OFFICIAL', true, 'RECIPIENTS ONLY', ['PERSONAL DATA'], true);
  await asset('IA-3', 'OFFICIAL', true, 'MOJ USE ONLY', ['COMMERCIAL'], false);
  await asset('IA-4', 'SECRET', false, null, ['LEGAL'], false);
  for (const [prefix, tier] of [['NETSTD', 3], ['CLOUDSTD', 3]] as const) {
    await db.insertInto('documents').values({ tier, title: `${prefix} standard`, unit_id: root.id, key_prefix: prefix, status: 'published' }).execute();
  }
  return { rootId: root.id, opsId: ops.id, hrId: hr.id, people };
}
