import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, readlinkSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Lock files this process holds (a pid equal to ours in a file we do not hold is a stale one). */
const held = new Set<string>();

/** The holder refreshes its lock's mtime this often (seen by processes that cannot check its pid). */
export const LOCK_REFRESH_MS = 5_000;
/** A lock whose pid cannot be checked here (another host or container) is abandoned once not refreshed for this long. */
export const LOCK_ABANDONED_MS = 30_000;

export class StoreInUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreInUseError';
    this.stack = `${this.name}: ${message}`; // for the operator: what and what to do, no frames
  }
}

/**
 * What a lock file says about its holder. `ledger.lock` holds the pid on its first line (all that
 * earlier versions wrote and read: they still see the lock as held) and this record, JSON, on the second.
 */
export interface LockRecord {
  pid: number;
  host: string;
  /** /proc/sys/kernel/random/boot_id: which boot of the machine (null where there is no /proc). */
  bootId: string | null;
  /** /proc/self/ns/pid: the pid namespace (a container has its own; pids repeat across them). */
  pidNamespace: string | null;
  /** Field 22 of /proc/<pid>/stat (clock ticks since boot): tells a reused pid from its first holder. */
  startTicks: number | null;
  /** When the holder took the lock. */
  lockedAt: string;
  /** Unique per acquisition: what "the same lock" means when taking over a stale one. */
  token: string;
}

/** A lock file as read: its record (null for a pre-JSON lock holding only a pid, or an unreadable one). */
interface FoundLock {
  raw: string;
  record: LockRecord | null;
  /** A lock in the old format (`<pid>\n`). */
  legacyPid: number | null;
  ino: number;
  mtimeMs: number;
}

type Verdict = { live: true; why: string } | { live: false; why: string; wait?: boolean };

/**
 * The embedded store (PGlite) can be opened by one process only: `<dataDir>/ledger.lock` names the
 * holder (pid, host, boot, pid namespace, process start time). Returns the release function
 * (idempotent).
 *
 * Race-free: a lock is written complete to a temporary file and `link()`ed to the lock path, which
 * fails if a lock is there (never two holders, never a half-written lock). A stale lock is removed
 * only by the process that wins an exclusive claim on that very lock (`ledger.lock.takeover-<token>`),
 * which checks, while holding the claim, that the lock path still holds it: two processes taking
 * over the same dead lock cannot both succeed, and neither can remove a lock another process has
 * just taken. Stale: written by this machine before it restarted (another boot id); or, in the same
 * boot and pid namespace, its pid is gone or is now another process (another start time). A lock
 * whose pid cannot be checked here (another host or container) is stale once its holder has not
 * refreshed it for LOCK_ABANDONED_MS (holders refresh every LOCK_REFRESH_MS).
 */
export function acquireStoreLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'ledger.lock');
  const me = ownRecord();
  for (const deadline = Date.now() + 5_000; Date.now() < deadline;) {
    if (held.has(file)) {
      const found = readLock(file);
      throw new StoreInUseError(
        found ? inUseMessage(dataDir, found, 'held by this process') : `the embedded store at ${dataDir} is already open in this process`,
      );
    }
    if (createExclusive(file, me)) {
      if (readLock(file)?.record?.token !== me.token) continue; // cannot happen with link(); re-read to be sure
      return holdLock(file, me);
    }
    const found = readLock(file);
    if (found === null) continue; // released or taken over meanwhile: try again
    const verdict = judge(found);
    if (verdict.live) throw new StoreInUseError(inUseMessage(dataDir, found, verdict.why));
    if (verdict.wait) sleep(20);
    else removeIfUnchanged(file, found, me, 0);
  }
  throw new StoreInUseError(
    `the embedded store at ${dataDir}: its lock ${file} kept changing while this process tried to take it (another process starting?); try again`,
  );
}

function holdLock(file: string, me: LockRecord): () => void {
  held.add(file);
  const refresh = setInterval(() => {
    try {
      if (readLock(file)?.record?.token === me.token) {
        const now = new Date();
        utimesSync(file, now, now);
      }
    } catch {
      // best effort: a missed refresh only matters to a process that cannot check our pid
    }
  }, LOCK_REFRESH_MS);
  refresh.unref();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    clearInterval(refresh);
    held.delete(file);
    try {
      if (readLock(file)?.record?.token === me.token) unlinkSync(file);
    } catch {
      // already gone
    }
  };
}

/**
 * Removes `path` if it still is the lock `found` (same token; for an old-format lock, same inode and
 * content). Only the winner of the exclusive claim `<path>.takeover-<key>` acts; a stale claim (its
 * claimant died mid-takeover) is removed the same way, one level down.
 */
function removeIfUnchanged(path: string, found: FoundLock, me: LockRecord, depth: number): void {
  if (depth > 3) throw new StoreInUseError(`cannot clear the stale lock ${path}: remove ${path} and ${path}.takeover-* by hand once no ledger process runs`);
  const claim = `${path}.takeover-${found.record && /^[0-9a-z]{1,32}$/i.test(found.record.token) ? found.record.token : `i${found.ino}`}`;
  while (!createExclusive(claim, me)) {
    const other = readLock(claim);
    if (other === null) continue;
    const verdict = judge(other);
    if (verdict.live || verdict.wait) {
      sleep(20); // another process is taking this lock over right now: the caller looks again
      return;
    }
    removeIfUnchanged(claim, other, me, depth + 1);
  }
  try {
    const now = readLock(path);
    if (now && (found.record ? now.record?.token === found.record.token : now.ino === found.ino && now.raw === found.raw)) unlinkSync(path);
  } finally {
    try {
      unlinkSync(claim);
    } catch {
      // gone already
    }
  }
}

