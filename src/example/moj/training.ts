// The MoJ example's security training: the annual mandatory course and the IAO, SRO and administrator
// role courses, and completions for the example's people that give each agency a believable rate
// (roughly 70–95% complete, with some overdue and some never done). Idempotent: courses are added only
// where their code is missing, and completions go through the import, which creates nothing twice.
import type { Actor } from '../../access/actor.ts';
import { addDays, londonDate } from '../../platform/clock.ts';
import { TrainingRepository } from '../../registers/training/repository.ts';
import type { CourseInput } from '../../registers/training/service.ts';
import type { Services } from '../../services.ts';

export const MOJ_COURSES: readonly (CourseInput & { code: string })[] = [
  { code: 'SEC-ANNUAL', title: 'Responsible for Information', description: 'The annual information security and data protection e-learning for everyone.', audience: 'everyone', validityMonths: 12 },
  { code: 'IAO', title: 'Information Asset Owner training', description: 'What an IAO is accountable for: the asset register, risks, access and handling.', audience: 'appointment', roleCode: 'information-asset-owner', validityMonths: 24 },
  { code: 'SRO', title: 'Senior Responsible Officer security training', description: 'Security and risk duties of the SRO of a service, supplier or programme.', audience: 'appointment', roleCode: 'senior-responsible-officer', validityMonths: 24 },
  { code: 'ADMIN', title: 'Privileged access for administrators', description: 'Safe use of privileged accounts in Custodian and departmental systems.', audience: 'access-role', roleCode: 'administrator', validityMonths: 12 },
];

/** A stable number from 0 to 99 for a person: the same people complete, lapse or never start each time. */
function score(text: string): number {
  let h = 7;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) % 100_003;
  return h % 100;
}

export async function loadExampleTraining(services: Services, actor: Actor): Promise<{ created: number; unchanged: number }> {
  const repo = new TrainingRepository(services.context.db);
  const existing = new Set((await repo.courses()).map((c) => c.code));
  let created = 0;
  for (const course of MOJ_COURSES) {
    if (existing.has(course.code)) continue;
    await services.training.addCourse(actor, course);
    created++;
  }
  // Dates count back from today; a person who already has a course's completion gets no other, so that
  // loading the example again, on any day, adds nothing.
  const today = londonDate(services.context.clock.now());
  const anchor = today;
  const done = await repo.completions();
  const courseIds = new Map((await repo.courses()).map((c) => [c.code, c.id]));
  const units = await repo.units();
  const agencyIndex = new Map(units.map((u, i) => [u.id, i]));
  const lines = ['email,course,completed on'];
  // The example's own people only: the administrator, created after the example, is the department's.
  const people = (await repo.trainees()).filter((p) => p.email?.endsWith('@example.justice.gov.uk'));
  const recorded = people.reduce((n, p) => n + (done.get(p.id)?.size ?? 0), 0);
  const [appointed, granted] = await Promise.all([repo.appointmentRoles(today), repo.accessRoles()]);
  for (const person of people) {
    // Agencies differ: each unit shifts the chance of being up to date by up to 20 points.
    const bar = 75 + ((agencyIndex.get(person.unitId ?? '') ?? 0) % 5) * 4;
    const s = score(person.email);
    const has = (code: string) => courseIds.has(code) && done.get(person.id)?.has(courseIds.get(code)!) === true;
    if (has('SEC-ANNUAL')) continue;
    if (s < bar) lines.push(`${person.email},SEC-ANNUAL,${addDays(anchor, -((s * 3) % 200))}`);
    else if (s < 96) lines.push(`${person.email},SEC-ANNUAL,${addDays(anchor, -400 - s)}`);
    const roles = new Set([...(appointed.get(person.id) ?? []), ...(granted.get(person.id) ?? [])]);
    for (const [course, role] of [['IAO', 'information-asset-owner'], ['SRO', 'senior-responsible-officer'], ['ADMIN', 'administrator']] as const) {
      if (!has(course) && roles.has(role) && (s + course.length) % 10 < 8) lines.push(`${person.email},${course},${addDays(anchor, -((s * 5) % 300))}`);
    }
  }
  if (lines.length === 1) return { created, unchanged: MOJ_COURSES.length - created + recorded };
  const report = await services.training.import.run(actor, { fileName: 'moj-example-training.csv', bytes: new TextEncoder().encode(`${lines.join('\n')}\n`), dryRun: false });
  if (report.errors.length > 0) throw new Error(`The example training file has errors: ${JSON.stringify(report.errors.slice(0, 3))}`);
  return { created: created + report.counts.created, unchanged: MOJ_COURSES.length - created + recorded };
}
