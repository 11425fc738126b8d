// custodian demo generate --scale small|department [--seed N] [--json]: fills an empty database with a
// generated department (issue 14), for the benchmark and for trying Custodian at scale.
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { loadDemoDepartment } from '../demo/load.ts';
import { isScaleName, SCALE_NAMES, SCALES } from '../demo/scales.ts';
import { londonDate, systemClock } from '../platform/clock.ts';
import { AppError } from '../platform/http/errors.ts';
import { openRuntime } from '../runtime.ts';
import type { CliIo } from './io.ts';

export function registerDemoCommands(program: Command, io: CliIo): void {
  const demo = program.command('demo').description('A generated demonstration department, for benchmarks and trials.');
  demo
    .command('generate')
    .description('Fill an empty database with a generated department: the same seed gives the same department. People, training, assets, services and suppliers go in through their imports.')
    .requiredOption('--scale <scale>', `how big: ${SCALE_NAMES.join(', ')}`)
    .option('--seed <n>', 'the seed (a whole number)', '1')
    .option('--json', 'print {"scale", "seed", "counts", "timings", "totalMs", "peakRssBytes"}')
    .action(async (options: { scale: string; seed: string; json?: boolean }) => {
      if (!isScaleName(options.scale)) throw new AppError('validation_failed', `"${options.scale}" is not a scale: use ${SCALE_NAMES.join(', ')}`);
      const seed = Number(options.seed);
      if (!Number.isSafeInteger(seed) || seed < 0) throw new AppError('validation_failed', `"${options.seed}" is not a seed: use a whole number, such as 1`);
      const runtime = await openRuntime(loadConfig());
      try {
        const started = performance.now();
        const load = await loadDemoDepartment(runtime.database.db, runtime.services, SCALES[options.scale], seed, londonDate(systemClock.now()), (step) => io.err(`${step}…\n`));
        const totalMs = Math.round(performance.now() - started);
        if (options.json) {
          // The process's own peak memory, for the benchmark: a child process's is not otherwise known to its parent.
          io.out(`${JSON.stringify({ scale: options.scale, seed, counts: load.counts, timings: load.timings, totalMs, peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
          return;
        }
        io.out(`Generated a ${options.scale}-scale department (seed ${seed}) in ${(totalMs / 1000).toFixed(1)} s\n`);
        for (const [register, count] of Object.entries(load.counts)) io.out(`  ${register}: ${count.toLocaleString('en-GB')}\n`);
        io.out('Times:\n');
        for (const [step, ms] of Object.entries(load.timings)) io.out(`  ${step}: ${(ms / 1000).toFixed(1)} s\n`);
      } finally {
        await runtime.close();
      }
    });
}
