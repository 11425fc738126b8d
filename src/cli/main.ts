// The `custodian` command: the same services as the web app, never its own SQL.
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.ts';
import { isAppError } from '../platform/http/errors.ts';
import { registerFoundationCommands } from './foundation-commands.ts';
import { registerPolicyCommands } from './policy-commands.ts';

export function buildProgram(): Command {
  const program = new Command()
    .name('custodian')
    .description('Custodian: runs a department’s Information Security Framework. Settings come from the environment (see the README).')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerFoundationCommands(program);
  registerPolicyCommands(program);
  return program;
}

export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ConfigError || isAppError(error)) {
      console.error(error.message);
      return isAppError(error) && error.code === 'validation_failed' ? 1 : 2;
    }
    console.error(`custodian: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    return 3;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bin/custodian.js') || process.argv[1]?.endsWith('/custodian')) {
  const code = await runCli(process.argv.slice(2));
  process.exit(code);
}
