// The example's decisions are taken by the people who hold the roles, as they would take them signed in:
// as a plain member of staff, so the service's own checks of who may decide still apply.
import type { PersonActor } from '../access/actor.ts';
import { PeopleRepository } from '../registers/people/repository.ts';
import type { Services } from '../services.ts';

export async function examplePerson(services: Services, email: string): Promise<PersonActor | undefined> {
  const person = await new PeopleRepository(services.context.db).findByReference(email);
  if (!person) return undefined;
  return { kind: 'person', accountId: person.id, personId: person.id, displayName: person.displayName, email, via: 'session', readOnly: false, grants: [{ role: 'staff', unitId: 'example', unitIds: new Set(), atRoot: true }] };
}