/** Writes `record` to a temporary file and links it to `path`: false if `path` exists. */
function createExclusive(path: string, record: LockRecord): boolean {
  const text = `${record.pid}\n${JSON.stringify(record)}\n`;
  const tmp = `${path}.${record.token}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error;
    return createWithExcl(path, text); // a file system without hard links
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // gone already
    }
  }
}

/** O_EXCL create: a reader may see it empty for a moment (judged "being written", see judge()). */
function createWithExcl(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readLock(path: string): FoundLock | null {
  let raw: string;
  let ino: number;
  let mtimeMs: number;
  try {
    const stat = statSync(path);
    raw = readFileSync(path, 'utf8');
    ino = stat.ino;
    mtimeMs = stat.mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const [first, second] = raw.split('\n');
  const legacy = /^\s*(\d+)\s*$/.exec(first) && !second?.trim() ? Number(first.trim()) : null;
  return { raw, record: second ? parseRecord(second) : null, legacyPid: legacy, ino, mtimeMs };
}

function parseRecord(raw: string): LockRecord | null {
  try {
    const value = JSON.parse(raw) as Partial<LockRecord>;
    if (typeof value !== 'object' || value === null || !Number.isInteger(value.pid) || (value.pid as number) <= 0) return null;
    if (typeof value.host !== 'string' || typeof value.token !== 'string' || typeof value.lockedAt !== 'string') return null;
    return {
      pid: value.pid as number,
      host: value.host,
      bootId: typeof value.bootId === 'string' ? value.bootId : null,
      pidNamespace: typeof value.pidNamespace === 'string' ? value.pidNamespace : null,
      startTicks: typeof value.startTicks === 'number' ? value.startTicks : null,
      lockedAt: value.lockedAt,
      token: value.token,
    };
  } catch {
    return null;
  }
}

/** Is the holder of this lock (or claim) still running? */
function judge(found: FoundLock): Verdict {
  const age = Date.now() - found.mtimeMs;
  if (found.record === null) {
    if (found.legacyPid !== null) {
      // An old-format lock: its pid only.
      if (found.legacyPid !== process.pid && isAlive(found.legacyPid)) return { live: true, why: 'its pid is running' };
      return { live: false, why: 'its pid no longer runs' };
    }
    // Empty or unreadable: being written (O_EXCL fallback), or left half-written by a crash.
    return age < 2_000 ? { live: false, wait: true, why: 'being written' } : { live: false, why: 'unreadable' };
  }
  const lock = found.record;
  const me = self();
  if (lock.host === me.host && lock.bootId !== null && me.bootId !== null && lock.bootId !== me.bootId) {
    return { live: false, why: 'written before this machine restarted' };
  }
  const checkable = lock.host === me.host && lock.bootId === me.bootId && lock.pidNamespace === me.pidNamespace;
  if (!checkable) {
    // Another host or container: its pid means nothing here; it refreshes the lock while it runs.
    if (age > LOCK_ABANDONED_MS) return { live: false, why: `not refreshed for ${Math.round(age / 1000)} s` };
    return {
      live: true,
      why: `a lock from ${lock.host === me.host ? 'another container' : `host ${lock.host}`}, refreshed ${Math.round(age / 1000)} s ago: it counts as abandoned ${LOCK_ABANDONED_MS / 1000} s after its last refresh`,
    };
  }
  if (lock.pid === process.pid) return { live: false, why: 'our own pid, left by an earlier process' };
  if (!isAlive(lock.pid)) return { live: false, why: 'its pid no longer runs' };
  const ticks = startTicks(lock.pid);
  if (lock.startTicks !== null && ticks !== null && ticks !== lock.startTicks) return { live: false, why: `pid ${lock.pid} is now another process` };
  return { live: true, why: 'its pid is running' };
}

function inUseMessage(dataDir: string, found: FoundLock, why: string): string {
  const lock = found.record;
  const pid = lock?.pid ?? found.legacyPid ?? '?';
  const since = lock?.lockedAt ?? new Date(found.mtimeMs).toISOString();
  const host = lock && lock.host !== hostname() ? ` on host ${lock.host}` : '';
  const detail = why === 'its pid is running' || why === 'held by this process' ? '' : ` (${why})`;
  return `the embedded store at ${dataDir} is locked by pid ${pid}${host} since ${since}${detail}: stop that process first, or use PostgreSQL`;
}

let own: Omit<LockRecord, 'lockedAt' | 'token'> | null = null;

/** This process: pid, host, boot, pid namespace, start time. */
function self(): Omit<LockRecord, 'lockedAt' | 'token'> {
  own ??= {
    pid: process.pid,
    host: hostname(),
    bootId: readText('/proc/sys/kernel/random/boot_id'),
    pidNamespace: readLinkOrNull('/proc/self/ns/pid'),
    startTicks: startTicks(process.pid),
  };
  return own;
}

function ownRecord(): LockRecord {
  return { ...self(), lockedAt: new Date().toISOString(), token: randomBytes(8).toString('hex') };
}

/** Field 22 of /proc/<pid>/stat, the process start time in clock ticks since boot; null without /proc. */
function startTicks(pid: number): number | null {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === null) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // field 2, the name, may hold spaces
  const ticks = Number(fields[22 - 3]);
  return Number.isFinite(ticks) ? ticks : null;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim() || null;
  } catch {
    return null;
  }
}

function readLinkOrNull(path: string): string | null {
  try {
    return readlinkSync(path);
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

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
