// Builds every service once, over one database, clock and configuration. The web app and the CLI
// both use this, so they run the same code for the same operation.
import type { Config } from './config.ts';
import type { Db } from './database.ts';
import type { Clock } from './platform/clock.ts';
import type { Engine } from './platform/db/database.ts';
import { logOnlyDelivery, NotificationOutbox, type MessageDelivery } from './platform/jobs/outbox.ts';
import { JobScheduler, type SchedulerLogger } from './platform/jobs/scheduler.ts';
import { OrganisationUnitRepository } from './registers/organisation-units/repository.ts';
import { OrganisationUnitService } from './registers/organisation-units/service.ts';

export interface ServiceContext {
  readonly db: Db;
  readonly engine: Engine;
  readonly clock: Clock;
  readonly config: Config;
  readonly log: SchedulerLogger;
  readonly delivery?: MessageDelivery;
}

export interface Services {
  readonly context: ServiceContext;
  readonly scheduler: JobScheduler;
  readonly outbox: NotificationOutbox;
  readonly organisationUnits: OrganisationUnitService;
}

export function createServices(context: ServiceContext): Services {
  const { db, clock, log } = context;
  const scheduler = new JobScheduler(db, clock, log);
  const outbox = new NotificationOutbox(db, clock, context.delivery ?? logOnlyDelivery(log));
  outbox.register(scheduler);
  return {
    context,
    scheduler,
    outbox,
    organisationUnits: new OrganisationUnitService(new OrganisationUnitRepository(db)),
  };
}

/** Recurring work every app process declares at start. */
export async function declareSchedules(services: Services): Promise<void> {
  await services.scheduler.every('deliver-notifications', 60);
}
