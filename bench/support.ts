// What a bench is, and how it times things: shared by bench/run.ts and every bench.
import { performance } from 'node:perf_hooks';

export interface Measurement {
  readonly what: string;
  readonly value: number;
  readonly unit: string;
}

export interface Bench {
  readonly title: string;
  run(record: (m: Measurement) => void): Promise<void>;
}

/** Times one call, in milliseconds: the median of `runs` runs, after one warm-up. */
export async function median(runs: number, work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]! * 10) / 10;
}

