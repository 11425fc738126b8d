// The `custodian` command: the same services as the web app, never its own SQL.
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.ts';
import { isAppError } from '../platform/http/errors.ts';
import { registerAccessCommands } from './access-commands.ts';
import { processIo, type CliIo } from './io.ts';
import { registerFoundationCommands } from './foundation-commands.ts';
import { registerPeopleCommands } from './people-commands.ts';
import { registerPolicyCommands } from './policy-commands.ts';
import { registerAssetsCommands } from './asset-commands.ts';
import { registerControlsCommands } from './control-commands.ts';
import { registerTrainingCommands } from './training-commands.ts';
import { registerServicesCommands } from './service-commands.ts';
import { registerFrameworkCommands } from './framework-commands.ts';
import { registerQuestionnaireCommands } from './questionnaire-commands.ts';
import { registerSupplierCommands } from './supplier-commands.ts';
import { registerComplianceCommands } from './compliance-commands.ts';
import { registerDemoCommands } from './demo-commands.ts';

export function buildProgram(io: CliIo): Command {
  const program = new Command()
    .name('custodian')
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) })
    .description('Custodian: runs a department’s Information Security Framework. Settings come from the environment (see the README).')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerFoundationCommands(program, io);
  registerPolicyCommands(program, io);
  registerAccessCommands(program, io);
  registerPeopleCommands(program, io);
  registerAssetsCommands(program, io);
  registerServicesCommands(program, io);
  registerControlsCommands(program, io);
  registerTrainingCommands(program, io);
  registerFrameworkCommands(program, io);
  registerQuestionnaireCommands(program, io);
  registerSupplierCommands(program, io);
  registerComplianceCommands(program, io);
  registerDemoCommands(program, io);
  return program;
}

export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return io.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ConfigError || isAppError(error)) {
      io.err(`${error.message}\n`);
      // A file with many problems lists them all, so one run shows everything to fix.
      if (isAppError(error) && error.problems.length > 1) for (const problem of error.problems) io.err(`  - ${problem.message}\n`);
      return isAppError(error) && error.code === 'validation_failed' ? 1 : 2;
    }
    io.err(`custodian: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 3;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bin/custodian.js') || process.argv[1]?.endsWith('/custodian')) {
  const code = await runCli(process.argv.slice(2));
  process.exit(code);
}
