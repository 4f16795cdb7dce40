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
import { APPEND } from './sql/append.sql.js';
import { APPEND_FUNCTION } from './sql/append-function.sql.js';
import { CLAIM_HOLDER } from './sql/claim-holder.sql.js';
import { FIND_COMMAND } from './sql/find-command.sql.js';
import { HEAD_POSITION } from './sql/head-position.sql.js';
import { POSITION_AT } from './sql/position-at.sql.js';
import { NOTIFY_EVENTS } from './sql/notify-events.sql.js';
import { READ_ALL } from './sql/read-all.sql.js';
import { READ_STREAM_BACKWARD } from './sql/read-stream-backward.sql.js';
import { READ_STREAM_FORWARD } from './sql/read-stream-forward.sql.js';
import { RECORD_COMMAND_RESPONSE } from './sql/record-command-response.sql.js';
import { SCHEMA } from './sql/schema.sql.js';
import { SCHEMA_LOCK } from './sql/schema-lock.sql.js';
import { STREAM_VERSION } from './sql/stream-version.sql.js';

export const NOTIFY_CHANNEL = 'ledger_events';
const DEFAULT_READ_LIMIT = 1000;
const MAX_READ_ALL_LIMIT = 10_000;
const DEFAULT_BATCH_SIZE = 500;
const MIN_BACKOFF_MS = 25;
const MAX_BACKOFF_MS = 1000;

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

/** SQLSTATEs raised by ledger_append (append-function.sql.ts). */
const VERSION_CONFLICT = 'LV409';
const CLAIM_TAKEN = 'LC409';

interface AppendRow {
  r_replayed: boolean;
  r_fingerprint: string | null;
  r_response: unknown;
  r_version: number | string | bigint | null;
  r_positions: (number | string | bigint)[] | null;
  r_recorded_at: Date | string | null;
}

/**
 * One append through the server-side function `ledger_append`, in ONE statement. On the executor
 * of an open transaction (appendInTransaction) or on the client itself (autocommit: the statement
 * is its own transaction, and the whole append is one round trip).
 *
 * The function's steps, and why their order makes the global log gap-safe: see append-function.sql.ts.
 * Listeners in other processes are woken after the commit (PostgresEventStore.notifyListeners).
 */
async function runAppend(executor: SqlExecutor, streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
  validateAppend(streamId, events, options);
  const command = options.command;
  const expected = options.expectedVersion;
  const ids = events.map(() => uuidv7());
  const claims = [...new Set(options.claims ?? [])].sort();
  const reads = options.readStreams ?? [];
  let row: AppendRow;
  try {
    ({
      rows: [row],
    } = await executor.query<AppendRow>(APPEND, [
      streamId,
      expected === 'any' ? -1 : expected === 'no-stream' ? 0 : expected,
      ids,
      events.map((event) => event.type),
      events.map((event) => event.schemaVersion ?? 1),
      events.map((event) => JSON.stringify(event.data)),
      JSON.stringify(options.metadata),
      command?.id ?? null,
      command?.fingerprint ?? null,
      claims,
      command?.answer ? JSON.stringify(command.answer) : null,
      reads.map((r) => r.streamId),
      reads.map((r) => r.version),
    ]));
  } catch (error) {
    const { code, detail, hint } = error as { code?: string; detail?: string; hint?: string };
    if (code === VERSION_CONFLICT && hint) throw new ConcurrencyError(hint, reads.find((r) => r.streamId === hint)?.version ?? 'any', Number(detail ?? 0));
    if (code === VERSION_CONFLICT) throw new ConcurrencyError(streamId, expected, Number(detail ?? 0));
    if (code === CLAIM_TAKEN) {
      const held = JSON.parse(detail ?? '{}') as { claim: string; holder: string };
      throw new ClaimTakenError(held.claim, held.holder);
    }
    throw error;
  }
  if (row.r_replayed) return { replayed: true, outcome: { fingerprint: row.r_fingerprint ?? '', response: row.r_response ?? null } };

  const positions = (row.r_positions ?? []).map(Number);
  const lastVersion = Number(row.r_version);
  const firstVersion = lastVersion - events.length + 1;
  const recordedAt = toDate(row.r_recorded_at ?? new Date());
  const stored: StoredEvent[] = events.map((event, i) => ({
    id: ids[i],
    streamId,
    version: firstVersion + i,
    position: positions[i],
    type: event.type,
    schemaVersion: event.schemaVersion ?? 1,
    data: event.data,
    metadata: options.metadata,
    recordedAt,
  }));
  return { replayed: false, streamId, version: lastVersion, position: positions[positions.length - 1], events: stored };
}

