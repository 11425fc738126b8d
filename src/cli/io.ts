// Where a command writes. Commands never touch process.stdout or exitCode themselves, so the same
// commands run in a terminal, in a script, and inside a test that reads what they printed.
export interface CliIo {
  /** Results other programs read (JSON, a token, export lines). */
  out(text: string): void;
  /** Messages and progress for the person at the terminal. */
  err(text: string): void;
  readonly errIsTerminal: boolean;
  exitCode: number;
}

export function processIo(): CliIo {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    errIsTerminal: Boolean(process.stderr.isTTY),
    exitCode: 0,
  };
}

export function memoryIo(): CliIo & { readonly stdout: string; readonly stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (text) => void out.push(text),
    err: (text) => void err.push(text),
    errIsTerminal: false,
    exitCode: 0,
    get stdout() {
      return out.join('');
    },
    get stderr() {
      return err.join('');
    },
  };
}
