import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Lock files this process holds (a pid equal to ours in a file we do not hold is a stale one). */
const held = new Set<string>();

export class StoreInUseError extends Error {}

/**
 * The embedded store (PGlite) can be opened by one process only: `<dataDir>/ledger.lock` holds the
 * owner's pid. Created exclusively; a lock left by a process that no longer runs is taken over.
 * Returns the release function (idempotent).
 */
export function acquireStoreLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'ledger.lock');
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw error;
    }
    const owner = readOwner(file);
    if (owner === null && attempt === 0) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50); // maybe being written: look again
      continue;
    }
    if (owner !== null && (held.has(file) || (owner !== process.pid && isAlive(owner)))) {
      throw new StoreInUseError(`the embedded store at ${dataDir} is in use by process ${owner} (stop the server first, or use PostgreSQL)`);
    }
    // Stale (dead pid, unreadable, or our own pid left by an earlier process): take it over.
    try {
      unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  held.add(file);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    held.delete(file);
    try {
      if (readOwner(file) === process.pid) unlinkSync(file);
    } catch {
      // already gone
    }
  };
}

function readOwner(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
