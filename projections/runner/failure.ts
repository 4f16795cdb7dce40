import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../src/event-store/recorded-event.js';
import type { StoredEvent } from '../../src/event-store/event-store.port.js';
import { describeError, safeError, type SafeError } from '../../src/safe-error.js';
import { eventsFor, type Projection, type TableNames } from './projection.js';

/**
 * A projection stopped at an event it cannot apply (a poison event: a value its tables cannot
 * hold, a bug in its projector). Stored in `processor_checkpoints.failure`, so every process sees
 * it (the API's status and health, the rebuild, workers); the projection's checkpoint stays at
 * `position − 1`, everything before the poison applied. Never holds event data or SQL parameters.
 */
export interface ProjectionFailure {
  /** The global position of the event that could not be applied. */
  position: number;
  eventId: string;
  eventType: string;
  streamId: string;
  error: SafeError;
  /** When it was marked failed (ISO 8601). */
  at: string;
  /** Who applied it: the in-process runner (also the `--source log` projector), or the Kafka workers. */
  source: 'runner' | 'kafka';
  /** How many times it was tried and failed (the first isolation counts one; each resume adds one). */
  attempts: number;
}

/** What applying a projection's batch event by event found: how far it got, and the poison event if any. */
export interface IsolationResult {
  /** Every event at or below this position is applied (the checkpoint to store). */
  through: number;
  poison: { event: RecordedEvent; error: unknown } | null;
}

/** A projection failed at a position: what the rebuild and a resume throw (no SQL, no parameters). */
export class ProjectionFailedError extends Error {
  readonly code = 'projection-failed';
  constructor(
    readonly projection: string,
    readonly failure: Pick<ProjectionFailure, 'position' | 'eventId' | 'eventType' | 'streamId' | 'error'>,
    context = '',
  ) {
    super(
      `${context}projection '${projection}' failed at position ${failure.position} (${failure.eventType}, event ${failure.eventId}): ${describeError(failure.error)}`,
    );
    this.name = 'ProjectionFailedError';
  }
}

export function failureOf(
  event: Pick<StoredEvent, 'position' | 'streamId' | 'type' | 'id'>,
  error: unknown,
  source: ProjectionFailure['source'],
  attempts = 1,
): ProjectionFailure {
  return {
    position: event.position,
    eventId: event.id,
    eventType: event.type,
    streamId: event.streamId,
    error: safeError(error),
    at: new Date().toISOString(),
    source,
    attempts,
  };
}

/**
 * Applies `events` (those past `after` that the projection handles) inside the caller's
 * transaction, first as one batch, then, if that fails, one event at a time, each behind a
 * savepoint: the events before a poison event are applied, the poison and what follows are not.
 * A failure of the transaction itself (the database went away) is not a poison: it is thrown.
 */
export async function applyIsolated(
  manager: EntityManager,
  projection: Projection,
  events: readonly StoredEvent[],
  after: number,
  tables: TableNames = projection.tables,
): Promise<IsolationResult> {
  const last = events.length === 0 ? after : Math.max(after, events[events.length - 1].position);
  const relevant = eventsFor(projection, events, after);
  if (relevant.length === 0) return { through: last, poison: null };
  await manager.query('SAVEPOINT projection_batch');
  try {
    await projection.apply(relevant, { manager, tables });
    await manager.query('RELEASE SAVEPOINT projection_batch');
    return { through: last, poison: null };
  } catch (error) {
    if (isEnvironmental(error)) throw error;
    await manager.query('ROLLBACK TO SAVEPOINT projection_batch');
  }
  let poison: IsolationResult['poison'] = null;
  for (const event of relevant) {
    await manager.query('SAVEPOINT projection_event');
    try {
      await projection.apply([event], { manager, tables });
      await manager.query('RELEASE SAVEPOINT projection_event');
    } catch (error) {
      if (isEnvironmental(error)) throw error;
      await manager.query('ROLLBACK TO SAVEPOINT projection_event');
      poison = { event, error };
      break;
    }
  }
  await manager.query('RELEASE SAVEPOINT projection_batch');
  return poison === null ? { through: last, poison: null } : { through: poison.event.position - 1, poison };
}

/**
 * An error of the database's circumstances, not of the event: no connection (08), no resources,
 * the disk full among them (53), shut down or cancelled (57), an I/O failure (58), a deadlock or
 * serialization failure (40), a lock not granted (55P03); or the store refusing writes for the
 * moment (StoreUnavailableError). Never a poison: the batch is retried instead.
 */
