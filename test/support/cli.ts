// Runs the `custodian` command in this process (the same code as bin/custodian.js), with the settings
// it would read from the environment, and returns what it printed.
import { memoryIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/main.ts';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function custodian(args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const io = memoryIo();
  try {
    const code = await runCli(args, io);
    return { code, stdout: io.stdout, stderr: io.stderr };
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}
