// Stub: the helper building this register replaces this file.
import type { Command } from 'commander';
import type { CliIo } from './io.ts';

export function registerAssetsCommands(program: Command, io: CliIo): void {
  void program;
  void io;
}
