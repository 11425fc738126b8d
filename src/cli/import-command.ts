// `custodian <register> import FILE [--dry-run] [--json]`: every CSV import runs the same way from the
// command line as from its upload page (DECISIONS, Imports), so the command is built in one place.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { systemActor, type Actor } from '../access/actor.ts';
import { loadConfig } from '../config.ts';
import { AppError } from '../platform/http/errors.ts';
import { formatImportReport, importExitCode, importReportJson, type ImportReport } from '../platform/imports/report.ts';
import type { StagingProgress } from '../platform/imports/staging.ts';
import { openRuntime } from '../runtime.ts';
import type { Services } from '../services.ts';
import type { CliIo } from './io.ts';
import { progressBar } from './progress.ts';

export type CsvImport = (actor: Actor, input: { fileName: string; bytes: Buffer; dryRun: boolean }, onProgress?: (progress: StagingProgress) => void) => Promise<ImportReport>;

export function addImportCommand(group: Command, io: CliIo, description: string, importerOf: (services: Services) => CsvImport): void {
  group
    .command('import')
    .description(description)
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
        const dryRun = options.dryRun ?? false;
        const bar = progressBar(dryRun ? 'Checking' : 'Importing', 0, io);
        const report = await importerOf(runtime.services)(systemActor('command line'), { fileName: basename(file), bytes, dryRun }, (p) => bar.update(p.bytesRead ?? p.rowsStaged, p.totalBytes ?? p.totalRows ?? undefined));
        bar.finish(dryRun ? 'Checked' : 'Imported');
        io.out(options.json ? `${importReportJson(report)}\n` : `${formatImportReport(report, { dryRun })}\n`);
        io.exitCode = importExitCode(report);
      } finally {
        await runtime.close();
      }
    });
}
