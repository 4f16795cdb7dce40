import { closeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { PGlite, type Results } from '@electric-sql/pglite';
import { StoreUnavailableError } from '../store-unavailable.js';
import { DurableNodeFS, durableStartParams, formatBytes, probeWritable, syncTree, type SyncCounter } from './pglite-durability.js';
import { APPEND } from './sql/append.sql.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';

/**
 * How an acknowledged write is made durable (README, Durability):
 * - `group` (the default): PostgreSQL flushes the WAL at each commit, as on a server, except for
 *   `transaction()` and appends (the event store's `ledger_append`, every HTTP write) while other
 *   uses of the connection wait: those commit without waiting (SET LOCAL synchronous_commit = off)
 *   and then wait, before their caller hears of them, for one flush of the WAL (fsync) shared by
 *   every transaction committed meanwhile. Whatever could see such a commit first waits for that flush too (a lease of this
 *   client after it; TypeORM's connection before it is handed over), so nothing is answered — a
 *   write acknowledged, or a read that saw it — before it is on disk.
 * - `commit`: PostgreSQL flushes the WAL at every commit: one fsync per commit.
 * - `none`: PGlite as shipped (fsync = off): the disk is never flushed. For comparisons only.
 */
export type EmbeddedDurability = 'group' | 'commit' | 'none';

export interface PGliteOpenOptions {
  durability?: EmbeddedDurability;
  /** While the store is refusing writes (disk full, write failures): how often to probe the disk. */
  probeIntervalMs?: number;
  /** Free space needed before writes resume (default 48 MiB: three WAL segments). */
  minFreeBytes?: number;
  /** Where state changes are told (default: stderr). */
  log?: (line: string) => void;
}

/**
 * `ready`; `read-only`: PostgreSQL runs but a write failed for want of space (or an I/O error), so
 * writes are refused and reads served until a probe write succeeds; `down`: PostgreSQL hit a PANIC
 * (a WAL write or a flush failed) and its WebAssembly instance was dropped — reads and writes are
 * refused until it is reopened from the data directory (crash recovery from the WAL) once the disk
 * takes writes again.
 */
export type EmbeddedHealth = { state: 'ready' } | { state: 'read-only' | 'down'; code: 'storage-full' | 'store-unavailable'; reason: string; since: Date };

interface Engine {
  db: PGlite;
  /** The PANIC / FATAL / abort PostgreSQL printed: the instance must not be called again (it would spin). */
  fatal: string | null;
  /** Opened: from then on a PANIC is told (one while opening fails the open, which says why). */
  live: boolean;
}

interface Failure {
  fatal: boolean;
  code: 'storage-full' | 'store-unavailable';
  reason: string;
}

const DISK_FULL = /No space left on device|File too large|Disk quota exceeded|\bENOSPC\b|\bEFBIG\b|\bEDQUOT\b/i;
const IO_ERROR = /Input\/output error|Read-only file system|\bEIO\b|\bEROFS\b/i;
const FATAL_LINE = /(^|\s)(PANIC|FATAL):|^Aborted\(/;
const COMMIT = /^\s*(COMMIT|END)\s*;?\s*$/i;
/** Flush the WAL up to its end if anything is unflushed (a WAL record of its own, with flush = true). */
const FLUSH_WAL = `SELECT CASE WHEN pg_current_wal_insert_lsn() > pg_current_wal_flush_lsn()
  THEN pg_logical_emit_message(false, 'campaign-ledger', 'flush', true) END AS flushed`;
const FORCE_FLUSH = `SELECT pg_logical_emit_message(false, 'campaign-ledger', 'open', true) AS flushed`;
const RETRY_AFTER_SECONDS = 5;

/**
 * Embedded PGlite with its data directory on disk. PGlite has one connection, shared by the event
 * store and by TypeORM (the read models). Every use of it takes the lease first, so that a
 * transaction opened by one (BEGIN … COMMIT as plain statements, as TypeORM does) never sees
 * another's statements run inside it. Concurrent appends are serialised: correct, not parallel.
 *
 * Durable at acknowledgement (see EmbeddedDurability), and it survives a full disk: a write that
 * fails for want of space turns the store read-only (writes refused with StoreUnavailableError
 * `storage-full`) until space returns; a PANIC (PostgreSQL cannot write its WAL) drops the
 * instance — calling it again would spin forever — and reopens it from disk when it can.
 */
export class PGliteSqlClient implements SqlClient {
  private queue: Promise<unknown> = Promise.resolve();
  private engine: Engine;
  private health: EmbeddedHealth = { state: 'ready' };
  private closed = false;
  private flushQueued: Promise<void> | null = null;
  /** Leases asked for and not granted yet. */
  private waiting = 0;
  /** A transaction committed without flushing (group durability) since the last flush. */
  private unflushed = false;
  private probe: NodeJS.Timeout | null = null;
  private recovering = false;
  private lastProbeFailure: string | null = null;
  /** Flushes that reached the disk, since the client was opened. */
  readonly syncs: SyncCounter = { fsyncs: 0, ms: 0 };
  private readonly durability: EmbeddedDurability;
  private readonly probeIntervalMs: number;
  private readonly minFreeBytes: number;
  private readonly log: (line: string) => void;
  /** The instance as handed to TypeORM's driver and to lease callbacks: every call guarded. */
  private readonly guarded: PGlite;

  private constructor(
    readonly dataDir: string,
    options: PGliteOpenOptions,
    engine: Engine,
  ) {
    this.engine = engine;
    this.durability = options.durability ?? durabilityFromEnv();
    this.probeIntervalMs = options.probeIntervalMs ?? 1000;
    this.minFreeBytes = options.minFreeBytes ?? 48 * 2 ** 20;
    this.log = options.log ?? ((line) => console.error(line));
    this.guarded = this.guard();
  }

  static async open(dataDir: string, options: PGliteOpenOptions = {}): Promise<PGliteSqlClient> {
    await mkdir(dataDir, { recursive: true });
    const placeholder: Engine = { db: null as unknown as PGlite, fatal: null, live: false };
    const client = new PGliteSqlClient(dataDir, options, placeholder);
    client.engine = await client.start();
    return client;
  }

  /** The connection, for TypeORM's driver: each call refused while the store is down. */
  get db(): PGlite {
    return this.guarded;
  }

  /** Where the store stands: ready, read-only (disk full) or down (reopening). */
  get status(): EmbeddedHealth {
    return this.health;
  }

  /**
   * Exclusive use of the connection until the returned release() is called (TypeORM's driver). Do
   * not use the store while holding a lease: the store waits for the same lease. A commit still
   * waiting for its group flush is flushed first: nothing handed over can see an unflushed commit.
   */
  async acquire(): Promise<() => void> {
    const release = await this.take();
    if (this.unflushed && this.usable()) {
      try {
        await this.flushNow();
      } catch (error) {
        release();
        throw error;
      }
    }
    return release;
  }

  /** Runs `fn` with exclusive use of the connection; resolves once what it (or any lease before it) committed is on disk. */
  async lease<T>(fn: (db: PGlite) => Promise<T>): Promise<T> {
    const result = await this.exclusive(() => fn(this.guarded));
    await this.durable();
    return result;
  }

  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }> {
    return this.lease(async (db) => {
      // An append on its own (every HTTP write: one statement) shares the group flush with the
      // leases queued behind it; with none waiting, its own commit flushes it (fewer round trips).
      if (sql === APPEND && this.durability === 'group' && this.waiting > 0) {
        if (this.health.state === 'read-only') throw this.refusal(this.health);
        return this.inTransaction(db, true, (tx) => tx.query<T>(sql, params));
      }
      return { rows: (await db.query<T>(sql, params)).rows };
    });
  }

  async exec(sql: string): Promise<void> {
    await this.lease((db) => db.exec(sql));
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.lease(async (db) => {
      if (this.health.state === 'read-only') throw this.refusal(this.health);
      return this.inTransaction(db, this.durability === 'group', fn);
    });
  }

  /** BEGIN … COMMIT under the lease; `grouped`: committed without flushing, lease() waits for the group flush. */
  private async inTransaction<T>(db: PGlite, grouped: boolean, fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    await db.exec(grouped ? 'BEGIN; SET LOCAL synchronous_commit TO off' : 'BEGIN');
    let open = true;
    try {
      const result = await fn(pgliteExecutor(db));
      open = false;
      const results = (await db.exec('COMMIT')) as (Results & { command?: string })[];
      if (results[0]?.command === 'ROLLBACK') throw new Error('the transaction was aborted: COMMIT rolled it back');
      if (grouped) this.unflushed = true;
      return result;
    } catch (error) {
      if (open && this.usable()) await db.exec('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    this.stopProbe();
    await this.exclusive(
      async () => {
        if (this.closed) return;
        this.closed = true;
        const { db, fatal } = this.engine;
        if (fatal !== null || this.health.state === 'down') {
          releaseDescriptors(db);
          return;
        }
        try {
          if (!db.closed) await db.close();
        } catch (error) {
          // A shutdown checkpoint that cannot be written (a full disk): the WAL already holds every
          // acknowledged write, and the next start replays it.
          this.log(`embedded store: closing: ${(error as Error).message}`);
          releaseDescriptors(db);
        }
      },
      { whenDown: true },
    );
  }

  // ---- the instance ----------------------------------------------------------------------------

  private async start(): Promise<Engine> {
    const engine: Engine = { db: null as unknown as PGlite, fatal: null, live: false };
    const onStderr = (line: string) => {
      this.onServerLog(engine, line);
      return false;
    };
    if (this.durability === 'none') {
      engine.db = await PGlite.create(this.dataDir, { onStderr });
      Object.assign(engine, { live: true, fatal: null });
      return engine;
    }
    engine.db = await PGlite.create({
      fs: new DurableNodeFS(this.dataDir, this.syncs),
      startParams: durableStartParams(),
      onStderr,
    });
    try {
      // Refuse to run undurably if a PGlite upgrade changed what is set up here.
      const {
        rows: [settings],
      } = await engine.db.query<{ fsync: string; method: string }>("SELECT current_setting('fsync') AS fsync, current_setting('wal_sync_method') AS method");
      if (settings?.fsync !== 'on' || settings.method !== 'fsync') {
        throw new Error(`PGlite runs with fsync=${settings?.fsync}, wal_sync_method=${settings?.method}: writes would not be durable`);
      }
      const before = this.syncs.fsyncs;
      await engine.db.query(FORCE_FLUSH);
      if (this.syncs.fsyncs === before) throw new Error('a WAL flush did not reach the file system (PGlite without fsync): writes would not be durable');
      // What PGlite's initdb (or an earlier, undurable version) wrote is in the page cache only.
      syncTree(this.dataDir);
    } catch (error) {
      await engine.db.close().catch(() => undefined);
      throw error;
    }
    // It answered: what it printed while opening is behind it.
    Object.assign(engine, { live: true, fatal: null });
    return engine;
  }

  /** PostgreSQL's own log (stderr): the one place a PANIC inside a TypeORM statement shows too. */
  private onServerLog(engine: Engine, line: string): void {
    if (FATAL_LINE.test(line)) {
      if (engine.fatal === null && engine.live) this.log(`embedded store: PostgreSQL: ${line.trim()}`);
      engine.fatal ??= line.trim();
    } else if (!engine.live) {
      return;
    } else if (/\bERROR:/.test(line) && (DISK_FULL.test(line) || IO_ERROR.test(line))) {
      this.fail({ fatal: false, code: DISK_FULL.test(line) ? 'storage-full' : 'store-unavailable', reason: line.replace(/^.*?ERROR:\s*/, '').trim() });
    }
  }

  private usable(): boolean {
    return !this.closed && this.health.state !== 'down' && this.engine.fatal === null;
  }

  /** A PGlite whose query and exec refuse while the store is down, and report what fails. */
  private guard(): PGlite {
    const call = async <R>(op: (db: PGlite) => Promise<R>): Promise<R> => {
      if (this.closed) throw new Error('the embedded store is closed');
      if (!this.usable()) throw this.refusal(this.health);
      const engine = this.engine;
      let result: R;
      try {
        result = await op(engine.db);
      } catch (error) {
        throw this.failed(engine, error);
      }
      if (engine.fatal !== null) throw this.failed(engine, new Error(engine.fatal));
      return result;
    };
    /**
     * Read-only: a transaction that began before the failure (TypeORM's, a projection marking
     * itself failed over a disk error) is rolled back at its COMMIT, not committed: no write gets
     * in while the store refuses them.
     */
    const refuseCommit = async (sql: string) => {
      if (this.health.state !== 'read-only' || !COMMIT.test(sql)) return;
      await call((db) => db.exec('ROLLBACK')).catch(() => undefined);
      throw this.refusal(this.health);
    };
    const methods = {
      query: async (sql: string, params?: unknown[], options?: unknown) => {
        await refuseCommit(sql);
        return call((db) => db.query(sql, params, options as never));
      },
      exec: async (sql: string, options?: unknown) => {
        await refuseCommit(sql);
        return call((db) => db.exec(sql, options as never));
      },
    };
    return new Proxy({} as PGlite, {
      get: (_target, property) => {
        if (property === 'query' || property === 'exec') return methods[property];
        const value = Reflect.get(this.engine.db, property, this.engine.db) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(this.engine.db) : value;
      },
    });
  }

  /** What an error from the instance means for the store; returns the error to throw. */
  private failed(engine: Engine, error: unknown): unknown {
    const failure = diagnose(engine, error);
    if (failure) this.fail(failure, engine);
    if (this.health.state !== 'ready' && (failure || (error as { code?: string })?.code === '25006')) {
      return this.refusal(this.health, error);
    }
    return error;
  }

  private fail(failure: Failure, engine: Engine = this.engine): void {
    if (this.closed || engine !== this.engine) return;
    const since = new Date();
    if (failure.fatal) {
      if (this.health.state === 'down') return;
      this.health = { state: 'down', code: failure.code, reason: failure.reason, since };
      engine.fatal ??= failure.reason;
      releaseDescriptors(engine.db);
      this.log(
        `embedded store DOWN: ${failure.reason}. PostgreSQL stopped: reads and writes are refused (503) until it is reopened from ${this.dataDir}, ` +
          `tried every ${this.probeIntervalMs} ms once ${formatBytes(this.minFreeBytes)} are free and a probe write succeeds.`,
      );
    } else {
      if (this.health.state !== 'ready') return;
      this.health = { state: 'read-only', code: failure.code, reason: failure.reason, since };
      this.log(
        `embedded store READ-ONLY: ${failure.reason}. Writes are refused (${failure.code === 'storage-full' ? 507 : 503}), reads served, ` +
          `until ${formatBytes(this.minFreeBytes)} are free in ${this.dataDir} and a probe write succeeds (checked every ${this.probeIntervalMs} ms).`,
      );
      // PostgreSQL itself refuses every write from now on (reads still run).
      void this.exclusive(async () => {
        if (this.health.state === 'read-only') await this.guarded.exec('SET default_transaction_read_only = on');
      }).catch(() => undefined);
    }
    this.startProbe();
  }

  private refusal(health: EmbeddedHealth, cause?: unknown): StoreUnavailableError {
    if (health.state === 'ready') return new StoreUnavailableError('store-unavailable', 'the embedded store is unavailable', RETRY_AFTER_SECONDS, { cause });
    const what =
      health.state === 'down'
        ? `the embedded store is unavailable (reopening): ${health.reason}`
        : `the embedded store refuses writes${health.code === 'storage-full' ? ': the disk is full' : ''} (${health.reason})`;
    return new StoreUnavailableError(health.state === 'down' ? 'store-unavailable' : health.code, `${what}; retry later`, RETRY_AFTER_SECONDS, { cause });
  }

  // ---- the lease and the group flush ------------------------------------------------------------

  private take(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    this.waiting++;
    const acquired = this.queue.then(() => {
      this.waiting--;
      return release;
    });
    this.queue = this.queue.then(() => released);
    return acquired;
  }

  private async exclusive<T>(fn: () => Promise<T>, options: { whenDown?: boolean } = {}): Promise<T> {
    const release = await this.take();
    try {
      if (!options.whenDown && !this.closed && !this.usable()) throw this.refusal(this.health);
      return await fn();
    } finally {
      release();
    }
  }

  /**
   * Resolves once everything committed before it is on disk: one flush for every caller waiting
   * when it runs (it queues behind the leases already waiting, so a burst of appends shares it).
   */
  private durable(): Promise<void> {
    if (!this.unflushed) return Promise.resolve();
    if (this.flushQueued) return this.flushQueued;
    const flush = this.exclusive(async () => {
      this.flushQueued = null;
      if (this.unflushed) await this.flushNow();
    });
    this.flushQueued = flush;
    return flush;
  }

  /** Under the lease: flushes the WAL to its end (one fsync), if anything is unflushed. */
  private async flushNow(): Promise<void> {
    await this.guarded.query(FLUSH_WAL);
    this.unflushed = false;
  }

  // ---- recovery ---------------------------------------------------------------------------------

  private startProbe(): void {
    if (this.probe || this.closed) return;
    this.probe = setInterval(() => void this.recover(), this.probeIntervalMs);
    this.probe.unref();
  }

  private stopProbe(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
  }

  private async recover(): Promise<void> {
    if (this.recovering || this.closed || this.health.state === 'ready') return;
    this.recovering = true;
    try {
      const why = probeWritable(this.dataDir, this.minFreeBytes);
      if (why !== null) {
        // Told once per kind of reason (not each time the free space moves).
        const kind = why.replace(/\d+(\.\d+)? (KiB|MiB)/g, 'N');
        if (kind !== this.lastProbeFailure) this.log(`embedded store: still refusing writes: ${why}`);
        this.lastProbeFailure = kind;
        return;
      }
      this.lastProbeFailure = null;
      const was = this.health.state;
      await this.exclusive(
        async () => {
          if (this.closed) return;
          if (this.health.state === 'read-only') {
            await this.guarded.exec('SET default_transaction_read_only = off');
          } else if (this.health.state === 'down') {
            releaseDescriptors(this.engine.db);
            this.engine = await this.start();
          }
          this.health = { state: 'ready' };
        },
        { whenDown: true },
      );
      if ((this.health as EmbeddedHealth).state === 'ready') {
        this.stopProbe();
        this.log(`embedded store READY again (${was === 'down' ? 'reopened from its WAL' : 'writes resume'}): the disk takes writes.`);
      }
    } catch (error) {
      const why = `reopening failed: ${(error as Error).message}`;
      if (why !== this.lastProbeFailure) this.log(`embedded store: ${why}`);
      this.lastProbeFailure = why;
    } finally {
      this.recovering = false;
    }
  }
}

/**
 * LEDGER_EMBEDDED_DURABILITY (default `group`): `commit` and `none` exist to measure what
 * durability costs (npm run bench); `none` loses acknowledged writes in a power cut.
 */
function durabilityFromEnv(): EmbeddedDurability {
  const value = process.env.LEDGER_EMBEDDED_DURABILITY?.trim() || 'group';
  if (value !== 'group' && value !== 'commit' && value !== 'none') {
    throw new Error(`LEDGER_EMBEDDED_DURABILITY must be group, commit or none, got '${value}'`);
  }
  return value;
}

/** A failure of the disk or of the instance, or null for an ordinary SQL error. */
function diagnose(engine: Engine, error: unknown): Failure | null {
  const e = error as { severity?: string; code?: string; message?: string; name?: string };
  const message = e?.message ?? String(error);
  const fatal =
    engine.fatal !== null ||
    e?.severity === 'PANIC' ||
    e?.severity === 'FATAL' ||
    e?.name === 'RuntimeError' ||
    e?.name === 'ErrnoError' ||
    /Aborted\(/.test(message);
  const text = `${message} ${engine.fatal ?? ''}`;
  const full = e?.code === '53100' || DISK_FULL.test(text) || (e?.name === 'ErrnoError' && (error as { errno?: number }).errno === 51);
  const io = e?.code === '58030' || IO_ERROR.test(text);
  if (!fatal && !full && !io) return null;
  const said = (line: string) => line.replace(/^.*?\b(PANIC|FATAL|ERROR):\s*/, '').trim();
  const reason = e?.name === 'ErrnoError' ? `file system error ${(error as { errno?: number }).errno}` : said(message);
  return {
    fatal,
    code: full ? 'storage-full' : 'store-unavailable',
    reason: fatal ? `PostgreSQL ${e?.severity === 'FATAL' ? 'FATAL' : 'PANIC'}: ${reason}` : reason,
  };
}

/** Closes the host descriptors an abandoned instance still holds (plain JavaScript: no WASM call). */
function releaseDescriptors(db: PGlite): void {
  const streams = (db as unknown as { Module?: { FS?: { streams?: ({ nfd?: number } | null)[] } } }).Module?.FS?.streams ?? [];
  for (const stream of streams) {
    if (typeof stream?.nfd !== 'number') continue;
    try {
      closeSync(stream.nfd);
    } catch {
      // already closed
    }
    stream.nfd = undefined;
  }
}

function pgliteExecutor(db: PGlite): SqlExecutor {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      const result = await db.query<T>(sql, params);
      return { rows: result.rows };
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
}
