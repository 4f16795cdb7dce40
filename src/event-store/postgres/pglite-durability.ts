import { closeSync, fdatasyncSync, fsyncSync, lstatSync, openSync, readdirSync, statfsSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/**
 * What makes the embedded store durable at acknowledgement (README, Durability).
 *
 * PGlite 0.5 as shipped never reaches the disk: it starts PostgreSQL with `-F` (fsync = off), and
 * even without it the Emscripten file system it runs on has no fsync: `fsync()` in the WASM build
 * becomes `_fd_sync`, which calls the stream's `fsync` operation if there is one — NODEFS (the
 * Node file system PGlite's NodeFS mounts) has none, so it returns success; `fdatasync()` becomes
 * `___syscall_fdatasync`, which only checks the descriptor. Every write goes to the page cache
 * (`fs.writeSync`) and stays there until the kernel writes it back: a process crash keeps it, a
 * power cut may not.
 *
 * Here: PostgreSQL runs with fsync on and `wal_sync_method = fsync` (the one method that goes
 * through `_fd_sync`), and NODEFS gets an `fsync` operation that calls the real one
 * (fdatasync for files, fsync for directories). PostgreSQL then does what it does on a server:
 * the WAL is flushed before a commit returns (or, for a transaction committed with
 * `synchronous_commit = off`, before its caller hears of it: PGliteSqlClient's group flush), data files are flushed at checkpoints before
 * the WAL they depend on is recycled, directories after files are created or renamed, and the
 * whole data directory at start-up after a crash.
 */

/** The emscripten module options NodeFS.init receives (PostgresMod is not exported by name). */
type EmscriptenOptions = Parameters<NodeFS['init']>[1];
type Module = Parameters<NonNullable<EmscriptenOptions['preRun']>[number]>[0];

interface NodeFsStream {
  nfd?: number;
  node: { mode: number };
}

interface NodeFsInternals {
  stream_ops: { fsync?: (stream: NodeFsStream) => number };
  tryFSOperation<T>(f: () => T): T;
  realPath(node: unknown): string;
}

/** Counts the flushes that reached the disk (tests and diagnostics). */
export interface SyncCounter {
  fsyncs: number;
  /** Time spent in them, in milliseconds. */
  ms: number;
}

/** PGlite's NodeFS whose fsync reaches the disk. */
export class DurableNodeFS extends NodeFS {
  constructor(
    dataDir: string,
    private readonly counter: SyncCounter,
  ) {
    super(dataDir);
  }

  override async init(pg: PGlite, opts: EmscriptenOptions): Promise<{ emscriptenOpts: EmscriptenOptions }> {
    const { emscriptenOpts } = await super.init(pg, opts);
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), (mod: Module) => installFsync(mod, this.counter)] } };
  }
}

/**
 * Gives NODEFS the fsync operation it lacks. A failure is thrown as the errno Emscripten expects,
 * so that PostgreSQL sees fsync fail (and, as on a server, PANICs rather than trust the file).
 */
function installFsync(mod: Module, counter: SyncCounter): void {
  const nodefs = mod.NODEFS as unknown as NodeFsInternals;
  const isDir = (mode: number) => (mode & 0o170000) === 0o040000;
  nodefs.stream_ops.fsync = (stream: NodeFsStream) => {
    const started = performance.now();
    nodefs.tryFSOperation(() => {
      const own = stream.nfd === undefined;
      const fd = own ? openSync(nodefs.realPath(stream.node), 'r') : stream.nfd!;
      try {
        if (isDir(stream.node.mode)) fsyncSync(fd);
        else fdatasyncSync(fd);
      } finally {
        if (own) closeSync(fd);
      }
    });
    counter.fsyncs++;
    counter.ms += performance.now() - started;
    return 0;
  };
}

/** PGlite's start parameters with fsync on: the defaults without `-F`, the WAL flushed with fsync(). */
export function durableStartParams(): string[] {
  return [...PGlite.defaultStartParams.filter((param) => param !== '-F'), '-c', 'wal_sync_method=fsync'];
}

/**
 * Flushes every file and directory under `dir`, then `dir` in its parent: once after PGlite has
 * created a data directory (its initdb writes through the page cache) or opened one written
 * without fsync (an earlier version of the ledger), before the first write is acknowledged.
 */
export function syncTree(dir: string): number {
  let count = 0;
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const child = join(path, name);
      const stat = lstatSync(child);
      if (stat.isDirectory()) walk(child);
      else if (stat.isFile()) {
        syncPath(child, false);
        count++;
      }
    }
    syncPath(path, true);
    count++;
  };
  walk(dir);
  syncPath(dirname(dir), true);
  return count + 1;
}

function syncPath(path: string, directory: boolean): void {
  const fd = openSync(path, 'r');
  try {
    if (directory) fsyncSync(fd);
    else fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether the disk under `dir` can take writes again: at least `minFreeBytes` free (statfs), and a
 * probe file written, flushed and removed. Returns the reason when it cannot.
 */
export function probeWritable(dir: string, minFreeBytes: number): string | null {
  try {
    const stats = statfsSync(dir);
    const free = Number(stats.bavail) * Number(stats.bsize);
    if (free < minFreeBytes) return `${formatBytes(free)} free, ${formatBytes(minFreeBytes)} needed`;
  } catch (error) {
    return `statfs failed: ${(error as Error).message}`;
  }
  const file = join(dir, `.write-probe-${process.pid}`);
  let fd: number | null = null;
  try {
    fd = openSync(file, 'w');
    const block = Buffer.alloc(64 * 1024, 0x5a);
    for (let i = 0; i < 4; i++) writeSync(fd, block, 0, block.length, i * block.length);
    fdatasyncSync(fd);
    return null;
  } catch (error) {
    return `a probe write failed: ${(error as Error).message}`;
  } finally {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(file);
    } catch {
      // never created
    }
  }
}

export function formatBytes(bytes: number): string {
  return bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
