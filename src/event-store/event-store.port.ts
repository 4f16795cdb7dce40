/**
 * The event-store port. Every adapter (embedded PGlite, PostgreSQL, later KurrentDB) implements it
 * and passes the one contract suite in test/contract/.
 */

/** What the ledger asks to store: plain typed data, never classes. */
export interface NewEvent {
  type: string;
  schemaVersion?: number;
  data: Record<string, unknown>;
}

export interface EventMetadata {
  actor: string;
  commandId: string;
  correlationId: string;
  causationId: string | null;
  [extra: string]: unknown;
}

export interface StoredEvent {
  /** UUID v7, assigned by the store. */
  id: string;
  streamId: string;
  /** 1-based position of the event inside its stream. */
  version: number;
  /** Position in the global log: strictly increasing in the order readAll delivers. */
  position: number;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  recordedAt: Date;
}

/** `no-stream`: the stream must not exist yet; `any`: no check; a number: the stream's current version. */
export type ExpectedVersion = number | 'no-stream' | 'any';

/** What a command produced, kept so that a replay of the same command id answers the same. */
export interface CommandOutcome {
  /** Hash of what the caller sent; a replay with another fingerprint is refused. */
  fingerprint: string;
  /** What the first execution answered (HTTP status and body), returned verbatim on replay. */
  response: unknown;
}

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  metadata: EventMetadata;
  /**
   * Durable idempotency: the command id is stored in the same transaction as the events. If it is
   * already recorded the store writes nothing and returns `{ replayed: true, outcome }`.
   * The answer to keep (what a replay returns), one of:
   * - `answer`: its fixed part; the store records `{ ...answer, streamId, version, position }` (the
   *   fast path: the whole append is one round trip on the PostgreSQL-family stores);
   * - `respond`: builds it from what was written (costs the store a few more round trips).
   */
  command?: {
    id: string;
    fingerprint: string;
    answer?: Record<string, unknown>;
    respond?: (written: AppendWritten) => unknown;
  };
  /**
   * Unique keys this append takes (e.g. `achievement:<id>`), atomically with the events: a claim is
   * held for ever by the stream whose append took it. If one is already held, nothing is written
   * and `ClaimTakenError(claim, holderStreamId)` is thrown. Concurrent appends taking the same claim:
   * exactly one succeeds. A command id already recorded wins over a claim (the append is a replay).
   */
  claims?: string[];
  /**
   * Other streams the decision read, at the versions it read (0: the stream did not exist). If one
   * has moved since, nothing is written and `ConcurrencyError` names that stream: the caller decides
   * again on fresh state. So a decision may rest on states it holds in memory and still never act on
   * a stale one (the campaign closed meanwhile, an award revoked) without reading them first.
   */
  readStreams?: { streamId: string; version: number }[];
}

export interface AppendWritten {
  streamId: string;
  /** The stream's version after the append. */
  version: number;
  /** Global position of the last event written. */
  position: number;
  events: StoredEvent[];
}

export type AppendResult = ({ replayed: false } & AppendWritten) | { replayed: true; outcome: CommandOutcome };

export interface ReadStreamOptions {
  direction?: 'forward' | 'backward';
  /** Inclusive. Forward default 1; backward default the last version. */
  fromVersion?: number;
  limit?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events with a greater position. 0 reads from the start. */
  after?: number;
  limit?: number;
}

export interface Subscription {
  /** Stops the subscription; resolves once the handler is no longer running. */
  stop(): Promise<void>;
}

export interface SubscribeOptions {
  /** Start after this global position (the subscriber's checkpoint). */
  after: number;
  /** Called with batches in position order; the next batch waits for the promise. */
  handler: (events: StoredEvent[]) => Promise<void>;
  batchSize?: number;
  onError?: (error: unknown) => void;
}

export interface EventStore {
  /** Creates the schema if missing; idempotent. */
  init(): Promise<void>;
  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /** Current version of a stream, 0 when it does not exist. */
  streamVersion(streamId: string): Promise<number>;
  /**
   * Gap-safe: never returns an event while an earlier position may still commit, so a consumer that
   * checkpoints the last position it handled never misses one. How the PostgreSQL-family store
   * (PostgreSQL and PGlite) ensures it: see postgres/sql/append-function.sql.ts.
   */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /** Highest position readAll can deliver now (0 for an empty store). */
  headPosition(): Promise<number>;
  /** Highest deliverable position recorded at or before `timestamp` (0 if none): `asOf` by time. */
  positionAt(timestamp: Date): Promise<number>;
  /** Recorded outcome of a command id, if any. */
  findCommand(commandId: string): Promise<CommandOutcome | null>;
  /** The stream whose append took a claim (AppendOptions.claims), null while it is free: what an import's dry run checks a row against. */
  claimHolder(claim: string): Promise<string | null>;
  subscribe(options: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly currentVersion: number,
  ) {
    super(`stream ${streamId} is at version ${currentVersion}, expected ${String(expectedVersion)}`);
    this.name = 'ConcurrencyError';
  }
}

/** An append asked for a claim another append already holds; nothing was written. */
export class ClaimTakenError extends Error {
  constructor(
    readonly claim: string,
    /** The stream whose append holds the claim. */
    readonly holderStreamId: string,
  ) {
    super(`claim '${claim}' is already held by stream ${holderStreamId}`);
    this.name = 'ClaimTakenError';
  }
}

export const EVENT_STORE = Symbol('EventStore');
