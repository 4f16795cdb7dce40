import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { projections } from '../../projections/index.js';
import { rebuildProjections } from '../../projections/runner/rebuild.js';
import { openStorage } from '../../src/storage/storage.js';
import { freshDatabase, freshDataDir } from '../support/databases.js';
import { appendSyntheticLog, tableHashes } from './read-model-hashes.js';

const EVENTS = 20_000;
const root = resolve(import.meta.dirname, '../..');
const main = resolve(root, 'dist/src/main.js');

if (!process.env.DATABASE_URL)
  console.warn('crash: skipped: DATABASE_URL is not set (kill -9 of a server process needs PostgreSQL; the embedded store is single-process)');
const suite = process.env.DATABASE_URL ? describe : describe.skip;

suite(`kill -9 while the projections catch up (PostgreSQL)${process.env.DATABASE_URL ? '' : ': skipped, DATABASE_URL is not set'}`, () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const dataDir = freshDataDir('ledger-crash');
  let client: pg.Client;
  let server: ChildProcess | null = null;
  let head = 0;

  const checkpoints = async () => {
    const { rows } = await client.query<{ name: string; position: string }>('SELECT name, position FROM processor_checkpoints');
    return new Map(rows.map((r) => [r.name, Number(r.position)]));
  };
  const startServer = () => {
    const child = spawn(process.execPath, [main], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: database.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', PROJECTIONS: 'on' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code, signal) => {
      if (code !== 0 && code !== null && signal === null) console.error(`server exited with ${code}: ${stderr}`);
    });
    return child;
  };
  const exited = (child: ChildProcess) =>
    new Promise<void>((done) => (child.exitCode !== null || child.signalCode !== null ? done() : child.once('exit', () => done())));
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 5) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      if (server && server.exitCode !== null) throw new Error(`server exited (${server.exitCode}) while waiting for ${what}`);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  };

  beforeAll(async () => {
    if (!existsSync(main))
      execFileSync(process.execPath, [resolve(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
    database = await freshDatabase('ledger_crash');
    const storage = await openStorage({ databaseUrl: database.url, dataDir: dataDir.dir });
    try {
      await appendSyntheticLog(storage.store, EVENTS);
      // Deliverability waits for transactions open anywhere on the server (the gap-safe horizon).
      for (const deadline = Date.now() + 60_000; (head = await storage.store.headPosition()) < EVENTS && Date.now() < deadline;) {
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await storage.close();
    }
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  }, 150_000);

  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
      await exited(server);
    }
    await client?.end();
    await database?.drop();
    dataDir.remove();
  });

  it('recovers to the same read models a full rebuild produces', async () => {
    expect(head).toBeGreaterThanOrEqual(EVENTS);

    // 1. Start, and kill -9 as soon as the first batch has committed.
    server = startServer();
    let atKill = new Map<string, number>();
    await until(
      'a first checkpoint',
      async () => {
        atKill = await checkpoints();
        return [...atKill.values()].some((p) => p > 0);
      },
      30_000,
      2,
    );
    server.kill('SIGKILL');
    await exited(server);
    expect(server.signalCode).toBe('SIGKILL');
    const killedAt = Math.min(...projections.map((p) => atKill.get(p.name) ?? 0));
    expect(killedAt).toBeLessThan(head);

    // 2. Restart: it resumes from its checkpoints and catches up; then stop it cleanly.
    server = startServer();
    await until(
      'the projections to catch up',
      async () => {
        const now = await checkpoints();
        return projections.every((p) => (now.get(p.name) ?? 0) >= head);
      },
      45_000,
      50,
    );
    server.kill('SIGTERM');
    await exited(server);
    server = null;

    // 3. What the crashed-and-restarted projector built equals a full rebuild from the log.
    const storage = await openStorage({ databaseUrl: database.url, dataDir: dataDir.dir });
    try {
      const recovered = await tableHashes(storage.dataSource);
      const [{ count }]: { count: string }[] = await storage.dataSource.query("SELECT count(*) FROM ledger_events WHERE type LIKE 'ScoreEntry%'");
      expect(recovered.rm_score_events.startsWith(`${count}:`)).toBe(true);
      const result = await rebuildProjections(storage, projections);
      console.log(
        `crash: killed at checkpoint ${killedAt} of ${head}; rebuild of ${projections.length} projections: ${result.events} events in ${result.seconds.toFixed(2)} s = ${Math.round(result.eventsPerSecond)} events/s (PostgreSQL, batch 5000)`,
      );
      expect(await tableHashes(storage.dataSource)).toEqual(recovered);
    } finally {
      await storage.close();
    }
  }, 90_000);
});