/**
 * One append inside a transaction the caller opened (READ COMMITTED), with the command's response
 * recorded in it. Exported so that tests can hold a transaction open by hand; the store uses it
 * when the caller builds the response itself (`command.respond`).
 */
export async function appendInTransaction(tx: SqlExecutor, streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendWritten> {
  const result = await runAppend(tx, streamId, events, options);
  if (result.replayed) throw new CommandAlreadyRecorded(result.outcome);
  const { replayed: _replayed, ...written } = result;
  const command = options.command;
  if (command?.respond && !command.answer) {
    await tx.query(RECORD_COMMAND_RESPONSE, [command.id, JSON.stringify(command.respond(written) ?? null)]);
  }
  return written;
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
  const command = options.command;
  if (command && !command.respond === !command.answer) throw new Error('append: command needs exactly one of respond and answer');
  const claims = options.claims;
  if (claims !== undefined && (!Array.isArray(claims) || claims.some((claim) => typeof claim !== 'string' || claim.length === 0))) {
    throw new Error('append: claims must be non-empty strings');
  }
  const reads = options.readStreams;
  if (
    reads !== undefined &&
    (!Array.isArray(reads) || reads.some((r) => !r?.streamId || r.streamId === streamId || !Number.isSafeInteger(r.version) || r.version < 0))
  ) {
    throw new Error('append: readStreams must name other streams, each with a version ≥ 0');
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
  /** The NOTIFY in flight, and the highest position waiting to be announced after it. */
  private notifying: Promise<void> | null = null;
  private unannounced: number | null = null;

  constructor(private readonly client: SqlClient) {}

  async init(): Promise<void> {
    await this.client.transaction(async (tx) => {
      await tx.query(SCHEMA_LOCK);
      await tx.exec(SCHEMA);
      await tx.exec(APPEND_FUNCTION);
    });
  }

  /**
   * One round trip when there is no response to build in JavaScript (no command, or its fixed
   * `answer`): the function call is its own transaction. With `command.respond`, a transaction of
   * four (BEGIN, the function, the response, COMMIT).
   */
  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    let result: AppendResult;
    if (!options.command?.respond) {
      result = await runAppend(this.client, streamId, events, options);
    } else {
      try {
        result = { replayed: false, ...(await this.client.transaction((tx) => appendInTransaction(tx, streamId, events, options))) };
      } catch (error) {
        if (error instanceof CommandAlreadyRecorded) return { replayed: true, outcome: error.outcome };
        throw error;
      }
    }
    if (!result.replayed) {
      this.wake();
      this.notifyListeners(result.position);
    }
    return result;
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
   * Why it is gap-safe: see append-function.sql.ts. Rows after the last deliverable one wait for a
   * later read (they are re-read from `after`).
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

  async claimHolder(claim: string): Promise<string | null> {
    const result = await this.client.query<{ stream_id: string }>(CLAIM_HOLDER, [claim]);
    return result.rows[0]?.stream_id ?? null;
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
    while (this.notifying) await this.notifying;
    const unlisten = await this.unlisten;
    if (unlisten) await unlisten();
    await this.client.close();
  }

  /**
   * Wakes subscribers in other processes (LISTEN/NOTIFY, PostgreSQL only: the embedded store has
   * one process). Sent after the commit as its own statement, not inside the append's transaction:
   * a NOTIFY in a transaction takes a cluster-wide lock at commit and holds it through the WAL
   * flush, which serialised every append's commit (no group commit). Coalesced: at most one in
   * flight, announcing the highest position written meanwhile. It is only a wake-up: a listener
   * that misses one (a crash right after a commit) finds the events on its next poll (≤ 1 s).
   */
  private notifyListeners(position: number): void {
    if (!this.client.listen || this.closed) return;
    this.unannounced = Math.max(this.unannounced ?? 0, position);
    if (this.notifying) return;
    const send = async (): Promise<void> => {
      while (this.unannounced !== null && !this.closed) {
        const announced = this.unannounced;
        this.unannounced = null;
        await this.client.query(NOTIFY_EVENTS, [announced]).catch(() => undefined);
      }
    };
    this.notifying = send().finally(() => {
      this.notifying = null;
    });
  }

  /** Wakes this process's subscribers (after a local commit or a NOTIFY). */
  private wake(): void {
    this.wakeGeneration++;
    for (const waker of [...this.wakers]) waker();
  }

  private ensureListening(): void {
    if (this.unlisten || !this.client.listen) return;
    this.unlisten = this.client
      .listen(NOTIFY_CHANNEL, () => this.wake())
      .catch(() => {
        // Without LISTEN, subscribers still poll (back-off up to 1 s); retry on the next subscribe.
        this.unlisten = null;
        return null;
      });
  }
}
