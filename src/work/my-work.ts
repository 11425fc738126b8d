// "My work": every dated duty of one person, gathered from every register's DeadlineSource (issue 13).
import type { Db } from '../database.ts';
import type { Clock } from '../platform/clock.ts';

export class MyWorkService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}
}
