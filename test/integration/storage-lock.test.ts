import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { acquireStoreLock } from '../../src/storage/storage-lock.js';
import { openStorage } from '../../src/storage/storage.js';
import { buildForChildren } from '../support/child-build.js';
import { freshDataDir } from '../support/databases.js';

/** A pid that no longer runs. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

/** Field 22 of /proc/<pid>/stat: the process start time, in clock ticks since boot. */
function startTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
}

/**
 * A lock as this version writes it: the pid on the first line (all an earlier version reads), the
 * holder's record on the second. `pid` runs (the test runner's parent): only the record can tell
 * that the lock is stale.
 */
function lockOf(pid: number, record: Record<string, unknown>): string {
  const own = {
    pid,
    host: hostname(),
    bootId: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(),
    pidNamespace: readlinkSync('/proc/self/ns/pid'),
    startTicks: 'startTicks' in record ? record.startTicks : startTicks(pid),
    lockedAt: '2026-01-01T00:00:00.000Z',
    token: `t${Math.random().toString(16).slice(2)}`,
  };
  return `${pid}\n${JSON.stringify({ ...own, ...record })}\n`;
}

function run(child: ReturnType<typeof spawn>): Promise<{ code: number | null; out: string }> {
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((done) => child.on('exit', (code) => done({ code, out })));
}

