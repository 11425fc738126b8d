// custodian people import FILE [--dry-run] [--json]: the same import as the upload page.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { systemActor } from '../access/actor.ts';
import { loadConfig } from '../config.ts';
import { formatImportReport, importExitCode, importReportJson } from '../platform/imports/report.ts';
import { AppError } from '../platform/http/errors.ts';
import { openRuntime } from '../runtime.ts';
import type { CliIo } from './io.ts';
import { progressBar } from './progress.ts';

export function registerPeopleCommands(program: Command, io: CliIo): void {
  const people = program.command('people').description('People in scope: staff, contractors and third-party users.');
  people
    .command('import')
    .description('Import people from an HR system’s CSV (columns in the README). All-or-nothing and safe to repeat; people of the file’s units who are missing from it are marked as left.')
    .argument('<file>', 'the CSV file (UTF-8)')
    .option('--dry-run', 'check the file and report what would change, writing nothing')
    .option('--json', 'print {"errors": [{"line", "column", "message"}], "counts": {"created", "updated", "unchanged", "left"}}')
    .action(async (file: string, options: { dryRun?: boolean; json?: boolean }) => {
      const info = await stat(file).catch(() => undefined);
      if (!info) throw new AppError('validation_failed', `${file}: no such file. Check the path and the current folder.`);
      if (!info.isFile()) throw new AppError('validation_failed', `${file} is a folder: name the CSV file itself.`);
      const bytes = await readFile(file);
      const runtime = await openRuntime(loadConfig());
      try {
        const bar = progressBar(options.dryRun ? 'Checking' : 'Importing', 0, io);
        const report = await runtime.services.peopleImport.run(
          systemActor('command line'),
          { fileName: basename(file), bytes, dryRun: options.dryRun ?? false },
          (p) => bar.update(p.bytesRead ?? p.rowsStaged, p.totalBytes ?? p.totalRows ?? undefined),
        );
        bar.finish(options.dryRun ? 'Checked' : 'Imported');
        io.out(options.json ? `${importReportJson(report)}\n` : `${formatImportReport(report, { dryRun: options.dryRun ?? false })}\n`);
        io.exitCode = importExitCode(report);
      } finally {
        await runtime.close();
      }
    });
}
