// custodian people import FILE [--dry-run] [--json]: the same import as the upload page.
import type { Command } from 'commander';
import { addImportCommand } from './import-command.ts';
import type { CliIo } from './io.ts';

export function registerPeopleCommands(program: Command, io: CliIo): void {
  const people = program.command('people').description('People in scope: staff, contractors and third-party users.');
  addImportCommand(
    people,
    io,
    'Import people from an HR system’s CSV (columns in the README). All-or-nothing and safe to repeat; people of the file’s units who are missing from it are marked as left.',
    (services) => (actor, input, onProgress) => services.peopleImport.run(actor, input, onProgress),
  );
}
