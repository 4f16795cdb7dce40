import { existsSync, readFileSync, statSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { EventStore } from '../event-store/event-store.port.js';
import type { SqlClient } from '../event-store/postgres/sql-client.js';
import { uuidv7 } from '../event-store/uuid-v7.js';

/**
 * The embedded store knows itself: `<dataDir>/ledger-identity.json` records which ledger the folder
 * holds (store id, also kept in the database, table `ledger_store_identity`) and how far its log
 * had reached. A start that finds the folder's database missing, re-initialised, from another
 * ledger, or shorter than the log it served, refuses to open it, before PGlite touches the folder
 * (PGlite re-initialises a folder without PG_VERSION: the ledger would come up healthy and empty).
 */
export const IDENTITY_FILE = 'ledger-identity.json';
/** The store's format; a file with a higher one was written by a newer version. */
export const STORE_FORMAT = 1;
/** How often the identity file's head position is brought up to date (and at a clean close). */
export const IDENTITY_FLUSH_MS = 5_000;

export interface StoreIdentity {
  storeId: string;
  format: number;
  createdAt: string;
  /** The last head position this store served, as of `updatedAt` (it only moves forward). */
  headPosition: number;
  updatedAt: string;
}

/** A refusal meant for the operator: the message says what is wrong and what to do (no stack: it would show only our frames). */
export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
    this.stack = `${this.name}: ${message}`;
  }
}

/** Opening would lose or mix data (re-initialise a ledger, serve a shorter log, mix two ledgers). */
export class StoreRefusedError extends StoreOpenError {}

/** The folder's database files are damaged or incomplete: PGlite cannot open them. */
export class StoreDamagedError extends StoreOpenError {}

const RESTORE = 'Restore the folder from a backup, or move it away to start a new ledger.';
const RESTORE_DAMAGED = 'Restore the whole folder from a backup (with its ledger-identity.json); do not repair it by deleting files.';
/** Files every PGlite (PostgreSQL) cluster has. */
const CLUSTER_FILES = ['PG_VERSION', 'global/pg_control', 'base/', 'pg_wal/'];
const PG_CONTROL_SIZE = 8192;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Before PGlite opens the folder: reads the identity file (null when there is none) and refuses a
 * folder that PGlite would re-initialise (PG_VERSION missing) although it held a ledger, or whose
 * cluster files are missing or truncated. Writes nothing.
 */
export function checkDataDirBeforeOpen(dataDir: string): StoreIdentity | null {
  const recorded = readIdentityFile(dataDir);
  const missing = CLUSTER_FILES.filter((f) => !existsSync(join(dataDir, f)));
  if (missing.includes('PG_VERSION')) {
    if (recorded) {
      const what =
        missing.length === CLUSTER_FILES.length
          ? `its database files (${missing.join(', ')}) are missing`
          : `${list(missing)} ${missing.length === 1 ? 'is' : 'are'} missing`;
      throw new StoreRefusedError(
        `the data directory ${dataDir} was ${describeLedger(recorded)}, but ${what}: PGlite would re-initialise it empty. ${RESTORE}`,
      );
    }
    const present = CLUSTER_FILES.filter((f) => f !== 'PG_VERSION' && !missing.includes(f));
    if (present.length > 0) {
      throw new StoreRefusedError(
        `the data directory ${dataDir} holds database files (${present.join(', ')}) but PG_VERSION is missing: PGlite would re-initialise it empty. ${RESTORE}`,
      );
    }
    return null; // a new store
  }
  if (missing.length > 0) {
    throw new StoreDamagedError(
      `the embedded store at ${dataDir} is damaged: ${list(missing.map((f) => join(dataDir, f)))} ${missing.length === 1 ? 'is' : 'are'} missing. ${RESTORE_DAMAGED}`,
    );
  }
  const control = join(dataDir, 'global/pg_control');
  const size = statSync(control).size;
  if (size !== PG_CONTROL_SIZE) {
    throw new StoreDamagedError(
      `the embedded store at ${dataDir} is damaged: ${control} is ${size} bytes, a PostgreSQL control file has ${PG_CONTROL_SIZE}. ${RESTORE_DAMAGED}`,
    );
  }
  return recorded;
}

