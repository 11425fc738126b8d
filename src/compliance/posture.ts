// Posture: compliance by unit, requirement, framework and register, its trend, and as it stood on a
// past date (issue 12). Filled in by the posture work.
import type { Db } from '../database.ts';
import type { Clock } from '../platform/clock.ts';

export class PostureService {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
  ) {}
}