export function isEnvironmental(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    if ((e as Error).name === 'StoreUnavailableError') return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (/^(08|53|57|58|40)/.test(code) || code === '55P03')) return true;
    e = (e as { driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Checkpoint rows with their failures; a projection without a row is at 0, not failed. */
export async function readCheckpointRows(
  manager: Pick<EntityManager, 'query'>,
  names: readonly string[],
  lock = false,
): Promise<Map<string, { position: number; failure: ProjectionFailure | null }>> {
  const rows: { name: string; position: string | number; failure: ProjectionFailure | string | null }[] = await manager.query(
    `SELECT name, position, failure FROM processor_checkpoints WHERE name = ANY($1::text[])${lock ? ' ORDER BY name FOR UPDATE' : ''}`,
    [names],
  );
  const found = new Map(rows.map((row) => [row.name, { position: Number(row.position), failure: parseFailure(row.failure) }]));
  return new Map(names.map((name) => [name, found.get(name) ?? { position: 0, failure: null }]));
}

function parseFailure(value: ProjectionFailure | string | null): ProjectionFailure | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? (JSON.parse(value) as ProjectionFailure) : value;
}

/** Marks a projection failed and sets its checkpoint to just before the poison event, in the caller's transaction. */
export async function markFailed(manager: Pick<EntityManager, 'query'>, name: string, through: number, failure: ProjectionFailure): Promise<void> {
  await manager.query(
    `INSERT INTO processor_checkpoints (name, position, failure) VALUES ($1, $2, $3::jsonb)
     ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, failure = EXCLUDED.failure, updated_at = now()`,
    [name, through, JSON.stringify(failure)],
  );
}

/**
 * Tries a failed projection again from its checkpoint through the event it failed at, in one
 * transaction (its checkpoint row locked: the runner, a worker or a rebuild elsewhere waits). On
 * success the failure is cleared and the checkpoint is the failed position: the runner carries on
 * from there. On failure it stays failed (the error and attempt count updated) and this throws.
 * The events are read first: the embedded store cannot read the log inside a read-model transaction.
 */
export async function retryFailedProjection(
  storage: {
    store: { readAll(options: { after: number; limit: number }): Promise<StoredEvent[]> };
    dataSource: { transaction<T>(run: (manager: EntityManager) => Promise<T>): Promise<T>; manager: EntityManager };
  },
  projection: Projection,
): Promise<{ name: string; failedAt: number; checkpoint: number }> {
  const before = (await readCheckpointRows(storage.dataSource.manager, [projection.name])).get(projection.name)!;
  if (!before.failure) throw new ProjectionNotFailedError(projection.name);
  if (before.failure.source === 'kafka') throw new RebuildRequiredError(projection.name, before.failure);
  const failedAt = before.failure.position;
  const events = (await storage.store.readAll({ after: before.position, limit: Math.min(10_000, Math.max(1, failedAt - before.position)) })).filter(
    (e) => e.position <= failedAt,
  );
  // Normally just the failed event (the checkpoint is right before it); never skip one unread.
  if (events.at(-1)?.position !== failedAt)
    throw new Error(
      `projection '${projection.name}': the log from its checkpoint ${before.position} to the failed position ${failedAt} does not fit one read: rebuild it`,
    );
  const outcome = await storage.dataSource.transaction(async (manager) => {
    const row = (await readCheckpointRows(manager, [projection.name], true)).get(projection.name)!;
    if (!row.failure) return { cleared: true as const, checkpoint: row.position }; // resumed meanwhile (another process)
    if (row.position !== before.position || row.failure.position !== failedAt)
      throw new Error(`projection '${projection.name}' changed while being resumed: try again`);
    const result = await applyIsolated(manager, projection, events, row.position);
    if (result.poison) {
      const failure = { ...failureOf(result.poison.event, result.poison.error, 'runner', row.failure.attempts + 1) };
      await markFailed(manager, projection.name, result.through, failure);
      return { cleared: false as const, failure };
    }
    const checkpoint = result.through;
    await manager.query('UPDATE processor_checkpoints SET position = $2, failure = NULL, updated_at = now() WHERE name = $1', [projection.name, checkpoint]);
    return { cleared: true as const, checkpoint };
  });
  if (!outcome.cleared) throw new ProjectionFailedError(projection.name, outcome.failure, 'resume: ');
  return { name: projection.name, failedAt, checkpoint: outcome.checkpoint };
}

export class ProjectionNotFailedError extends Error {
  readonly code = 'projection-not-failed';
  constructor(readonly projection: string) {
    super(`projection '${projection}' has not failed: nothing to resume`);
    this.name = 'ProjectionNotFailedError';
  }
}

/** A failure the Kafka workers marked: they went on past it, so only a rebuild can make the projection whole. */
export class RebuildRequiredError extends Error {
  readonly code = 'rebuild-required';
  constructor(
    readonly projection: string,
    readonly failure: ProjectionFailure,
  ) {
    super(
      `projection '${projection}' failed at position ${failure.position} under the Kafka workers, which carried on past it: rebuild it (npm run projections:rebuild -- ${projection}) after the fix`,
    );
    this.name = 'RebuildRequiredError';
  }
}
