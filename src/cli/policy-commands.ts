// custodian policies …: reading policy text. `extract` needs no database: it reads the files named
// and uses the built-in role catalogue. Issue 05 adds `import` into the library.
import type { Command } from 'commander';
import { extractFiles, formatReport } from '../policy-text/index.ts';
import type { CliIo } from './io.ts';

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
}
