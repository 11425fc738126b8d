// Opens what a process needs (database, services) from the configuration, for the server and the CLI.
import type { Config } from './config.ts';
import type { Database } from './database.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { openDatabase, type DatabaseHandle } from './platform/db/database.ts';
import type { SchedulerLogger } from './platform/jobs/scheduler.ts';
import { createServices, type Services } from './services.ts';

export interface Runtime {
  readonly database: DatabaseHandle<Database>;
  readonly services: Services;
  close(): Promise<void>;
}

export const consoleLog: SchedulerLogger = {
  info: (obj, msg) => console.log(msg, JSON.stringify(obj)),
  error: (obj, msg) => console.error(msg, JSON.stringify(obj, (_k, v: unknown) => (v instanceof Error ? v.message : v))),
};

export async function openRuntime(config: Config, options: { clock?: Clock; log?: SchedulerLogger } = {}): Promise<Runtime> {
  const database = await openDatabase<Database>(
    config.databaseUrl ? { engine: 'postgres', url: config.databaseUrl } : { engine: 'pglite', dataDir: config.dataDir },
  );
  const services = createServices({
    db: database.db,
    engine: database.engine,
    clock: options.clock ?? systemClock,
    config,
    log: options.log ?? consoleLog,
  });
  return {
    database,
    services,
    close: async () => {
      await services.scheduler.stop();
      await database.close();
    },
  };
}
