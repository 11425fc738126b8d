// custodian frameworks …: import a framework or mapping-set file (WebCAF YAML, CISO Assistant YAML,
// OSCAL JSON), and map controls to framework requirements in bulk from CSV.
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { systemActor } from '../access/actor.ts';
import { loadConfig } from '../config.ts';
import { AppError } from '../platform/http/errors.ts';
import { openRuntime } from '../runtime.ts';
import { addImportCommand } from './import-command.ts';
import type { CliIo } from './io.ts';

async function readTextFile(path: string, what: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new AppError('validation_failed', `${path}: no such file. Check the path to the ${what} and the current folder.`);
  if (!info.isFile()) throw new AppError('validation_failed', `${path} is a folder: name the ${what} itself.`);
  return readFile(path, 'utf8');
}

export function registerFrameworkCommands(program: Command, io: CliIo): void {
  const frameworks = program.command('frameworks').description('External frameworks (NCSC CAF, CISO Assistant libraries, NIST OSCAL) and their mappings to controls.');
  frameworks
    .command('import')
    .description('Import a framework or mapping-set file: all of it, or nothing with every problem listed. A newer version updates the framework, matching requirements by their ids.')
    .argument('<file>', 'NCSC CAF in WebCAF YAML, a CISO Assistant library (YAML), or an OSCAL catalog or profile (JSON)')
    .option('--catalog <file>', 'for an OSCAL profile: the catalog to resolve it against, in place of its import link')
    .option('--json', 'print {"framework", "version", "requirements", "assessable", "mappings"}')
    .action(async (file: string, options: { catalog?: string; json?: boolean }) => {
      const text = await readTextFile(file, 'framework file');
      const catalog = options.catalog ? await readTextFile(options.catalog, 'catalog') : undefined;
      // A profile's relative import link is read beside the profile, as OSCAL tools do.
      const folder = dirname(resolve(file));
      const readImport = async (href: string) => (/^[a-z]+:/i.test(href) ? null : readFile(resolve(folder, decodeURIComponent(href)), 'utf8').catch(() => null));
      const runtime = await openRuntime(loadConfig());
      try {
        const summary = await runtime.services.frameworks.importFile(systemActor('command line'), { fileName: basename(file), text, readImport, ...(catalog !== undefined ? { catalog } : {}) });
        const counts = { framework: summary.framework, version: summary.version, requirements: summary.requirements, assessable: summary.assessable, mappings: summary.mappings };
        if (options.json) io.out(`${JSON.stringify(counts)}\n`);
        else if (summary.unchanged) io.out(`${summary.framework} ${summary.version} is already loaded from this file: nothing changed\n`);
        else {
          const changes = summary.changes ? `: ${summary.changes.created} new, ${summary.changes.updated} changed, ${summary.changes.unchanged} unchanged, ${summary.changes.retired} retired` : '';
          io.out(`${summary.framework} ${summary.version}: ${summary.requirements} requirements (${summary.assessable} assessable), ${summary.mappings} mappings${changes}\n`);
        }
      } finally {
        await runtime.close();
      }
    });

  const mappings = frameworks.command('mappings').description('Mappings between framework requirements and the organisation’s controls.');
  addImportCommand(mappings, io, 'Map controls to framework requirements from a CSV file with columns framework, requirement, control. Mappings the file does not name are left alone.', (services) => (actor, input, onProgress) => services.frameworks.mappingImport.run(actor, input, onProgress));
}
