// Two processes that open the same PGlite directory lose writes silently, so the directory is
// locked by the process that opens it. A second opener gets a coded error that says what to do.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../http/errors.ts';

const LOCK_FILE = 'custodian.lock';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
        process.off('exit', release);
      };
      process.on('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
        throw new AppError(
          'database_in_use',
          `The embedded database in ${dataDir} is open in another Custodian process (pid ${holder}). ` +
            'Stop the server first (Ctrl+C where it runs), or use the upload pages in the running server; ' +
            'with DATABASE_URL set to PostgreSQL, commands can run alongside the server.',
        );
      }
      // The lock was left by a process that no longer runs: take it over.
      rmSync(path, { force: true });
    }
  }
  throw new AppError('database_in_use', `Could not lock the embedded database in ${dataDir}.`);
}
