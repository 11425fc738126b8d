// custodian training import FILE [--dry-run] [--json]: the same import as the upload page.
import type { Command } from 'commander';
import { addImportCommand } from './import-command.ts';
import type { CliIo } from './io.ts';

export function registerTrainingCommands(program: Command, io: CliIo): void {
  const training = program.command('training').description('Security training: completions of the mandatory and role courses.');
  addImportCommand(
    training,
    io,
    'Import training completions from a learning system’s CSV (staff number, email, course, completed on). People match on staff number when given, else email. All-or-nothing and safe to repeat.',
    (services) => (actor, input, onProgress) => services.training.import.run(actor, input, onProgress),
  );
}
