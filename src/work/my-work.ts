// "My work": every dated duty of one person, gathered from every register's DeadlineSource (issue 13).
// A person sees their own; their line manager, and those who may read people in the person's unit, may
// look at another's.
import type { Actor } from '../access/actor.ts';
import { can } from '../access/authorize.ts';
import type { Db } from '../database.ts';
import { londonDate, type Clock } from '../platform/clock.ts';
import { AppError, notFound, requireId } from '../platform/http/errors.ts';
import { DEADLINE_KINDS, type Deadline, type DeadlineKind, type DeadlineSource } from './deadline.ts';
import { WorkRepository, type WorkPerson } from './repository.ts';
import { DEADLINE_SOURCES, gatherDeadlines } from './sources.ts';
import { daysOverdue, dueWords, GROUP_NAMES, GROUPS, groupOf, type DeadlineGroup } from './words.ts';

export const KIND_NAMES: Record<DeadlineKind, string> = {
  action: 'Action',
  'document-review': 'Document review',
  'document-acknowledgement': 'Document to acknowledge',
  'risk-review': 'Risk review',
  'risk-acceptance-expiry': 'Risk acceptance ending',
  'exception-expiry': 'Exception ending',
  'supplier-reassessment': 'Supplier reassessment',
  'continuity-exercise': 'Continuity exercise',
  training: 'Training',
  'ico-clock': 'ICO 72-hour clock',
  'compliance-review': 'Compliance review',
  'caf-assessment': 'CAF self-assessment',
};

export interface WorkItem extends Deadline {
  readonly group: DeadlineGroup;
  /** "3 days overdue", "due tomorrow". */
  readonly words: string;
  readonly daysOverdue: number;
}

export interface MyWork {
  readonly person: { readonly id: string; readonly displayName: string };
  readonly own: boolean;
  readonly today: string;
  readonly kind: DeadlineKind | null;
  /** Every kind the person has duties of, for the filter. */
  readonly kinds: readonly DeadlineKind[];
  readonly groups: ReadonlyArray<{ readonly code: DeadlineGroup; readonly name: string; readonly items: readonly WorkItem[] }>;
  readonly total: number;
}

export const isDeadlineKind = (value: string | undefined): value is DeadlineKind => (DEADLINE_KINDS as readonly string[]).includes(value ?? '');

export function canSeeWorkOf(actor: Actor, person: WorkPerson): boolean {
  if (actor.kind !== 'person' || !can(actor, 'work.view-own')) return false;
  if (actor.personId === person.id || actor.personId === person.lineManagerId) return true;
  return person.unitId !== null && can(actor, 'people.read', { unitId: person.unitId });
}

export class MyWorkService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    readonly sources: readonly DeadlineSource[] = DEADLINE_SOURCES,
  ) {}

  /** The person's dated duties, grouped and put into words; the actor's own when no person is given. */
  async deadlines(actor: Actor, personId?: string, kind?: string): Promise<MyWork> {
    if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in to continue.');
    if (actor.kind !== 'person') throw new AppError('forbidden', 'Only a person has work of their own.');
    const id = personId ? requireId(personId, 'That person') : actor.personId;
    const person = (await new WorkRepository(this.db).people([id])).get(id);
    if (!person) throw notFound('That person');
    if (!canSeeWorkOf(actor, person)) throw new AppError('forbidden', 'Only the person, their line manager and those who may see people in their unit may see their work.');
    const now = this.clock.now();
    const today = londonDate(now);
    const all = await gatherDeadlines(this.db, { today, personId: id }, this.sources);
    const chosen = isDeadlineKind(kind) ? kind : null;
    const items: WorkItem[] = all.filter((d) => !chosen || d.kind === chosen).map((d) => ({ ...d, group: groupOf(d, now), words: dueWords(d, now), daysOverdue: daysOverdue(d, now) }));
    return {
      person: { id: person.id, displayName: person.displayName },
      own: id === actor.personId,
      today,
      kind: chosen,
      kinds: DEADLINE_KINDS.filter((k) => all.some((d) => d.kind === k)),
      groups: GROUPS.map((code) => ({ code, name: GROUP_NAMES[code], items: items.filter((i) => i.group === code) })),
      total: items.length,
    };
  }
}
