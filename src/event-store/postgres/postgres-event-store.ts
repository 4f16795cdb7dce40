import {
  ClaimTakenError,
  ConcurrencyError,
  type AppendOptions,
  type AppendResult,
  type AppendWritten,
  type CommandOutcome,
  type EventMetadata,
  type EventStore,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port.js';
import { uuidv7 } from '../uuid-v7.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';
import { APPEND_EVENTS } from './sql/append-events.sql.js';
import { BUMP_STREAM_VERSION } from './sql/bump-stream-version.sql.js';
import { CREATE_STREAM } from './sql/create-stream.sql.js';
import { FIND_CLAIM_HOLDERS } from './sql/find-claim-holders.sql.js';
import { FIND_COMMAND } from './sql/find-command.sql.js';
import { HEAD_POSITION } from './sql/head-position.sql.js';
import { POSITION_AT } from './sql/position-at.sql.js';
import { INSERT_CLAIMS } from './sql/insert-claims.sql.js';
import { INSERT_COMMAND } from './sql/insert-command.sql.js';
import { NOTIFY_EVENTS } from './sql/notify-events.sql.js';
import { READ_ALL } from './sql/read-all.sql.js';
import { READ_STREAM_BACKWARD } from './sql/read-stream-backward.sql.js';
import { READ_STREAM_FORWARD } from './sql/read-stream-forward.sql.js';
import { RECORD_COMMAND_RESPONSE } from './sql/record-command-response.sql.js';
import { RESERVE_POSITIONS } from './sql/reserve-positions.sql.js';
import { SCHEMA } from './sql/schema.sql.js';
import { SCHEMA_LOCK } from './sql/schema-lock.sql.js';
import { SET_CLAIMS_POSITION } from './sql/set-claims-position.sql.js';
import { STREAM_VERSION } from './sql/stream-version.sql.js';
import { UPSERT_STREAM } from './sql/upsert-stream.sql.js';
import { VISIBILITY_PROBE } from './sql/visibility-probe.sql.js';
import { VISIBILITY_SAVEPOINT } from './sql/visibility-savepoint.sql.js';

export const NOTIFY_CHANNEL = 'ledger_events';
const DEFAULT_READ_LIMIT = 1000;
const MAX_READ_ALL_LIMIT = 10_000;
const DEFAULT_BATCH_SIZE = 500;
const MIN_BACKOFF_MS = 25;
const MAX_BACKOFF_MS = 1000;
const XID_SPACE = 1n << 32n;

interface EventRow {
  position: number | string | bigint;
  event_id: string;
  stream_id: string;
  version: number | string | bigint;
  type: string;
  schema_version: number | string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  recorded_at: Date | string;
}

/** Thrown inside the transaction to roll it back when the command id is already recorded. */
class CommandAlreadyRecorded {
  constructor(readonly outcome: CommandOutcome) {}
}

/**
 * One append, inside a transaction the caller opened (READ COMMITTED). Exported so that tests can
 * hold a transaction open by hand; the store uses it through `SqlClient.transaction`.
 *
 * Gap-safety needs, for every append P, a value `visible_after(P)` greater than the xid of every
 * transaction that could hold a lower position. Hence this order:
 *  1. command id insert — the first heap write: assigns this transaction's (top-level) xid;
 *  2. check and bump the stream version — the first write when there is no command, so the xid
 *     exists before step 3 in every case. It also locks the stream row until commit, so appends to
 *     one stream reserve their positions in version order;
 *  2b. take the claims (AppendOptions.claims), if any: after the xid, before the positions, so that
 *     an append refused for a held claim burns no position, and one waiting on a claim being taken
 *     by a concurrent transaction holds no position meanwhile (readers do not stall behind it).
 *     Locks are thus taken in one order (command id, stream row, claims sorted): no deadlock cycle;
 *  3. reserve positions (nextval). Any transaction X holding a position Q < P thus got its xid
 *     before its nextval, which ran before P's nextval;
 *  4. SAVEPOINT + VISIBILITY_PROBE (rewrite of the stream row we already hold): the subtransaction's
 *     first write, so it gets a brand-new xid, assigned after P's nextval, hence greater than X.xid
 *     for every such X (xids are handed out in increasing order). visible_after(P) = that xid + 1.
 *     Not `pg_snapshot_xmax(pg_current_snapshot())`: xmax is "latest COMPLETED xid + 1", not "next
 *     xid to assign". A still-running X whose xid is above every completed one has X.xid >= xmax,
 *     and a reader whose xmin is X.xid would pass P while X's lower position is in flight (the gap
 *     test in test/contract/postgres.test.ts fails with xmax, and the concurrency test loses events);
 *  5. insert the events (one statement) with that visible_after, then note the claims' position;
 *  6. record the command's response;  7. pg_notify (delivered at commit, dropped on rollback).
 */
export async function appendInTransaction(
  tx: SqlExecutor,
  streamId: string,
  events: NewEvent[],
  options: AppendOptions,
): Promise<AppendWritten> {
  validateAppend(streamId, events, options);
  const n = events.length;
  const command = options.command;

  // 1. Durable idempotency. A concurrent duplicate blocks here on the primary key until the first
  //    one commits (then gets no row) or rolls back (then proceeds as the first).
  if (command) {
    const inserted = await tx.query(INSERT_COMMAND, [command.id, command.fingerprint]);
    if (inserted.rows.length === 0) {
      const stored = await tx.query<{ fingerprint: string; response: unknown }>(FIND_COMMAND, [command.id]);
      const row = stored.rows[0];
      throw new CommandAlreadyRecorded({ fingerprint: row.fingerprint, response: row.response ?? null });
    }
  }

  // 2. Check and bump the stream version in one statement.
  const expected = options.expectedVersion;
  let bumped: { rows: { version: number | string | bigint }[] };
  if (expected === 'any') {
    bumped = await tx.query(UPSERT_STREAM, [streamId, n]);
  } else if (expected === 'no-stream' || expected === 0) {
    bumped = await tx.query(CREATE_STREAM, [streamId, n]);
  } else {
    bumped = await tx.query(BUMP_STREAM_VERSION, [streamId, expected, n]);
  }
  if (!bumped.rows[0]) {
    const current = await tx.query<{ version: number | string }>(STREAM_VERSION, [streamId]);
    throw new ConcurrencyError(streamId, expected, current.rows[0] ? Number(current.rows[0].version) : 0);
  }
  const lastVersion = Number(bumped.rows[0].version);

  // 2b. Unique claims. On a held claim, throwing rolls the whole transaction back.
  const claims = [...new Set(options.claims ?? [])].sort();
  if (claims.length > 0) {
    const taken = await tx.query<{ claim: string }>(INSERT_CLAIMS, [claims, streamId]);
    if (taken.rows.length !== claims.length) {
      const mine = new Set(taken.rows.map((row) => row.claim));
      const holders = await tx.query<{ claim: string; stream_id: string }>(FIND_CLAIM_HOLDERS, [claims.filter((claim) => !mine.has(claim))]);
      const held = holders.rows[0];
      throw new ClaimTakenError(held.claim, held.stream_id);
    }
  }

  // 3. Positions, after the xid.
  const reserved = await tx.query<{ position: number | string | bigint }>(RESERVE_POSITIONS, [n]);
  const positions = reserved.rows.map((row) => Number(row.position)).sort((a, b) => a - b);

  // 4. A fresh xid, assigned after the positions (see above).
  await tx.query(VISIBILITY_SAVEPOINT);
  const probe = await tx.query<{ row_xid: string; transaction_id: string }>(VISIBILITY_PROBE, [streamId]);
  const visibleAfter = fullXid(BigInt(probe.rows[0].transaction_id), BigInt(probe.rows[0].row_xid)) + 1n;

  // 5. The events, one statement.
  const firstVersion = lastVersion - n + 1;
  const ids = events.map(() => uuidv7());
  const inserted = await tx.query<{ position: number | string | bigint; recorded_at: Date | string }>(APPEND_EVENTS, [
    positions,
    ids,
    streamId,
    events.map((_, i) => firstVersion + i),
    events.map((event) => event.type),
    events.map((event) => event.schemaVersion ?? 1),
    events.map((event) => JSON.stringify(event.data)),
    JSON.stringify(options.metadata),
    visibleAfter.toString(),
  ]);
  const recordedAt = new Map(inserted.rows.map((row) => [Number(row.position), toDate(row.recorded_at)]));
  const stored: StoredEvent[] = events.map((event, i) => ({
    id: ids[i],
    streamId,
    version: firstVersion + i,
    position: positions[i],
    type: event.type,
    schemaVersion: event.schemaVersion ?? 1,
    data: event.data,
    metadata: options.metadata,
    recordedAt: recordedAt.get(positions[i]) ?? new Date(),
  }));
  const written: AppendWritten = { streamId, version: lastVersion, position: positions[n - 1], events: stored };
  if (claims.length > 0) await tx.query(SET_CLAIMS_POSITION, [claims, written.position]);

  // 6. The answer a replay will get.
  if (command) {
    const response = command.respond(written);
    await tx.query(RECORD_COMMAND_RESPONSE, [command.id, JSON.stringify(response ?? null)]);
  }

  // 7. Wake listeners of other processes (sent at commit, dropped on rollback).
  await tx.query(NOTIFY_EVENTS, [written.position]);
  return written;
}

/** A 32-bit xid (the subtransaction's) made full (xid8), using the top-level xid8 for the epoch. */
function fullXid(topLevel: bigint, xid32: bigint): bigint {
  const delta = (((xid32 - (topLevel % XID_SPACE)) % XID_SPACE) + XID_SPACE) % XID_SPACE;
  return topLevel + delta;
}

function validateAppend(streamId: string, events: NewEvent[], options: AppendOptions): void {
  if (!streamId) throw new Error('append: streamId is required');
  if (!Array.isArray(events) || events.length === 0) throw new Error('append: at least one event is required');
  const expected = options.expectedVersion;
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw new Error(`append: invalid expectedVersion ${expected}`);
  }
  if (typeof expected !== 'number' && expected !== 'any' && expected !== 'no-stream') {
    throw new Error(`append: invalid expectedVersion ${String(expected)}`);
  }
  const claims = options.claims;
  if (claims !== undefined && (!Array.isArray(claims) || claims.some((claim) => typeof claim !== 'string' || claim.length === 0))) {
    throw new Error('append: claims must be non-empty strings');
  }
}

