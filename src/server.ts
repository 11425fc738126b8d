// Starts the web server: first-run setup, the app, the scheduler; stops cleanly on a signal.
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { openRuntime } from './runtime.ts';
import { declareSchedules } from './services.ts';
import { ensureSessionSecret, firstRunSetup } from './setup/first-run.ts';

export async function serve(config: Config): Promise<void> {
  const runtime = await openRuntime(config);
  const setup = await firstRunSetup(runtime.database.db, config);
  const sessionSecret = await ensureSessionSecret(runtime.database.db, config.sessionSecret);
  const app = await buildApp({ config, services: runtime.services, sessionSecret });
  await declareSchedules(runtime.services);
  runtime.services.scheduler.start();
  // After each write commits, re-check what it reached (issue 12): the watcher waits for the commit.
  runtime.services.audit.onRecorded(() => runtime.services.complianceWatcher.notify());

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    app.log.info(`Received ${signal}: stopping`);
    await app.close();
    await runtime.services.complianceWatcher.stop();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const lines = [
    '',
    `  Custodian is running at http://localhost:${port}`,
    `  Database: ${runtime.database.engine === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'}`,
  ];
  if (setup.example) lines.push(`  Example data: ${setup.example.name} (${setup.example.created} records created)`);
  if (setup.generatedAdminPassword) {
    lines.push(`  First administrator: ${config.adminEmail}`, `  Password (shown once; change it after signing in): ${setup.generatedAdminPassword}`);
  }
  console.log(`${lines.join('\n')}\n`);
}
