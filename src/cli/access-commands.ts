// custodian audit … and custodian tokens …: run by an operator with a shell on the server, so they
// act as the system; every export is recorded in the audit trail.
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { systemActor } from '../access/actor.ts';
import { loadConfig } from '../config.ts';
import type { AuditCheckpoint } from '../platform/audit/audit-trail.ts';
import { AppError } from '../platform/http/errors.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import type { CliIo } from './io.ts';
import { progressBar } from './progress.ts';

const OPERATOR = systemActor('command line');

async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(loadConfig());
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

function readCheckpoint(path: string): AuditCheckpoint {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new AppError('validation_failed', `Could not read the checkpoint ${path}: ${error instanceof Error ? error.message : String(error)}. Give the file that \`custodian audit checkpoint\` printed.`);
  }
  const c = parsed as Partial<AuditCheckpoint>;
  if (typeof c.count !== 'number' || typeof c.headHash !== 'string' || typeof c.at !== 'string' || typeof c.hmac !== 'string') {
    throw new AppError('validation_failed', `${path} is not an audit checkpoint: it needs count, headHash, at and hmac.`);
  }
  return c as AuditCheckpoint;
}

function parseDate(value: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('give a date such as 2026-11-01 or an instant such as 2026-11-01T09:00:00Z');
  return date;
}

function parseDays(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('give a whole number of days');
  return Number(value);
}

export function registerAccessCommands(program: Command, io: CliIo): void {
  const audit = program.command('audit').description('The tamper-evident audit trail.');

  audit
    .command('verify')
    .description('Check the whole hash chain: exit 0 when it is whole, 1 naming the first bad event.')
    .option('--checkpoint <file>', 'also check against a saved checkpoint, which catches removal of the newest events')
    .action(async (options: { checkpoint?: string }) => {
      const checkpoint = options.checkpoint ? readCheckpoint(options.checkpoint) : undefined;
      const result = await withRuntime(async (runtime) => {
        const bar = progressBar('Verifying', 0, io);
        const outcome = await runtime.services.auditLog.verify(OPERATOR, checkpoint, (done, total) => bar.update(done, total));
        bar.finish('Verified');
        return outcome;
      });
      if (result.ok) {
        io.out(`Audit trail intact: ${result.count} events, head ${result.headHash}\n`);
      } else {
        io.err(`Audit trail broken at event ${result.firstBad?.seq}: ${result.firstBad?.reason}\n`);
        io.exitCode = 1;
      }
    });

  audit
    .command('checkpoint')
    .description('Print a checkpoint (count, head hash, time, HMAC with CUSTODIAN_AUDIT_KEY) to keep somewhere else.')
    .action(async () => {
      const checkpoint = await withRuntime((runtime) => runtime.services.auditLog.checkpoint(OPERATOR));
      io.out(`${JSON.stringify(checkpoint)}\n`);
    });

  audit
    .command('export')
    .description('Write the events since a date as JSON lines (for a SIEM) on standard output.')
    .requiredOption('--since <date>', 'a date (2026-11-01) or instant (2026-11-01T09:00:00Z)', parseDate)
    .action(async (options: { since: Date }) => {
      const count = await withRuntime((runtime) => runtime.services.auditLog.exportSince(OPERATOR, options.since, (line) => io.out(line)));
      io.err(`Exported ${count} events\n`);
    });

  const tokens = program.command('tokens').description('Personal API tokens.');
  tokens
    .command('create')
    .description('Create an API token for an account and print only the token (shown once).')
    .requiredOption('--email <email>', 'the account the token acts as')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--expires-in-days <days>', 'days until it expires (1 to 366)', parseDays, 90)
    .option('--read-only', 'the token may only read')
    .action(async (options: { email: string; name: string; expiresInDays: number; readOnly?: boolean }) => {
      const token = await withRuntime((runtime) =>
        runtime.services.accounts.createTokenForEmail(options.email, { name: options.name, expiresInDays: options.expiresInDays, readOnly: options.readOnly ?? false }),
      );
      io.out(`${token}\n`);
    });
}
