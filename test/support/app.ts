// A whole Custodian for a test file: fresh database, services on a fixed clock, and the Fastify app
// (requests go through app.inject, so the HTTP layer is real without a port).
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Database } from '../../src/database.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import type { DatabaseHandle } from '../../src/platform/db/database.ts';
import type { SchedulerLogger } from '../../src/platform/jobs/scheduler.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestDatabase } from './database.ts';
import { EXAMPLE_CLOCK } from './template.ts';

export const silentLog: SchedulerLogger = { info: () => undefined, error: () => undefined };

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ CUSTODIAN_EXAMPLE: 'none', LOG_LEVEL: 'silent', CUSTODIAN_ADMIN_EMAIL: 'admin@test.example', ...overrides });
}

export interface TestContext {
  readonly database: DatabaseHandle<Database>;
  readonly services: Services;
  readonly clock: ReturnType<typeof fixedClock>;
  readonly config: Config;
  close(): Promise<void>;
}

export interface TestContextOptions {
  readonly config?: Config;
  readonly now?: string;
  /** Start with the MoJ example loaded (by first-run setup, on EXAMPLE_CLOCK's day). */
  readonly example?: 'moj';
}

export async function createTestContext(options: TestContextOptions = {}): Promise<TestContext> {
  const database = await createTestDatabase(options.example ? { example: options.example } : {});
  const clock = fixedClock(options.now ?? EXAMPLE_CLOCK);
  const config = options.config ?? testConfig();
  const services = createServices({ db: database.db, engine: database.engine, clock, config, log: silentLog });
  return {
    database,
    services,
    clock,
    config,
    close: async () => {
      await services.scheduler.stop();
      await database.close();
    },
  };
}

export interface TestApp extends TestContext {
  readonly app: FastifyInstance;
}

export async function createTestApp(options: TestContextOptions = {}): Promise<TestApp> {
  const context = await createTestContext(options);
  const app = await buildApp({ config: context.config, services: context.services, sessionSecret: 'test-session-secret-that-is-long-enough', logger: false });
  await app.ready();
  return {
    ...context,
    app,
    close: async () => {
      await app.close();
      await context.close();
    },
  };
}
