// Re-evaluates after writes: told when an audit event is recorded, it waits a moment (the write's
// transaction commits; a burst of writes gathers), then reads the committed events since the last it
// saw and re-checks only the rules and records they reach. One pass at a time; a scheduled pass
// catches anything a notification missed (another process's writes on PostgreSQL).
import type { Db } from '../database.ts';
import { changesFrom, type ComplianceEngine } from './evaluate.ts';
import { ComplianceRepository } from './repository.ts';
import type { RunSummary } from './entity.ts';

const BATCH = 5000;

export class ComplianceWatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly engine: ComplianceEngine,
    private readonly onError: (error: unknown) => void,
    private readonly delayMs = 250,
  ) {}

  /** A write was recorded: re-evaluate soon, once for the whole burst. */
  notify(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pass();
    }, this.delayMs);
    this.timer.unref();
  }

  /** Re-evaluates after every committed event not yet seen; returns the runs it made. */
  async catchUp(): Promise<RunSummary[]> {
    const repository = new ComplianceRepository(this.db);
    const runs: RunSummary[] = [];
    let seen = await repository.watchedSeq();
    for (;;) {
      const events = await repository.eventsAfter(seen, BATCH);
      if (events.length === 0) break;
      const run = await this.engine.reevaluate(changesFrom(events));
      if (run) runs.push(run);
      seen = events[events.length - 1]?.seq ?? seen;
      await repository.setWatchedSeq(seen);
      if (events.length < BATCH) break;
    }
    return runs;
  }

  private async pass(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.catchUp()
      .then(() => undefined)
      .catch(this.onError)
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          void this.pass();
        }
      });
    await this.running;
  }

  /** Stops notifications and waits for a pass in progress (so the database can close). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
