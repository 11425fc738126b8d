// custodian compliance evaluate [--json]: runs every compliance rule and stores the run, as the
// scheduled evaluation does.
import type { Command } from 'commander';
import { systemActor } from '../access/actor.ts';
import { loadConfig } from '../config.ts';
import { openRuntime } from '../runtime.ts';
import type { CliIo } from './io.ts';

export function registerComplianceCommands(program: Command, io: CliIo): void {
  const compliance = program.command('compliance').description('The compliance engine: continuous checks of every requirement against the registers.');
  compliance
    .command('evaluate')
    .description('Run every compliance rule now and store the result as a run; findings open, are covered by exceptions, or resolve.')
    .option('--json', 'print {"rules", "findings": {"open", "covered", "resolved"}, "durationMs"}')
    .action(async (options: { json?: boolean }) => {
      const runtime = await openRuntime(loadConfig());
      try {
        const run = await runtime.services.compliance.evaluate(systemActor('command line'), 'cli');
        if (options.json) io.out(`${JSON.stringify({ rules: run.rules, findings: run.findings, durationMs: run.durationMs })}\n`);
        else io.out(`${run.rules} rules evaluated in ${run.durationMs} ms: ${run.findings.open} open, ${run.findings.covered} covered by exceptions, ${run.findings.resolved} resolved\n`);
      } finally {
        await runtime.close();
      }
    });
}
