import type { CliIo } from './io.ts';

// A progress bar for long jobs on the command line. On a terminal it redraws one line; when output
// goes to a file or CI log it prints a line at each tenth, so logs stay short.
export interface Progress {
  update(done: number, total?: number): void;
  finish(message?: string): void;
}

export function progressBar(label: string, total: number, io: CliIo): Progress {
  const width = 30;
  let lastTenth = -1;
  let current = 0;
  let size = total;
  const started = Date.now();
  const draw = (): void => {
    const fraction = size > 0 ? Math.min(1, current / size) : 1;
    if (io.errIsTerminal) {
      const filled = Math.round(fraction * width);
      io.err(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${current.toLocaleString('en-GB')}/${size.toLocaleString('en-GB')} (${Math.round(fraction * 100)}%)`);
    } else {
      const tenth = Math.floor(fraction * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        io.err(`${label}: ${current.toLocaleString('en-GB')}/${size.toLocaleString('en-GB')} (${tenth * 10}%)\n`);
      }
    }
  };
  return {
    update(done, newTotal) {
      current = done;
      if (newTotal !== undefined) size = newTotal;
      draw();
    },
    finish(message) {
      current = size;
      draw();
      if (io.errIsTerminal) io.err('\n');
      io.err(`${message ?? `${label}: done`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    },
  };
}
