import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { buildForChildren } from '../support/child-build.js';
import { freshDataDir } from '../support/databases.js';

/**
 * The embedded store knows itself (ledger-identity.json, store id also in the database): a folder
 * whose database was lost, re-initialised, swapped or cut short is refused before PGlite can
 * re-initialise it; damaged files are answered with the folder and the file, never `Aborted()`.
 * The tests assert on messages only (no class from src/storage/store-identity.ts), so that they also run,
 * and fail, on the code from before it.
 */

const EVENTS = 5;
const IDENTITY = 'ledger-identity.json';

async function appendEvents(storage: Storage, count: number, prefix: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    await storage.store.append(`identity-test:${prefix}-${i}`, [{ type: 'IdentityTestRecorded', data: { i } }], {
      expectedVersion: 'no-stream',
      metadata: { actor: 'test', commandId: `${prefix}-${i}`, correlationId: `${prefix}-${i}`, causationId: null },
    });
  }
}

/** Every file under `dir` with a hash of its content: what "untouched" means. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return files;
}

function readIdentity(dir: string): { storeId: string; format: number; headPosition: number; createdAt: string } {
  return JSON.parse(readFileSync(join(dir, IDENTITY), 'utf8'));
}

describe('the embedded store knows itself (ledger-identity.json)', () => {
  const template = freshDataDir('ledger-identity-template');
  const copies: { remove: () => void }[] = [];
  let storeId = '';

  /** A copy of the ledger written in beforeAll (5 events, closed cleanly). */
  const copyOfLedger = (name: string) => {
    const copy = freshDataDir(`ledger-identity-${name}`);
    copies.push(copy);
    cpSync(template.dir, copy.dir, { recursive: true });
    return copy.dir;
  };

  beforeAll(async () => {
    const storage = await openStorage({ databaseUrl: null, dataDir: template.dir });
    await appendEvents(storage, EVENTS, 'first');
    await storage.close();
  }, 120_000);

  afterAll(() => {
    for (const copy of copies) copy.remove();
    template.remove();
  });

  it('is written when the store opens, with a store id, the format, and the head it served at close', () => {
    const identity = readIdentity(template.dir);
    expect(identity).toMatchObject({ format: 1, headPosition: EVENTS });
    expect(identity.storeId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.isNaN(Date.parse(identity.createdAt))).toBe(false);
    storeId = identity.storeId;
  });

  it('refuses a folder whose PG_VERSION was deleted (PGlite would re-initialise it empty), and changes nothing in it', async () => {
    const dir = copyOfLedger('no-pg-version');
    rmSync(join(dir, 'PG_VERSION'));
    const before = snapshot(dir);
    await expect(openStorage({ databaseUrl: null, dataDir: dir })).rejects.toThrow(
      `the data directory ${dir} was a ledger whose log had reached position ${EVENTS} (store ${storeId}), but PG_VERSION is missing: PGlite would re-initialise it empty. Restore the folder from a backup, or move it away to start a new ledger.`,
    );
    expect(snapshot(dir)).toEqual(before);
    expect(existsSync(join(dir, 'PG_VERSION'))).toBe(false);
  });

  it('refuses a folder emptied of everything but its identity file', async () => {
    const dir = copyOfLedger('emptied');
    for (const entry of readdirSync(dir)) if (entry !== IDENTITY) rmSync(join(dir, entry), { recursive: true });
    await expect(openStorage({ databaseUrl: null, dataDir: dir })).rejects.toThrow(
      `the data directory ${dir} was a ledger whose log had reached position ${EVENTS} (store ${storeId}), but its database files (PG_VERSION, global/pg_control, base/, pg_wal/) are missing`,
    );
    expect(readdirSync(dir)).toEqual([IDENTITY]);
  });

  it('refuses an identity file of another ledger, and a database shorter than the log the store served', async () => {
    const other = copyOfLedger('other-ledger');
    const otherId = '01970000-0000-7000-8000-000000000000';
    writeFileSync(join(other, IDENTITY), JSON.stringify({ ...readIdentity(other), storeId: otherId }));
    await expect(openStorage({ databaseUrl: null, dataDir: other })).rejects.toThrow(
      `the data directory ${other} mixes two ledgers: ${IDENTITY} names store ${otherId}, its database is store ${storeId}.`,
    );

    const shorter = copyOfLedger('shorter');
    writeFileSync(join(shorter, IDENTITY), JSON.stringify({ ...readIdentity(shorter), headPosition: 143 }));
    await expect(openStorage({ databaseUrl: null, dataDir: shorter })).rejects.toThrow(
      `the data directory ${shorter} was a ledger whose log had reached position 143 (store ${storeId}), but its database now ends at position ${EVENTS}: ${143 - EVENTS} positions of the log are missing.`,
    );
  }, 60_000);

  it('gives a ledger from before identity files one on its first start, keeps it up to date as the head moves, and rewrites a lost one from the database', async () => {
    const dir = copyOfLedger('migration');
    rmSync(join(dir, IDENTITY));
    const db = await PGlite.create(dir); // what a ledger from before this change holds: no store id in its database
    await db.exec('DROP TABLE IF EXISTS ledger_store_identity');
    await db.close();

    const storage = await openStorage({ databaseUrl: null, dataDir: dir, identityFlushMs: 100 });
    const migrated = readIdentity(dir);
    expect(migrated).toMatchObject({ format: 1, headPosition: EVENTS });
    expect(migrated.storeId).not.toBe(storeId);
    await appendEvents(storage, 3, 'second');
    for (const deadline = Date.now() + 10_000; readIdentity(dir).headPosition < EVENTS + 3 && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 50));
    expect(readIdentity(dir).headPosition).toBe(EVENTS + 3); // while running, not only at close
    await storage.close();

    rmSync(join(dir, IDENTITY));
    const again = await openStorage({ databaseUrl: null, dataDir: dir });
    await again.close();
    expect(readIdentity(dir)).toMatchObject({ storeId: migrated.storeId, createdAt: migrated.createdAt, headPosition: EVENTS + 3 });
  }, 60_000);

  it('answers damaged files with the folder, the file and what to do, never Aborted()', async () => {
    const truncated = copyOfLedger('truncated-control');
    truncateSync(join(truncated, 'global/pg_control'), 100);
    await expect(openStorage({ databaseUrl: null, dataDir: truncated })).rejects.toThrow(
      `the embedded store at ${truncated} is damaged: ${join(truncated, 'global/pg_control')} is 100 bytes, a PostgreSQL control file has 8192. Restore the whole folder from a backup`,
    );

    const noBase = copyOfLedger('no-base');
    rmSync(join(noBase, 'base'), { recursive: true });
    await expect(openStorage({ databaseUrl: null, dataDir: noBase })).rejects.toThrow(
      `the embedded store at ${noBase} is damaged: ${join(noBase, 'base/')} is missing.`,
    );

    const garbled = copyOfLedger('garbled-control');
    const control = readFileSync(join(garbled, 'global/pg_control'));
    control.fill(0x5a, 0, 512);
    writeFileSync(join(garbled, 'global/pg_control'), control);
    const error = await openStorage({ databaseUrl: null, dataDir: garbled }).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(
      new RegExp(
        `^PGlite cannot open the embedded store at ${garbled}: FATAL: database files are incompatible with server .* \\(file ${join(garbled, 'global/pg_control')}\\)\\. Restore the whole folder from a backup`,
      ),
    );
    expect(error?.message).not.toMatch(/Aborted|initdb/);
  }, 60_000);

  it('a server on a folder whose write-ahead log is gone exits 1 with that message on stderr, no stack', async () => {
    const dir = copyOfLedger('no-wal');
    for (const entry of readdirSync(join(dir, 'pg_wal'))) if (/^[0-9A-F]{24}$/.test(entry)) rmSync(join(dir, 'pg_wal', entry));
    const build = await buildForChildren();
    let child: ReturnType<typeof spawn> | null = null;
    try {
      child = spawn(process.execPath, [join(build.dir, 'src/main.js')], {
        // The embedded store, even where CI exports DATABASE_URL (and KAFKA_BROKERS) for other suites.
        env: {
          ...process.env,
          DATABASE_URL: '',
          KAFKA_BROKERS: '',
          LEDGER_DATA_DIR: dir,
          LEDGER_ADMIN_TOKEN: 'test-admin-token-0123456789',
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'error',
          NO_COLOR: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((done) => child!.on('exit', done));
      expect(code).toBe(1);
      expect(stderr).toContain(`PGlite cannot open the embedded store at ${dir}: PANIC: could not locate a valid checkpoint record`);
      expect(stderr).toContain(`${join(dir, 'pg_wal')}/ (write-ahead log)`);
      expect(stderr).not.toMatch(/Aborted|wasm|\n\s+at /);
    } finally {
      // A server that did not refuse to start must not outlive the test.
      if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      build.remove();
    }
  }, 120_000);
});