/** What the database says about itself, once open: the identity to keep (refuses a mismatch). */
export interface CheckedIdentity {
  identity: StoreIdentity;
  /** The database has no store id yet (a new store, or one from before identities): write it. */
  recordInDatabase: boolean;
}

/**
 * Right after PGlite has opened the folder, before anything is written to it: compares the
 * identity file with the database (its store id and the last position of its log).
 */
export async function checkStoreIdentity(client: SqlClient, dataDir: string, recorded: StoreIdentity | null): Promise<CheckedIdentity> {
  const tables = await client.query<{ identity: boolean; events: boolean }>(
    `SELECT to_regclass('ledger_store_identity') IS NOT NULL AS identity, to_regclass('ledger_events') IS NOT NULL AS events`,
  );
  const { identity: hasIdentity, events: hasEvents } = tables.rows[0];
  const row = hasIdentity
    ? (await client.query<{ store_id: string; format: number; created_at: string | Date }>('SELECT store_id, format, created_at FROM ledger_store_identity'))
        .rows[0]
    : undefined;
  const last = hasEvents
    ? Number((await client.query<{ last: number | string }>('SELECT coalesce(max(position), 0) AS last FROM ledger_events')).rows[0].last)
    : 0;
  const now = new Date().toISOString();
  if (!recorded) {
    // A new store; or one from before identity files (its database has no id); or the file was lost.
    const identity = row
      ? { storeId: row.store_id, format: row.format, createdAt: new Date(row.created_at).toISOString(), headPosition: last, updatedAt: now }
      : { storeId: uuidv7(), format: STORE_FORMAT, createdAt: now, headPosition: last, updatedAt: now };
    return { identity, recordInDatabase: !row };
  }
  if (!row && last > 0 && last >= recorded.headPosition) {
    // The file was written, the id in the database not made durable (a crash in between): the
    // database holds at least the log the file knew, so it is that ledger.
    return { identity: { ...recorded, headPosition: last, updatedAt: now }, recordInDatabase: true };
  }
  if (!row) {
    const events = last === 0 ? 'no events' : `events up to position ${last}`;
    throw new StoreRefusedError(
      `the data directory ${dataDir} was ${describeLedger(recorded)}, but its database has no store id and ${events}: it was re-initialised or replaced. ${RESTORE}`,
    );
  }
  if (row.store_id !== recorded.storeId) {
    throw new StoreRefusedError(
      `the data directory ${dataDir} mixes two ledgers: ${IDENTITY_FILE} names store ${recorded.storeId}, its database is store ${row.store_id}. Restore the folder from one backup (the database files and ${IDENTITY_FILE} together).`,
    );
  }
  if (last < recorded.headPosition) {
    const now = last === 0 ? 'holds no events' : `ends at position ${last}`;
    throw new StoreRefusedError(
      `the data directory ${dataDir} was ${describeLedger(recorded)}, but its database now ${now}: ${recorded.headPosition - last} positions of the log are missing. ${RESTORE}`,
    );
  }
  return { identity: { ...recorded, headPosition: last, updatedAt: now }, recordInDatabase: false };
}

/**
 * Keeps the identity file: written when the store opens (the store id into the database too, first),
 * then its head position every `intervalMs` while it moves, and at close. Each write is atomic
 * (temporary file, fsync, rename, fsync of the folder).
 */
export class StoreIdentityKeeper {
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private warned = false;

  private constructor(
    private readonly store: EventStore,
    private readonly dataDir: string,
    private identity: StoreIdentity,
  ) {}

