import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, fsyncSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildForChildren } from '../support/child-build.js';
import { call, startChildServer, stopChild, type ChildServer } from '../support/child-server.js';

// Issue 11, part 4: a full disk made the embedded store hang (a PostgreSQL PANIC aborts PGlite's
// WebAssembly instance, and the next call into it spins at 100% CPU, deaf to SIGTERM). Now a write
// that fails for want of space turns the store read-only: writes 507 `storage-full` (Retry-After),
// reads served, SIGTERM honoured, writes again once space returns; a PANIC drops the instance and
// reopens it from its WAL once the disk takes writes. Never is a write acknowledged that is lost.
// Needs a small file system to fill: a tmpfs mounted here (root and mount(8)); skipped otherwise.

const MOUNT_SIZE = '160m';

function mountTmpfs(): { dir: string; unmount: () => void } | string {
  if (process.platform !== 'linux') return `tmpfs is Linux-only (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  const dir = mkdtempSync(join(tmpdir(), 'ledger-disk-full-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${MOUNT_SIZE}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.error || mounted.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return `cannot mount a tmpfs (${(mounted.stderr || String(mounted.error ?? '')).trim() || `exit ${mounted.status}`})`;
  }
  return {
    dir,
    unmount: () => {
      spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fills the file system under `dir` to the last byte with `file`. */
function fill(file: string): void {
  const fd = openSync(file, 'w');
  try {
    for (const size of [1 << 20, 4096, 512]) {
      const block = Buffer.alloc(size, 0x5a);
      try {
        for (;;) writeSync(fd, block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const mount = mountTmpfs();
if (typeof mount === 'string') console.warn(`disk-full: skipped: ${mount}`);
const suite = typeof mount === 'string' ? describe.skip : describe;

suite(`a full disk under the embedded store${typeof mount === 'string' ? `: skipped, ${mount}` : ''}`, () => {
  const root = typeof mount === 'string' ? '' : mount.dir;
  const filler = join(root, 'filler');
  let build: Awaited<ReturnType<typeof buildForChildren>>;

  beforeAll(async () => {
    build = await buildForChildren();
  }, 60_000);

  afterAll(() => {
    build?.remove();
    if (typeof mount !== 'string') mount.unmount();
  });

  // One root (the unit rules): the Ministry, registered first; the units that fill the disk are provinces under it.
  const ROOT = { id: 'bo-cong-an', name: 'Bộ Công an', kind: 'ministry' };
  const unit = (id: string) => ({ id, name: `Công an tỉnh ${id} — ${'đơn vị '.repeat(30)}`, kind: 'province', parentId: ROOT.id });

  it('refuses writes with 507 while full, serves reads, writes again when space returns, honours SIGTERM, loses nothing', async () => {
    const dataDir = join(root, 'server');
    const acked: string[] = [];
    const write = async (id: string) => {
      const res = await call(server.base, 'POST', '/api/units', unit(id));
      if (res.status === 201) acked.push(id);
      return res;
    };
    /** Writes until one is refused (the disk is full); returns the refusal. */
    const writeUntilRefused = async (prefix: string) => {
      for (let i = 0; i < 400; i++) {
        const res = await write(`${prefix}-${i}`);
        if (res.status !== 201) return res;
      }
      throw new Error('every write succeeded on a full disk');
    };
    let server: ChildServer = await startChildServer({ buildDir: build.dir, dataDir, env: { LOG_LEVEL: 'error' } });
    try {
      expect((await call(server.base, 'POST', '/api/units', ROOT)).status).toBe(201);
      for (let i = 0; i < 5; i++) expect((await write(`before-${i}`)).status).toBe(201);

      // 1. Full: the first refused write is 507 problem+json with Retry-After; so is the next; nothing hangs.
      fill(filler);
      const refused = await writeUntilRefused('full');
      expect(refused.status).toBe(507);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(refused.body).toMatchObject({ status: 507, code: 'storage-full', type: 'urn:campaign-ledger:problem:storage-full' });
      const again = await write('full-again');
      expect(again.status).toBe(507);
      // Reads are served: the log, a read model, liveness.
      expect((await call(server.base, 'GET', '/api/streams/unit:before-0')).status).toBe(200);
      expect((await call(server.base, 'GET', '/api/units/before-1')).status).toBe(200);
      expect((await call(server.base, 'GET', '/health')).status).toBe(200);
      expect(server.stderr()).toMatch(/embedded store READ-ONLY: .*No space left on device/);

      // 2. Space returns: writes are accepted again, without a restart.
      rmSync(filler);
      let resumed = await write('resumed-0');
      for (const deadline = Date.now() + 15_000; resumed.status !== 201 && Date.now() < deadline;) {
        await new Promise((r) => setTimeout(r, 250));
        resumed = await write('resumed-0');
      }
      expect(resumed.status).toBe(201);
      expect(server.stderr()).toMatch(/embedded store READY again/);

      // 3. Full again, then SIGTERM while full: it exits within seconds.
      fill(filler);
      expect((await writeUntilRefused('full2')).status).toBe(507);
      const stopped = await stopChild(server);
      expect(stopped.killed).toBe(false);
      expect(stopped.ms).toBeLessThan(5000);
      console.log(`disk-full: ${acked.length} writes acknowledged; SIGTERM while full: exited in ${stopped.ms} ms`);
    } finally {
      if (server.process.exitCode === null && server.process.signalCode === null) await stopChild(server);
    }

    // 4. Restarted with space: every acknowledged write is there, and new ones are accepted.
    rmSync(filler, { force: true });
    server = await startChildServer({ buildDir: build.dir, dataDir, env: { LOG_LEVEL: 'error' } });
    try {
      const missing: string[] = [];
      for (const id of acked) {
        const res = await call(server.base, 'GET', `/api/streams/unit:${id}`);
        if (res.status !== 200) missing.push(`${id}: ${res.status}`);
      }
      expect(missing).toEqual([]);
      expect((await write('after-restart')).status).toBe(201);
    } finally {
      await stopChild(server);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('survives a PANIC (a WAL segment that cannot be written): refuses at once, exits on SIGTERM, reopens from its WAL', async () => {
    const dataDir = join(root, 'panic');
    mkdirSync(dataDir, { recursive: true });
    // The client itself, in a child process (a store that spins would hang this test, not fail it).
    const script = join(build.dir, 'panic-child.mjs');
    writeFileSync(
      script,
      `
      import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
      import { PGliteSqlClient } from './src/event-store/postgres/pglite-sql-client.js';
      const [dataDir, filler, phase] = process.argv.slice(2);
      const say = (what) => console.log(JSON.stringify(what));
      const client = await PGliteSqlClient.open(dataDir, { probeIntervalMs: 200, log: (line) => console.error(line) });
      process.on('SIGTERM', () => { client.close().then(() => process.exit(0), () => process.exit(2)); });
      const fill = () => { const fd = openSync(filler, 'w'); const b = Buffer.alloc(1 << 20); try { for (;;) writeSync(fd, b); } catch {} try { for (;;) writeSync(fd, b.subarray(0, 4096)); } catch {} closeSync(fd); };
      const rows = async () => (await client.query('SELECT count(*)::int AS n FROM t')).rows[0].n;
      const panic = async () => {
        fill();
        // WAL with no room for its next segment: 1 MiB WAL records, no table to extend.
        for (let i = 0; i < 64; i++) {
          try { await client.query("SELECT pg_logical_emit_message(false, 'fill', repeat('x', 1048576) || $1::text)", [String(i)]); }
          catch (error) { return { refused: error.name, code: error.code }; }
        }
        return { refused: null };
      };
      const timed = async (fn) => { const t = Date.now(); try { await fn(); return { ok: true, ms: Date.now() - t }; } catch (error) { return { ok: false, ms: Date.now() - t, error: error.name, code: error.code }; } };
      if (phase === 'first') {
        await client.exec('CREATE TABLE t (id int PRIMARY KEY)');
        for (let i = 0; i < 10; i++) await client.query('INSERT INTO t VALUES ($1)', [i]);
        const failure = await panic();
        say({ step: 'panicked', failure, status: client.status.state, read: await timed(() => rows()), write: await timed(() => client.query('INSERT INTO t VALUES (99)')) });
        setInterval(() => undefined, 1000); // waits for SIGTERM
      } else {
        say({ step: 'reopened', rows: await rows() });
        const failure = await panic();
        say({ step: 'panicked', failure, status: client.status.state });
        rmSync(filler, { force: true });
        const t = Date.now();
        while (client.status.state !== 'ready' && Date.now() - t < 30000) await new Promise((r) => setTimeout(r, 100));
        await client.query('INSERT INTO t VALUES (100)');
        say({ step: 'recovered', status: client.status.state, ms: Date.now() - t, rows: await rows() });
        await client.close();
      }
    `,
    );
    const run = (phase: string) => {
      const child = spawn(process.execPath, [script, dataDir, filler, phase], { cwd: build.dir, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      const steps = () =>
        stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>);
      const waitFor = async (step: string) => {
        for (;;) {
          const found = steps().find((s) => s.step === step);
          if (found) return found;
          if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the child exited before '${step}': ${stderr}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      return { child, exited: exited.finally(() => clearTimeout(killer)), waitFor, stderr: () => stderr };
    };

    try {
      // The PANIC: the store refuses at once (no call into the dead instance), and SIGTERM ends it.
      const first = run('first');
      const panicked = await first.waitFor('panicked');
      expect(panicked).toMatchObject({
        failure: { refused: 'StoreUnavailableError', code: 'store-unavailable' },
        status: 'down',
        read: { ok: false, error: 'StoreUnavailableError', code: 'store-unavailable' },
        write: { ok: false, error: 'StoreUnavailableError' },
      });
      expect((panicked.read as { ms: number }).ms).toBeLessThan(1000);
      expect(first.stderr()).toMatch(/PANIC: .*No space left on device/);
      expect(first.stderr()).toMatch(/embedded store DOWN/);
      const started = Date.now();
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      const sigtermMs = Date.now() - started;
      expect(sigtermMs).toBeLessThan(5000);

      // Space back: it opens (crash recovery from the WAL) with every row; PANICs again, and this
      // time reopens by itself once the filler is gone.
      rmSync(filler, { force: true });
      const second = run('second');
      expect(await second.waitFor('reopened')).toMatchObject({ rows: 10 });
      expect(await second.waitFor('panicked')).toMatchObject({ status: 'down' });
      const recovered = await second.waitFor('recovered');
      expect(recovered).toMatchObject({ status: 'ready', rows: 11 });
      expect(await second.exited).toBe(0);
      expect(second.stderr()).toMatch(/embedded store READY again \(reopened from its WAL\)/);
      console.log(
        `disk-full: after a PANIC, refused in ${(panicked.read as { ms: number }).ms} ms; SIGTERM honoured in ${sigtermMs} ms; reopened ${recovered.ms} ms after space returned`,
      );
    } finally {
      rmSync(filler, { force: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
