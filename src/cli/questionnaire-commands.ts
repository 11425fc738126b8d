// custodian questionnaires …: load a supplier questionnaire from a YAML or JSON file (issue 09). The same
// code and version again changes nothing, so loading is safe to repeat.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { systemActor } from '../access/actor.ts';
import { loadConfig } from '../config.ts';
import { AppError } from '../platform/http/errors.ts';
import { openRuntime } from '../runtime.ts';
import type { CliIo } from './io.ts';

export function registerQuestionnaireCommands(program: Command, io: CliIo): void {
  const questionnaires = program.command('questionnaires').description('Supplier security questionnaires: groups of questions, each with the answer required, a weight and guidance.');
  questionnaires
    .command('import')
    .description('Load a questionnaire from a YAML or JSON file: all of it, or nothing with every problem listed. A new version replaces a questionnaire no assessment has used yet.')
    .argument('<file>', 'a questionnaire file (code, title, version, description, groups of questions)')
    .option('--json', 'print {"id", "code", "version", "groups", "questions", "outcome"}')
    .action(async (file: string, options: { json?: boolean }) => {
      const info = await stat(file).catch(() => undefined);
      if (!info) throw new AppError('validation_failed', `${file}: no such file. Check the path to the questionnaire and the current folder.`);
      if (!info.isFile()) throw new AppError('validation_failed', `${file} is a folder: name the questionnaire file itself.`);
      const text = await readFile(file, 'utf8');
      const runtime = await openRuntime(loadConfig());
      try {
        const loaded = await runtime.services.questionnaires.importFile(systemActor('command line'), { fileName: basename(file), text });
        if (options.json) io.out(`${JSON.stringify(loaded)}\n`);
        else if (loaded.outcome === 'unchanged') io.out(`${loaded.code} version ${loaded.version} is already loaded: nothing changed\n`);
        else io.out(`${loaded.code} version ${loaded.version} ${loaded.outcome}: ${loaded.questions} questions in ${loaded.groups} groups\n`);
      } finally {
        await runtime.close();
      }
    });
}