  static async start(
    client: SqlClient,
    store: EventStore,
    dataDir: string,
    checked: CheckedIdentity,
    intervalMs = IDENTITY_FLUSH_MS,
  ): Promise<StoreIdentityKeeper> {
    const { identity } = checked;
    if (checked.recordInDatabase) {
      await client.exec(`CREATE TABLE IF NOT EXISTS ledger_store_identity (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        store_id text NOT NULL,
        format integer NOT NULL,
        created_at timestamptz NOT NULL)`);
      await client.query('INSERT INTO ledger_store_identity (store_id, format, created_at) VALUES ($1, $2, $3) ON CONFLICT (singleton) DO NOTHING', [
        identity.storeId,
        identity.format,
        identity.createdAt,
      ]);
      await client.exec('CHECKPOINT'); // the id on disk before the file that names it
    }
    await writeIdentityFile(dataDir, identity);
    const keeper = new StoreIdentityKeeper(store, dataDir, identity);
    keeper.timer = setInterval(() => void keeper.flush(), intervalMs);
    keeper.timer.unref();
    return keeper;
  }

  /** Records the current head position if it moved (errors are reported once, never thrown). */
  flush(): Promise<void> {
    this.writing = this.writing.then(async () => {
      try {
        const head = await this.store.headPosition();
        if (head <= this.identity.headPosition) return;
        const next = { ...this.identity, headPosition: head, updatedAt: new Date().toISOString() };
        await writeIdentityFile(this.dataDir, next);
        this.identity = next;
      } catch (error) {
        if (!this.warned) console.warn(`campaign-ledger: could not update ${join(this.dataDir, IDENTITY_FILE)}: ${(error as Error).message}`);
        this.warned = true;
      }
    });
    return this.writing;
  }

  /** At close, before the store closes: the last head position. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}

/**
 * PGlite could not open the folder. Its own error says nothing (`RuntimeError: Aborted()`, or
 * "failed to initialize properly"): what PostgreSQL said went to its stderr, which PGlite drops.
 * Opens the folder once more, read for its messages only, and answers with them, the data
 * directory and, when PostgreSQL names one, the file.
 */
export async function describeOpenFailure(dataDir: string, error: unknown): Promise<never> {
  if (typeof (error as NodeJS.ErrnoException)?.code === 'string' && /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code!)) throw error; // EACCES, EMFILE…: not damage
  const { said, opened } = await postgresMessages(dataDir);
  if (opened) throw error; // it opens now: not damage (the first failure said why)
  const fatal = said.find((l) => /^(PANIC|FATAL):/.test(l)) ?? said.find((l) => /^(ERROR|LOG):\s+could not/.test(l));
  const details = said.filter((l) => /^(DETAIL|HINT):/.test(l) && !/initdb/i.test(l));
  const file = namedFile(dataDir, [fatal ?? '', ...said]);
  const reason = fatal
    ? [fatal, ...details].join(' ')
    : `the embedded PostgreSQL stopped while opening it (${String((error as Error)?.message ?? error)
        .replace(/\.?\s*Build with -sASSERTIONS.*$/s, '')
        .replace(/^Aborted\(\)$/, 'aborted')})`;
  throw new StoreDamagedError(
    `PGlite cannot open the embedded store at ${dataDir}: ${reason.replace(/\.+$/, '')}${file ? ` (file ${file})` : ''}. ${RESTORE_DAMAGED}`,
  );
}

/**
 * PGlite stopped (a PostgreSQL PANIC aborts the WebAssembly module) after the folder opened, while
 * reading it: its files are damaged. Other errors are returned unchanged.
 */
export function explainAbort(dataDir: string, error: unknown): unknown {
  if (!(error instanceof Error) || !/Aborted\(\)/.test(error.message)) return error;
  return new StoreDamagedError(
    `PGlite stopped while reading the embedded store at ${dataDir} (PostgreSQL could not read its files): the folder is damaged. ${RESTORE_DAMAGED}`,
  );
}

