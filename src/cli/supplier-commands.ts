// custodian suppliers import FILE [--dry-run] [--json] and custodian supplier-contracts import FILE ...:
// the same imports as the upload pages.
import type { Command } from 'commander';
import { addImportCommand } from './import-command.ts';
import type { CliIo } from './io.ts';

export function registerSupplierCommands(program: Command, io: CliIo): void {
  const suppliers = program.command('suppliers').description('Suppliers and partners with access to departmental information.');
  addImportCommand(
    suppliers,
    io,
    'Import suppliers from CSV (reference, name, company number, contact name, contact email, unit, sro, senior business owner, assets, services). All-or-nothing and safe to repeat; a row matches a supplier on its company number, else its reference, else its name.',
    (all) => (actor, input, onProgress) => all.suppliers.imports.run(actor, input, onProgress),
  );
  const contracts = program.command('supplier-contracts').description('Suppliers’ contracts.');
  addImportCommand(
    contracts,
    io,
    'Import supplier contracts from CSV (reference, supplier, title, unit, starts on, ends on, value band). All-or-nothing and safe to repeat; contracts are matched on reference, suppliers named by reference or company number.',
    (all) => (actor, input, onProgress) => all.suppliers.contractImports.run(actor, input, onProgress),
  );
}