function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

function rowToEvent(row: EventRow): StoredEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    version: Number(row.version),
    position: Number(row.position),
    type: row.type,
    schemaVersion: Number(row.schema_version),
    data: row.data,
    metadata: row.metadata,
    recordedAt: toDate(row.recorded_at),
  };
}

function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isFinite(limit) || limit < 1) throw new Error(`invalid limit ${limit}`);
  return Math.min(Math.floor(limit), max);
}

/** The event store on PostgreSQL or PGlite: same SQL, through a SqlClient. */
export class PostgresEventStore implements EventStore {
  private wakeGeneration = 0;
  private readonly wakers = new Set<() => void>();
  private readonly subscriptions = new Set<Subscription>();
  private unlisten: Promise<(() => Promise<void>) | null> | null = null;
  private closed = false;

  constructor(private readonly client: SqlClient) {}

  async init(): Promise<void> {
    await this.client.transaction(async (tx) => {
      await tx.query(SCHEMA_LOCK);
      await tx.exec(SCHEMA);
    });
  }

  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    let written: AppendWritten;
    try {
      written = await this.client.transaction((tx) => appendInTransaction(tx, streamId, events, options));
    } catch (error) {
      if (error instanceof CommandAlreadyRecorded) return { replayed: true, outcome: error.outcome };
      throw error;
    }
    this.wake();
    return { replayed: false, ...written };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const limit = clampLimit(options.limit, DEFAULT_READ_LIMIT, 2 ** 31 - 1);
    const result =
      options.direction === 'backward'
        ? await this.client.query<EventRow>(READ_STREAM_BACKWARD, [streamId, options.fromVersion ?? null, limit])
        : await this.client.query<EventRow>(READ_STREAM_FORWARD, [streamId, options.fromVersion ?? 1, limit]);
    return result.rows.map(rowToEvent);
  }

  async streamVersion(streamId: string): Promise<number> {
    const result = await this.client.query<{ version: number | string }>(STREAM_VERSION, [streamId]);
    return result.rows[0] ? Number(result.rows[0].version) : 0;
  }

  /**
   * Gap-safe read of the global log, in position order, each event exactly once across pages.
   *
   * Why it is gap-safe: a transaction X holding a position Q < P got its xid before its nextval
   * (append step 1 before step 2), its nextval ran before P's nextval (the sequence hands values
   * out in call order), and P's `visible_after` is one more than an xid assigned after P's nextval
   * (step 3). So X.xid < visible_after(P). The statement below reads with one snapshot whose xmin
   * is the oldest xid still running (every running xid is >= xmin). If xmin >= visible_after(P),
   * X is not running: it committed (its events are visible in this very snapshot) or aborted (its
   * positions are gone for ever). So P, and every row below P, is final and may be delivered.
   *
   * Ordering by (xid, position), or filtering `transaction_id < xmin` row by row, is NOT enough: a
   * lower xid can hold a higher position, so a reader could pass a position that commits later.
   *
   * Rows after the last deliverable one wait for a later read (they are re-read from `after`).
   */
  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const after = options.after ?? 0;
    const limit = clampLimit(options.limit, DEFAULT_READ_LIMIT, MAX_READ_ALL_LIMIT);
    const result = await this.client.query<EventRow & { deliverable: boolean }>(READ_ALL, [after, limit]);
    const rows = result.rows;
    let last = rows.length - 1;
    while (last >= 0 && !rows[last].deliverable) last--;
    return rows.slice(0, last + 1).map(rowToEvent);
  }

  async headPosition(): Promise<number> {
    const result = await this.client.query<{ position: number | string | bigint }>(HEAD_POSITION);
    return result.rows[0] ? Number(result.rows[0].position) : 0;
  }

  async positionAt(timestamp: Date): Promise<number> {
    const result = await this.client.query<{ position: number | string | null }>(POSITION_AT, [timestamp.toISOString()]);
    return Number(result.rows[0]?.position ?? 0);
  }

  async findCommand(commandId: string): Promise<CommandOutcome | null> {
    const result = await this.client.query<{ fingerprint: string; response: unknown }>(FIND_COMMAND, [commandId]);
    const row = result.rows[0];
    return row ? { fingerprint: row.fingerprint, response: row.response ?? null } : null;
  }

  subscribe(options: SubscribeOptions): Subscription {
    if (this.closed) throw new Error('event store is closed');
    const batchSize = clampLimit(options.batchSize, DEFAULT_BATCH_SIZE, MAX_READ_ALL_LIMIT);
    this.ensureListening();

    let stopped = false;
    let interrupt: (() => void) | null = null;
    let checkpoint = options.after;
    const reportError = (error: unknown) => {
      try {
        options.onError?.(error);
      } catch {
        // an onError that throws must not kill the loop
      }
    };
    // Waits for stop(), the timeout, or (when `sinceGeneration` is given) a wake-up: a local append
    // or a NOTIFY. A wake-up that happened since `sinceGeneration` was read is not lost.
    const wait = (ms: number, sinceGeneration: number | null) =>
      new Promise<void>((resolve) => {
        if (stopped || (sinceGeneration !== null && this.wakeGeneration !== sinceGeneration)) return resolve();
        const done = () => {
          clearTimeout(timer);
          this.wakers.delete(done);
          interrupt = null;
          resolve();
        };
        const timer = setTimeout(done, ms);
        if (sinceGeneration !== null) this.wakers.add(done);
        interrupt = done;
      });

    const loop = (async () => {
      let backoff = MIN_BACKOFF_MS;
      while (!stopped) {
        const generation = this.wakeGeneration;
        let batch: StoredEvent[];
        try {
          batch = await this.readAll({ after: checkpoint, limit: batchSize });
        } catch (error) {
          if (stopped) break;
          reportError(error);
          await wait(backoff, null);
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
          continue;
        }
        if (stopped) break;
        if (batch.length > 0) {
          try {
            await options.handler(batch);
          } catch (error) {
            // Retry the same batch after a back-off: never skip events.
            reportError(error);
            await wait(backoff, null);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            continue;
          }
          checkpoint = batch[batch.length - 1].position;
          backoff = MIN_BACKOFF_MS;
          continue;
        }
        await wait(backoff, generation);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    })();

    const subscription: Subscription = {
      stop: async () => {
        stopped = true;
        interrupt?.();
        await loop;
        this.subscriptions.delete(subscription);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    const unlisten = await this.unlisten;
    if (unlisten) await unlisten();
    await this.client.close();
  }

  /** Wakes this process's subscribers (after a local commit or a NOTIFY). */
  private wake(): void {
    this.wakeGeneration++;
    for (const waker of [...this.wakers]) waker();
  }

  private ensureListening(): void {
    if (this.unlisten || !this.client.listen) return;
    this.unlisten = this.client.listen(NOTIFY_CHANNEL, () => this.wake()).catch(() => {
      // Without LISTEN, subscribers still poll (back-off up to 1 s); retry on the next subscribe.
      this.unlisten = null;
      return null;
    });
  }
}