async function postgresMessages(dataDir: string): Promise<{ said: string[]; opened: boolean }> {
  const lines: string[] = [];
  const capture = (text: string) => {
    for (const line of text.split('\n')) {
      const m = /^\S+ \S+ \S+ \[\d+\] ([A-Z]+):\s+(.*)$/.exec(line.trim()); // "2026-… UTC [42] PANIC:  could not …"
      if (m) lines.push(`${m[1]}: ${m[2]}`);
    }
    return true;
  };
  let timer: NodeJS.Timeout | undefined;
  let opened = false;
  try {
    const db = await Promise.race([
      PGlite.create({ dataDir, onStderr: capture, onStdout: capture }),
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), 30_000))),
    ]);
    opened = db !== null;
    await db?.close().catch(() => undefined);
  } catch {
    // expected: it fails as the first attempt did; its messages are what we came for
  } finally {
    clearTimeout(timer);
  }
  return { said: lines, opened };
}

function namedFile(dataDir: string, lines: string[]): string | null {
  for (const line of lines) {
    const quoted = /"((?:base|global|pg_[a-z_]+)(?:\/[^"]*)?)"/.exec(line);
    if (quoted) return isAbsolute(quoted[1]) ? quoted[1] : join(dataDir, quoted[1]);
    if (/checkpoint record/.test(line)) return `${join(dataDir, 'pg_wal')}/ (write-ahead log) or ${join(dataDir, 'global/pg_control')}`;
    if (/PG_CONTROL|control file/.test(line)) return join(dataDir, 'global/pg_control');
  }
  return null;
}

function readIdentityFile(dataDir: string): StoreIdentity | null {
  const file = join(dataDir, IDENTITY_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const damaged = (why: string) =>
    new StoreRefusedError(
      `${file} is damaged (${why}): restore the folder from a backup. If the database in ${dataDir} is intact, moving that file away lets the next start write it again from the database.`,
    );
  let value: Partial<StoreIdentity>;
  try {
    value = JSON.parse(text) as Partial<StoreIdentity>;
  } catch (error) {
    throw damaged((error as Error).message);
  }
  if (typeof value !== 'object' || value === null) throw damaged('not a JSON object');
  if (typeof value.storeId !== 'string' || !UUID.test(value.storeId)) throw damaged('no storeId');
  if (!Number.isInteger(value.format) || (value.format as number) < 1) throw damaged('no format');
  if (!Number.isSafeInteger(value.headPosition) || (value.headPosition as number) < 0) throw damaged('no headPosition');
  if (typeof value.createdAt !== 'string') throw damaged('no createdAt');
  if ((value.format as number) > STORE_FORMAT) {
    throw new StoreRefusedError(
      `the data directory ${dataDir} holds a store of format ${value.format}, written by a newer campaign-ledger (this one knows format ${STORE_FORMAT}): run that version.`,
    );
  }
  return {
    storeId: value.storeId,
    format: value.format as number,
    createdAt: value.createdAt,
    headPosition: value.headPosition as number,
    updatedAt: String(value.updatedAt ?? value.createdAt),
  };
}

async function writeIdentityFile(dataDir: string, identity: StoreIdentity): Promise<void> {
  const file = join(dataDir, IDENTITY_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  const text = `${JSON.stringify({ ...identity, note: 'campaign-ledger: which ledger this folder holds. Do not edit or delete it; back it up with the folder.' }, null, 2)}\n`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  try {
    const dir = await open(dataDir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // a folder cannot be fsynced on every platform (Windows); the rename itself is atomic
  }
}

function describeLedger(identity: StoreIdentity): string {
  const log = identity.headPosition > 0 ? `whose log had reached position ${identity.headPosition}` : 'with no events yet';
  return `a ledger ${log} (store ${identity.storeId})`;
}

function list(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
