import { spawnSync } from 'node:child_process';

/**
 * Reading `strace -f -y -s 48 -e trace=read,write,writev,pwrite64,fsync,fdatasync -o FILE` output
 * of a ledger server, to check that no write is acknowledged before its WAL is on disk.
 */

/** One completed system call: who, which, on which descriptor (and the path strace -y printed), its data. */
export interface TraceCall {
  pid: number;
  call: string;
  fd: number;
  path: string;
  /** The start of the data written or read (strace -s), with strace's escapes. */
  data: string;
}

const CALL = /^(\d+)\s+(\w+)\((\d+)<([^>]*)>(.*)$/;
const RESUMED = /^(\d+)\s+<\.\.\. (\w+) resumed>(.*)$/;

/** The calls in completion order ("<unfinished ...>" joined to its "resumed" line). */
export function parseStrace(text: string): TraceCall[] {
  const calls: TraceCall[] = [];
  const unfinished = new Map<number, { call: string; fd: number; path: string; rest: string }>();
  for (const line of text.split('\n')) {
    const resumed = RESUMED.exec(line);
    if (resumed) {
      const pid = Number(resumed[1]);
      const start = unfinished.get(pid);
      unfinished.delete(pid);
      if (start && start.call === resumed[2]) calls.push({ pid, call: start.call, fd: start.fd, path: start.path, data: `${start.rest}${resumed[3]}` });
      continue;
    }
    const m = CALL.exec(line);
    if (!m) continue;
    const [, pid, call, fd, path, rest] = m;
    if (rest.includes('<unfinished ...>')) {
      unfinished.set(Number(pid), { call, fd: Number(fd), path, rest: rest.replace('<unfinished ...>', '') });
      continue;
    }
    if (/\)\s+=\s+-1\s/.test(rest)) continue; // failed: EAGAIN on a socket, …
    calls.push({ pid: Number(pid), call, fd: Number(fd), path, data: rest });
  }
  return calls;
}

export interface AckCheck {
  /** Write requests answered 2xx. */
  acks: number;
  /** fsync/fdatasync calls on the WAL (pg_wal/…). */
  walFlushes: number;
  /** WAL flushes that were the last one before some acknowledgement: the commit groups. */
  groups: number;
  /** Acknowledgements with no WAL flush between the request and the answer, or with WAL written since the request still unflushed. */
  violations: string[];
}

const WRITE_REQUEST = /^,\s*(\[\{iov_base=)?"(POST|PUT|PATCH|DELETE) \/api\//;
const SUCCESS = /^,\s*(\[\{iov_base=)?"HTTP\/1\.1 2\d\d /;

/**
 * For every write request (POST/PUT/PATCH/DELETE /api/…) read on a socket and answered 2xx on
 * it: between the two, the WAL was flushed at least once, and every WAL write made after the
 * request arrived had been flushed when the answer went out. That is the order the commit needs:
 * its WAL record is written after the request is read, and must be on disk before the answer.
 */
export function checkAcknowledgements(calls: TraceCall[]): AckCheck {
  const open = new Map<string, { flushed: boolean; pending: Set<string>; at: number }>();
  let acks = 0;
  let walFlushes = 0;
  let lastFlush = -1;
  const groupFlushes = new Set<number>();
  const violations: string[] = [];
  const isWal = (path: string) => /\/pg_wal(\/|$)/.test(path);
  const isSocket = (path: string) => /^(socket|TCP|TCPv6|UNIX):/.test(path);
  calls.forEach((c, index) => {
    if ((c.call === 'pwrite64' || c.call === 'write' || c.call === 'writev') && isWal(c.path)) {
      for (const request of open.values()) request.pending.add(c.path);
    } else if ((c.call === 'fsync' || c.call === 'fdatasync') && isWal(c.path)) {
      walFlushes++;
      lastFlush = index;
      for (const request of open.values()) {
        request.flushed = true;
        request.pending.delete(c.path);
      }
    } else if (c.call === 'read' && isSocket(c.path) && WRITE_REQUEST.test(c.data)) {
      open.set(c.path, { flushed: false, pending: new Set(), at: index });
    } else if ((c.call === 'write' || c.call === 'writev') && isSocket(c.path)) {
      const request = open.get(c.path);
      if (!request) return;
      open.delete(c.path);
      if (!SUCCESS.test(c.data)) return;
      acks++;
      groupFlushes.add(lastFlush);
      if (!request.flushed) violations.push(`call ${index}: a write acknowledged on ${c.path} with no WAL flush since its request (call ${request.at})`);
      else if (request.pending.size > 0)
        violations.push(
          `call ${index}: a write acknowledged on ${c.path} while WAL written since its request is unflushed (${[...request.pending].join(', ')})`,
        );
    }
  });
  groupFlushes.delete(-1);
  return { acks, walFlushes, groups: groupFlushes.size, violations };
}

/** Why strace cannot be used here, or null when it can (installed, and allowed to trace). */
export function straceUnavailable(): string | null {
  if (process.platform !== 'linux') return `strace is Linux-only (this is ${process.platform})`;
  const version = spawnSync('strace', ['-V'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) return 'strace is not installed (apt-get install -y strace)';
  const probe = spawnSync('strace', ['-f', '-o', '/dev/null', '-e', 'trace=fsync', 'true'], { encoding: 'utf8' });
  if (probe.status !== 0) return `strace cannot trace here (ptrace not permitted?): ${(probe.stderr || '').trim().split('\n')[0]}`;
  return null;
}
