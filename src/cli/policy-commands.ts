// custodian policies …: reading policy text. `extract` needs no database: it reads the files named
// and uses the built-in role catalogue. Issue 05 adds `import` into the library.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { systemActor } from '../access/actor.ts';
import { loadConfig } from '../config.ts';
import { AppError } from '../platform/http/errors.ts';
import { extractFiles, formatReport } from '../policy-text/index.ts';
import { openRuntime } from '../runtime.ts';
import type { CliIo } from './io.ts';
import { progressBar } from './progress.ts';

/**
 * The Markdown files named, with folders opened and their subfolders too. Each is known by its path
 * relative to the folder named (or its file name), which is how the library recognises it next time.
 */
export async function markdownFiles(paths: readonly string[]): Promise<Array<{ path: string; name: string }>> {
  const files: Array<{ path: string; name: string }> = [];
  const walk = async (folder: string, prefix: string): Promise<void> => {
    for (const entry of (await readdir(folder, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) await walk(join(folder, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name.toLowerCase().endsWith('.md')) files.push({ path: join(folder, entry.name), name: `${prefix}${entry.name}` });
    }
  };
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new AppError('validation_failed', `${path}: no such file or folder. Check the path and the current folder.`);
    if (info.isDirectory()) await walk(path, '');
    else files.push({ path, name: basename(path) });
  }
  if (files.length === 0) throw new AppError('validation_failed', 'No Markdown (.md) files were found in what you named.');
  return files;
}

function parseTier(value: string): number {
  if (!/^[1-5]$/.test(value)) throw new InvalidArgumentError('give a tier from 1 (strategic policy) to 5 (system-specific policies)');
  return Number(value);
}

export function registerPolicyCommands(program: Command, io: CliIo): void {
  const policies = program.command('policies').description('Information security policy documents.');
  policies
    .command('extract')
    .description('List the obligations in Markdown policy documents and lint them, writing nothing. Bracketed references resolve against the other files named.')
    .argument('<files...>', 'Markdown files')
    .option('--json', 'print one JSON document: {"files": [{"file", "title", "tier", "metadata", "statements", "lint"}]}')
    .action(async (files: string[], options: { json?: boolean }) => {
      const report = await extractFiles(files);
      if (options.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
      else io.out(`${formatReport(report)}\n`);
      if (options.json) for (const problem of report.errors ?? []) io.err(`${problem.file}: ${problem.error.message}\n`);
      // A file that could not be read at all is a failure the caller must see in the exit status.
      if ((report.errors ?? []).length > 0) io.exitCode = 1;
    });

  policies
    .command('import')
    .description('Load Markdown documents into the policy library: new documents, or new versions where the text changed. Importing the same files again changes nothing.')
    .argument('<paths...>', 'Markdown files, or folders of them')
    .requiredOption('--unit <code>', 'the code of the unit the documents apply to, such as MOJ')
    .option('--tier <n>', 'the tier (1–5) for every document, instead of guessing it from each', parseTier)
    .option('--title <title>', 'the title, instead of the first heading (only with one file)')
    .option('--json', 'print {"created": N, "versioned": N, "unchanged": N, "documents": [{"file", "outcome", "version"}]}')
    .action(async (paths: string[], options: { unit: string; tier?: number; title?: string; json?: boolean }) => {
      const files = await markdownFiles(paths);
      if (options.title && files.length > 1) throw new AppError('validation_failed', '--title names one document: give one file with it.');
      const runtime = await openRuntime(loadConfig());
      try {
        const actor = systemActor('command line');
        const unit = await runtime.services.organisationUnits.getUnitByCode(actor, options.unit);
        const known = files.map((f) => basename(f.name));
        const bar = progressBar('Importing', files.length, io);
        const documents: Array<{ file: string; outcome: string; version: number }> = [];
        for (const [index, file] of files.entries()) {
          const markdown = await readFile(file.path, 'utf8');
          const result = await runtime.services.documents.importDocument(actor, { sourceName: file.name, markdown, unitId: unit.id, knownDocuments: known, ...(options.tier ? { tier: options.tier } : {}), ...(options.title ? { title: options.title } : {}) });
          documents.push({ file: file.name, outcome: result.outcome, version: result.version });
          bar.update(index + 1);
        }
        bar.finish('Imported');
        const count = (outcome: string) => documents.filter((d) => d.outcome === outcome).length;
        const summary = { created: count('created'), versioned: count('versioned'), unchanged: count('unchanged'), documents };
        io.out(options.json ? `${JSON.stringify(summary)}\n` : `${summary.created} created, ${summary.versioned} new versions, ${summary.unchanged} unchanged\n`);
      } finally {
        await runtime.close();
      }
    });
}
