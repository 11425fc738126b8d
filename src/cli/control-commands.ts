// custodian control-implementations import FILE [--dry-run] [--json]: the same import as the upload page.
import type { Command } from 'commander';
import { addImportCommand } from './import-command.ts';
import type { CliIo } from './io.ts';

export function registerControlsCommands(program: Command, io: CliIo): void {
  const implementations = program.command('control-implementations').description('Control implementations: each control’s status for a technology service or a unit, with evidence.');
  addImportCommand(
    implementations,
    io,
    'Import control implementations from CSV (control, service or unit, status, not applicable reason, owner, status on, evidence link, evidence note, evidence review by). All-or-nothing and safe to repeat.',
    (services) => (actor, input, onProgress) => services.controls.implementationImport.run(actor, input, onProgress),
  );
}
