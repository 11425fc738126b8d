// serve, migrate, seed: start the server, bring the schema up to date, run the first-run setup.
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { migrate, readMigrations } from '../platform/db/migrator.ts';
import { openRuntime } from '../runtime.ts';
import { serve } from '../server.ts';
import { firstRunSetup } from '../setup/first-run.ts';
import type { CliIo } from './io.ts';
import { progressBar } from './progress.ts';

export function registerFoundationCommands(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description('Start the web server (the same as npm start): first-run setup, then serve on PORT.')
    .action(async () => {
      await serve(loadConfig());
    });

  program
    .command('migrate')
    .description('Apply the database migrations that have not been applied yet.')
    .action(async () => {
      const runtime = await openRuntime(loadConfig());
      try {
        const total = readMigrations().length;
        const bar = progressBar('Migrating', total, io);
        let done = 0;
        const outcome = await migrate(runtime.database.db, () => bar.update(++done, total));
        bar.update(total);
        bar.finish(`Migrations: ${outcome.applied.length} applied, ${outcome.alreadyApplied} already applied`);
      } finally {
        await runtime.close();
      }
    });

  program
    .command('seed')
    .description('First-run setup, as npm start does it: migrate, create the first administrator, load CUSTODIAN_EXAMPLE data. Safe to run again.')
    .action(async () => {
      const config = loadConfig();
      const runtime = await openRuntime(config);
      try {
        const outcome = await firstRunSetup(runtime.database.db, config);
        io.out(`Migrations applied: ${outcome.migrationsApplied.length}\n`);
        io.out(`${outcome.adminCreated ? `Administrator created: ${config.adminEmail}` : `Administrator already exists: ${config.adminEmail}`}\n`);
        if (outcome.generatedAdminPassword) io.out(`Password (shown once; change it after signing in): ${outcome.generatedAdminPassword}\n`);
        io.out(`${outcome.example ? `Example data "${outcome.example.name}": ${outcome.example.created} created, ${outcome.example.unchanged} unchanged` : 'Example data: none'}\n`);
      } finally {
        await runtime.close();
      }
    });
}
