// custodian services import FILE [--dry-run] [--json]: the same import as the upload page.
import type { Command } from 'commander';
import { addImportCommand } from './import-command.ts';
import type { CliIo } from './io.ts';

export function registerServicesCommands(program: Command, io: CliIo): void {
  const services = program.command('services').description('Technology services: the systems that store or process information assets.');
  addImportCommand(
    services,
    io,
    'Import technology services from CSV (reference, name, purpose, unit, technology service owner, senior responsible officer, hosting, suppliers, criticality, information assets, standards). All-or-nothing and safe to repeat; services are matched on reference.',
    (all) => (actor, input, onProgress) => all.technologyServices.imports.run(actor, input, onProgress),
  );
}
