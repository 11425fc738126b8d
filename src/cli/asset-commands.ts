// custodian assets import FILE [--dry-run] [--json]: the same import as the upload page.
import type { Command } from 'commander';
import { addImportCommand } from './import-command.ts';
import type { CliIo } from './io.ts';

export function registerAssetsCommands(program: Command, io: CliIo): void {
  const assets = program.command('assets').description('Information assets: what the organisation holds, its owners and classifications.');
  addImportCommand(
    assets,
    io,
    'Import information assets from CSV (reference, name, description, unit, information asset owner, classification, embargo ends on, confidentiality, integrity, availability, personal data, retention). All-or-nothing and safe to repeat.',
    (services) => (actor, input, onProgress) => services.informationAssets.imports.run(actor, input, onProgress),
  );
}