describe('the embedded store is opened by one process at a time (ledger.lock)', () => {
  const data = freshDataDir('ledger-lock');
  const lock = join(data.dir, 'ledger.lock');
  let build: Awaited<ReturnType<typeof buildForChildren>>;

  beforeAll(async () => {
    build = await buildForChildren();
    await (await openStorage({ databaseUrl: null, dataDir: data.dir })).close();
  }, 120_000);

  afterAll(() => {
    build?.remove();
    data.remove();
  });

  it('refuses a second opening while held, releases on close, takes over a lock left by a dead process', async () => {
    const first = await openStorage({ databaseUrl: null, dataDir: data.dir });
    expect(readFileSync(lock, 'utf8').split('\n')[0]).toBe(String(process.pid));
    await expect(openStorage({ databaseUrl: null, dataDir: data.dir })).rejects.toThrow(
      new RegExp(
        `^the embedded store at ${data.dir} is locked by pid ${process.pid} since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z: stop that process first, or use PostgreSQL$`,
      ),
    );
    await first.close();
    expect(existsSync(lock)).toBe(false);

    writeFileSync(lock, `${deadPid()}\n`); // as earlier versions wrote it
    const second = await openStorage({ databaseUrl: null, dataDir: data.dir });
    expect(readFileSync(lock, 'utf8').split('\n')[0]).toBe(String(process.pid));
    await second.close();
    expect(existsSync(lock)).toBe(false);
  }, 60_000);

  it('takes over a lock of another boot and one whose pid now names another process; a lock from another host once abandoned', async () => {
    const parent = process.ppid; // alive, and not this process
    writeFileSync(lock, lockOf(parent, { bootId: '00000000-0000-4000-8000-000000000000' }));
    await (await openStorage({ databaseUrl: null, dataDir: data.dir })).close();

    writeFileSync(lock, lockOf(parent, { startTicks: startTicks(parent) - 1 })); // same pid, started at another time: a reused pid
    await (await openStorage({ databaseUrl: null, dataDir: data.dir })).close();

    // Another host (or container): its pid means nothing here; it is held while refreshed.
    writeFileSync(lock, lockOf(parent, { host: 'ledger-elsewhere' }));
    expect(() => acquireStoreLock(data.dir)).toThrow(
      new RegExp(
        `^the embedded store at ${data.dir} is locked by pid ${parent} on host ledger-elsewhere since 2026-01-01T00:00:00.000Z \\(a lock from host ledger-elsewhere, refreshed 0 s ago`,
      ),
    );
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, longAgo, longAgo);
    acquireStoreLock(data.dir)();
    expect(existsSync(lock)).toBe(false);

    // …but a live holder in this boot and pid namespace keeps it, whatever the lock's age.
    writeFileSync(lock, lockOf(parent, {}));
    utimesSync(lock, longAgo, longAgo);
    expect(() => acquireStoreLock(data.dir)).toThrow(`is locked by pid ${parent} since 2026-01-01T00:00:00.000Z: stop that process first`);
    writeFileSync(lock, `${parent}\n`); // an earlier version's lock naming a live pid: held
    expect(() => acquireStoreLock(data.dir)).toThrow(`is locked by pid ${parent} since`);
  }, 60_000);

  it('two processes taking over the same dead lock never both hold it (150 rounds, start times staggered by 0 to 150 µs)', async () => {
    const dir = freshDataDir('ledger-lock-race');
    try {
      const rounds = 150;
      const dead = deadPid();
      writeFileSync(join(dir.dir, 'ledger.lock'), `${dead}\n`);
      // Each round: both processes try at the same moment (one a few µs later); a holder keeps the
      // lock for 10 ms; then the first process lays a dead process's lock down again (an earlier
      // version's and this version's format in turn).
      const deadLocks = [`${dead}\n`, lockOf(dead, { startTicks: 1, token: 'TOKEN' })];
      const script = `
        const { acquireStoreLock } = await import(process.env.LOCK_MODULE);
        const { writeFileSync } = await import('node:fs');
        const { index, t0, rounds, deadLocks, dir } = JSON.parse(process.env.RACE);
        const now = () => performance.timeOrigin + performance.now();
        const until = (t) => { const ms = t - now() - 1; if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); while (now() < t) {} };
        const holds = [];
        for (let k = 0; k < rounds; k++) {
          const t = t0 + k * 25;
          until(t + (index === 1 ? ((k * 7) % 150) / 1000 : 0));
          try { const release = acquireStoreLock(dir); const got = now(); until(t + 10); holds.push([got, now()]); release(); } catch (error) {
            if (!/locked by pid|in use by process/.test(error.message)) throw error;
          }
          until(t + 15);
          if (index === 0) try { writeFileSync(dir + '/ledger.lock', deadLocks[k % 2].replace('TOKEN', 'dead' + k), { flag: 'wx' }); } catch {}
        }
        console.log(JSON.stringify(holds));`;
      const t0 = Date.now() + 2_000;
      const results = await Promise.all(
        [0, 1].map((index) =>
          run(
            spawn(process.execPath, ['--input-type=module', '-e', script], {
              env: {
                ...process.env,
                LOCK_MODULE: join(build.dir, 'src/storage/storage-lock.js'),
                RACE: JSON.stringify({ index, t0, rounds, deadLocks, dir: dir.dir }),
              },
              stdio: ['ignore', 'pipe', 'pipe'],
            }),
          ),
        ),
      );
      for (const r of results) expect(r).toMatchObject({ code: 0 });
      const [a, b] = results.map((r) => JSON.parse(r.out) as [number, number][]);
      const overlapping = a.filter(([from, to]) => b.some(([from2, to2]) => from < to2 && from2 < to));
      expect(overlapping).toEqual([]);
      expect(a.length + b.length).toBeGreaterThanOrEqual(rounds / 2); // the stale locks were taken over
      expect(readdirSync(dir.dir).filter((f) => f !== 'ledger.lock')).toEqual([]); // no claim or temporary file left
    } finally {
      dir.remove();
    }
  }, 60_000);

  it('two servers started at the same moment on a stale lock: exactly one opens the store, the other is told who holds it', async () => {
    writeFileSync(lock, `${deadPid()}\n`);
    const script = `
      const { openStorage } = await import(process.env.STORAGE_MODULE);
      const at = Number(process.env.START_AT);
      while (Date.now() < at) {}
      try {
        const storage = await openStorage({ databaseUrl: null, dataDir: process.env.LEDGER_DATA_DIR });
        console.log('opened by ' + process.pid);
        await new Promise((r) => setTimeout(r, 500));
        await storage.close();
      } catch (error) {
        console.log(error.message);
        process.exitCode = 1;
      }`;
    const at = Date.now() + 1_500;
    const children = [0, 1].map(() =>
      spawn(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...process.env, STORAGE_MODULE: join(build.dir, 'src/storage/storage.js'), START_AT: String(at), LEDGER_DATA_DIR: data.dir },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    const results = await Promise.all(children.map(run));
    const winners = results.filter((r) => r.code === 0);
    expect(winners).toHaveLength(1);
    const winner = children[results.indexOf(winners[0])].pid;
    expect(winners[0].out.trim()).toBe(`opened by ${winner}`);
    const loser = results.find((r) => r !== winners[0])!;
    expect(loser.code).toBe(1);
    expect(loser.out.trim()).toMatch(
      new RegExp(
        `^the embedded store at ${data.dir} is locked by pid ${winner} since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z: stop that process first, or use PostgreSQL$`,
      ),
    );
    expect(existsSync(lock)).toBe(false);
  }, 60_000);
});
