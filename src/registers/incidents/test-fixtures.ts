// Units, people, appointments and actors for the incidents tests, written straight to the test database
// so the tests do not depend on other registers' services. The tree: DEPT (the department: its CSO and
// DPO) → AGENCY (its Information Assurance Lead) → AREA (where the reporter and handler work); OTHER is a
// second agency.
import assert from 'node:assert/strict';
import type { PersonActor } from '../../access/actor.ts';
import type { AccessRole } from '../../access/catalogue.ts';
import type { Db } from '../../database.ts';
import { isAppError } from '../../platform/http/errors.ts';
import { personActor } from '../../../test/support/actors.ts';
import type { IncidentReportInput } from './entity.ts';

export const PEOPLE = ['reporter', 'handler', 'security', 'auditor', 'ial', 'cso', 'dpo', 'stranger', 'owner'] as const;
export type PersonKey = (typeof PEOPLE)[number];

export interface IncidentFixture {
  readonly units: Record<'DEPT' | 'AGENCY' | 'AREA' | 'OTHER', string>;
  readonly people: Record<PersonKey, string>;
  readonly actors: Record<PersonKey, PersonActor>;
}

/** Staff everywhere, as everyone signed in is; other roles hold only where they are granted or appointed. */
function actorOf(personId: string, roles: ReadonlyArray<{ role: AccessRole; unitId: string; unitIds: readonly string[]; atRoot: boolean }>, everywhere: readonly string[], root: string): PersonActor {
  const staff = personActor(personId, [], root, everywhere);
  return { ...staff, grants: [...staff.grants, ...roles.map((r) => ({ role: r.role, unitId: r.unitId, unitIds: new Set(r.unitIds), atRoot: r.atRoot }))] };
}

export async function incidentFixture(db: Db): Promise<IncidentFixture> {
  const unit = async (code: string, name: string, parent: string | null) => (await db.insertInto('organisation_units').values({ code, name, unit_type: parent ? 'business_area' : 'department', parent_id: parent }).returning('id').executeTakeFirstOrThrow()).id;
  const DEPT = await unit('DEPT', 'Department', null);
  const AGENCY = await unit('AGENCY', 'Agency', DEPT);
  const AREA = await unit('AREA', 'Business area', AGENCY);
  const OTHER = await unit('OTHER', 'Other agency', DEPT);
  const everywhere = [DEPT, AGENCY, AREA, OTHER];
  const people = {} as Record<PersonKey, string>;
  for (const key of PEOPLE) {
    people[key] = (await db.insertInto('people').values({ email: `${key}@example.gov.uk`, display_name: key.toUpperCase(), unit_id: key === 'stranger' ? OTHER : AREA, staff_number: `S-${key}` }).returning('id').executeTakeFirstOrThrow()).id;
  }
  await db
    .insertInto('appointments')
    .values([
      { role_code: 'information-assurance-lead', person_id: people.ial, unit_id: AGENCY, starts_on: '2025-01-01' },
      { role_code: 'chief-security-officer', person_id: people.cso, unit_id: DEPT, starts_on: '2025-01-01' },
      { role_code: 'data-protection-officer', person_id: people.dpo, unit_id: DEPT, starts_on: '2025-01-01' },
    ])
    .execute();
  const at = (role: AccessRole, unitId: string, unitIds: readonly string[]) => ({ role, unitId, unitIds, atRoot: unitId === DEPT });
  const actors = {
    reporter: actorOf(people.reporter, [], everywhere, DEPT),
    handler: actorOf(people.handler, [], everywhere, DEPT),
    security: actorOf(people.security, [at('security_team', DEPT, everywhere)], everywhere, DEPT),
    auditor: actorOf(people.auditor, [at('auditor', DEPT, everywhere)], everywhere, DEPT),
    ial: actorOf(people.ial, [at('appointee', AGENCY, [AGENCY, AREA])], everywhere, DEPT),
    cso: actorOf(people.cso, [at('appointee', DEPT, everywhere)], everywhere, DEPT),
    dpo: actorOf(people.dpo, [at('appointee', DEPT, everywhere)], everywhere, DEPT),
    stranger: actorOf(people.stranger, [], everywhere, DEPT),
    owner: actorOf(people.owner, [], everywhere, DEPT),
  };
  return { units: { DEPT, AGENCY, AREA, OTHER }, people, actors };
}

export const reportInput = (over: Partial<IncidentReportInput> = {}): IncidentReportInput => ({
  title: 'Prisoner list emailed to the wrong address',
  description: 'A spreadsheet of names was sent to an external address by mistake.',
  occurredAt: '2026-11-27T14:30',
  awareAt: '2026-11-27T15:00',
  affectedInformation: 'Prisoner list spreadsheet',
  personalData: 'yes',
  personalDataDetails: 'Names and prison numbers of 40 people in custody',
  actionsTaken: 'Asked the recipient to delete it',
  ...over,
});

/** The call's refusal: its code and every message in it. */
export async function refused(work: Promise<unknown>): Promise<{ code: string; text: string }> {
  try {
    await work;
  } catch (error) {
    assert.ok(isAppError(error), String(error));
    return { code: error.code, text: [error.message, ...error.problems.map((p) => p.message)].join(' | ') };
  }
  assert.fail('expected the call to be refused');
}

/** Runs the work and checks it recorded exactly one audit event, the one named. */
export async function auditedOnce<T>(db: Db, action: string, work: () => Promise<T>): Promise<T> {
  const before = Number((await db.selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('n')).executeTakeFirstOrThrow()).n ?? 0);
  const result = await work();
  const events = await db.selectFrom('audit_events').select(['action', 'seq']).where('seq', '>', before).orderBy('seq').execute();
  assert.deepEqual(events.map((e) => e.action), [action]);
  return result;
}
