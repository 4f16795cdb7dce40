import type { DataSource, EntityManager } from 'typeorm';
import type { EventStore, StoredEvent } from '../../src/event-store/event-store.port.js';
import { LogProcessor } from '../../src/processing/log-processor.js';
import { PositionWaiters } from '../../src/processing/position-waiters.js';
import { describeError } from '../../src/safe-error.js';
import { applyIsolated, failureOf, markFailed, readCheckpointRows, retryFailedProjection, type ProjectionFailure } from './failure.js';
import { eventsFor, type Projection } from './projection.js';

export type ProjectionStatus = 'starting' | 'catching-up' | 'live' | 'retrying' | 'failed' | 'stopped';

export interface ProjectionReport {
  name: string;
  checkpoint: number;
  status: ProjectionStatus;
  /** The last error of a batch being retried, or the failure's error (one line, no SQL parameters). */
  lastError: string | null;
  failure: ProjectionFailure | null;
}

/** Where the runner reports: Nest's logger in the API, the console in the CLIs. */
export interface RunnerLogger {
  error(message: string): void;
  warn(message: string): void;
  log(message: string): void;
}

export interface RunnerOptions {
  batchSize?: number;
  logger?: RunnerLogger;
  /** Back-off between tries of a failing batch before it is applied event by event (default 100, 300, 1000 ms: 3 retries). */
  retryDelaysMs?: readonly number[];
  /** How often, while a projection is failed, the runner looks whether a rebuild or another process cleared it (default 1 s). */
  failurePollMs?: number;
}

/** Counters of the runner's work: tries of a batch transaction, how many failed, how many batches were isolated. */
export interface RunnerStats {
  attempts: number;
  failedAttempts: number;
  isolations: number;
}

const DEFAULT_RETRY_DELAYS_MS = [100, 300, 1000];
const SILENT: RunnerLogger = { error: () => undefined, warn: () => undefined, log: () => undefined };

/**
 * Runs projections in this process: catch-up then live tail, a LogProcessor over the log. Each
 * batch is applied to every healthy projection and their checkpoints move in ONE transaction, so
 * a crash mid-batch leaves either all of it or none of it (exactly-once effect).
 *
 * A projection never stops the others: a batch that fails is tried again after 100 ms, 300 ms and
 * 1 s; then it is applied projection by projection and, for one that still fails, event by event
 * behind savepoints (failure.ts). Its poison event marks that projection failed at its position
 * (in `processor_checkpoints`, with the error's class and message, no parameters), logged once;
 * the other projections and the writes carry on. It stays failed until a resume (`resume()`,
 * `POST /api/projections/:name/resume`, `npm run projections:resume`) applies the event after a
 * fix, or a rebuild replaces its tables; the runner notices one done by another process within a
 * second. When the database itself fails (no event is to blame), the processor retries the batch
 * with its own back-off (up to 1 s), the streak logged once when it starts and once when it ends.
 */
export class ProjectionRunner {
  private readonly processor: LogProcessor;
  private readonly checkpoints = new Map<string, number>();
  private readonly failures = new Map<string, ProjectionFailure>();
  private status: ProjectionStatus = 'stopped';
  private lastError: string | null = null;
  private readonly waiters = new PositionWaiters();
  private running = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private reloading: Promise<void> = Promise.resolve();
  private wakeSleep: (() => void) | null = null;
  private readonly logger: RunnerLogger;
  readonly stats: RunnerStats = { attempts: 0, failedAttempts: 0, isolations: 0 };

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    readonly projections: readonly Projection[],
    private readonly options: RunnerOptions = {},
  ) {
    this.logger = options.logger ?? SILENT;
    this.processor = new LogProcessor(store, {
      handle: (events) => this.applyBatch(events),
      batchSize: options.batchSize ?? 1000,
      logger: this.logger,
      onFailure: (error) => {
        this.status = 'retrying';
        this.lastError = describeError(error instanceof BatchFailedError ? error.reason : error);
      },
      messages: {
        failing: (error) =>
          `projections: ${error instanceof BatchFailedError ? error.message : `cannot read the log: ${describeError(error)}`}; retrying with back-off (up to 1 s), nothing is skipped`,
        recovered: ({ seconds }) => `projections: applying again after ${seconds.toFixed(1)} s of failing batches`,
      },
    });
  }

  async start(): Promise<void> {
    this.running = true;
    this.status = 'starting';
    await this.readState();
    for (const [name, failure] of this.failures) {
      this.logger.error(
        `projection '${name}' is failed at position ${failure.position} since ${failure.at} (${failure.eventType}): ${describeError(failure.error)}; ${howToRecover(name)}`,
      );
    }
    this.status = 'catching-up';
    this.subscribe();
    this.schedulePoll();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    this.wakeSleep?.();
    await this.reloading;
    await this.processor.stop();
    this.status = 'stopped';
  }

  /** The lowest checkpoint of `names` (default: every projection): those read models have applied the log up to here. */
  processedPosition(names: readonly string[] = this.projections.map((p) => p.name)): number {
    const positions = names.map((name) => this.checkpoints.get(name) ?? 0);
    return positions.length === 0 ? 0 : Math.min(...positions);
  }

  /** Failed projections among `names` (default: all), with their failure. */
  failed(names: readonly string[] = this.projections.map((p) => p.name)): { name: string; checkpoint: number; failure: ProjectionFailure }[] {
    return names.flatMap((name) => {
      const failure = this.failures.get(name);
      return failure ? [{ name, checkpoint: this.checkpoints.get(name) ?? 0, failure }] : [];
    });
  }

  reports(): ProjectionReport[] {
    return this.projections.map((p) => {
      const failure = this.failures.get(p.name) ?? null;
      return {
        name: p.name,
        checkpoint: this.checkpoints.get(p.name) ?? 0,
        status: failure ? 'failed' : this.status,
        lastError: failure ? describeError(failure.error) : this.lastError,
        failure,
      };
    });
  }

  /**
   * Resolves true once the read models `names` (default: all) have applied `position`; false
   * after `timeoutMs`, or at once when one of them is failed before it (it will not get there).
   */
  waitFor(position: number, timeoutMs: number, names: readonly string[] = this.projections.map((p) => p.name)): Promise<boolean> {
    return this.waiters.wait(
      timeoutMs,
      () => this.processedPosition(names) >= position,
      () => this.blocked(position, names),
    );
  }

  /**
   * Tries a failed projection again from the position it failed at (after a fix): throws
   * ProjectionFailedError if it fails again (it stays failed), ProjectionNotFailedError if it was
   * not failed. On success the runner carries on with it.
   */
  async resume(name: string): Promise<{ name: string; failedAt: number; checkpoint: number }> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`unknown projection '${name}'`);
    let resumed = false;
    try {
      const result = await retryFailedProjection({ store: this.store, dataSource: this.dataSource }, projection);
      resumed = true;
      this.logger.log(`projection '${name}' resumed: the event at position ${result.failedAt} applied; catching up from there`);
      return result;
    } finally {
      await this.reload(resumed ? [name] : []);
    }
  }

  private blocked(position: number, names: readonly string[]): boolean {
    return names.some((name) => this.failures.has(name) && (this.checkpoints.get(name) ?? 0) < position);
  }

  private active(): Projection[] {
    return this.projections.filter((p) => !this.failures.has(p.name));
  }

  /** Reads checkpoints and failures; returns the projections failed here before and no longer (a rebuild, a resume). */
  private async readState(): Promise<string[]> {
    const rows = await readCheckpointRows(
      this.dataSource.manager,
      this.projections.map((p) => p.name),
    );
    const cleared: string[] = [];
    for (const [name, row] of rows) {
      this.checkpoints.set(name, row.position);
      if (row.failure) this.failures.set(name, row.failure);
      else if (this.failures.delete(name)) cleared.push(name);
    }
    return cleared;
  }

  private subscribe(): void {
    const active = this.active();
    if (!this.running || active.length === 0) return;
    this.processor.start(Math.min(...active.map((p) => this.checkpoints.get(p.name) ?? 0)));
  }

  /** Stops following the log, reads checkpoints and failures again, follows it from the lowest healthy checkpoint. */
  private reload(quiet: readonly string[] = []): Promise<void> {
    this.reloading = this.reloading.then(async () => {
      await this.processor.stop();
      for (const name of await this.readState()) {
        if (!quiet.includes(name))
          this.logger.log(
            `projection '${name}' is no longer failed (a rebuild, or a resume elsewhere): applying it again from position ${this.checkpoints.get(name)}`,
          );
      }
      this.waiters.notify();
      this.subscribe();
      this.schedulePoll();
    });
    return this.reloading;
  }

  /** While a projection is failed: has a rebuild, a resume elsewhere (CLI) or another process cleared or changed it? */
  private schedulePoll(): void {
    if (this.pollTimer || !this.running || this.failures.size === 0) return;
    this.pollTimer = setTimeout(async () => {
      this.pollTimer = null;
      try {
        const rows = await readCheckpointRows(this.dataSource.manager, [...this.failures.keys()]);
        if ([...rows.values()].some((row) => row.failure === null)) {
          await this.reload();
          return;
        }
      } catch {
        // the database is away: the next poll looks again
      }
      this.schedulePoll();
    }, this.options.failurePollMs ?? 1000);
    this.pollTimer.unref?.();
  }

  private async applyBatch(events: StoredEvent[]): Promise<void> {
    const active = this.active();
    if (active.length === 0) return;
    const delays = this.options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    let lastError: unknown;
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) {
        await this.sleep(delays[attempt - 1]);
        if (!this.running) throw new Error('projection runner stopping');
      }
      this.stats.attempts++;
      try {
        const applied = await this.dataSource.transaction((manager) => applyToProjections(manager, active, events));
        await this.applied(applied, active);
        return;
      } catch (error) {
        this.stats.failedAttempts++;
        lastError = error;
        this.status = 'retrying';
        this.lastError = describeError(error);
      }
    }
    // Still failing: which projection, which event? Each projection behind a savepoint, a failing one event by event.
    this.stats.isolations++;
    this.stats.attempts++;
    let outcome: Awaited<ReturnType<typeof applyIsolating>>;
    try {
      outcome = await this.dataSource.transaction((manager) => applyIsolating(manager, active, events, 'runner'));
    } catch (error) {
      this.stats.failedAttempts++;
      // The database itself fails (not one event): the processor retries the batch with its back-off.
      throw new BatchFailedError(events, error ?? lastError);
    }
    for (const { name, failure } of outcome.failed) {
      this.failures.set(name, failure);
      this.logger.error(
        `projection '${name}' failed at position ${failure.position} (${failure.eventType}, event ${failure.eventId}, stream ${failure.streamId}): ${describeError(failure.error)}. ` +
          `The other projections carry on; ${howToRecover(name)}`,
      );
    }
    await this.applied(outcome.moved, active);
    this.schedulePoll();
  }

  private async applied(moved: Map<string, number>, active: readonly Projection[]): Promise<void> {
    for (const [name, position] of moved) this.checkpoints.set(name, position);
    // A projection left out was marked failed by another process meanwhile: learn its failure.
    if (active.some((p) => !moved.has(p.name))) {
      await this.readState();
      this.schedulePoll();
    }
    this.lastError = null;
    this.status = 'live';
    this.waiters.notify();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleep = done;
    });
  }
}

function howToRecover(name: string): string {
  return `after a fix: POST /api/projections/${name}/resume (or npm run projections:resume -- ${name}), or npm run projections:rebuild -- ${name}`;
}

/** A batch the database failed as a whole (its message names the positions, not the data). */
class BatchFailedError extends Error {
  constructor(
    events: readonly StoredEvent[],
    readonly reason: unknown,
  ) {
    super(`the batch of positions ${events[0].position} to ${events[events.length - 1].position} failed: ${describeError(reason)}`);
    this.name = 'BatchFailedError';
  }
}

/**
 * Applies a batch to each projection past its own checkpoint (read under lock, so a rebuild's
 * switch-over or a second runner cannot make it apply an event twice), then moves the checkpoints.
 * A projection marked failed (by this or another process) is left out, its checkpoint unmoved.
 */
export function applyToProjections(manager: EntityManager, projections: readonly Projection[], events: StoredEvent[]): Promise<Map<string, number>> {
  return applyPastCheckpoints(manager, projections, events, async (projection, after) => {
    const relevant = eventsFor(projection, events, after);
    if (relevant.length > 0) await projection.apply(relevant, { manager, tables: projection.tables });
    return events[events.length - 1].position;
  });
}

/**
 * The same, each projection behind a savepoint and a failing one applied event by event: its
 * poison event marks it failed (checkpoint just before it); the others apply the whole batch.
 */
export async function applyIsolating(
  manager: EntityManager,
  projections: readonly Projection[],
  events: StoredEvent[],
  source: ProjectionFailure['source'],
): Promise<{ moved: Map<string, number>; failed: { name: string; failure: ProjectionFailure }[] }> {
  const failed: { name: string; failure: ProjectionFailure }[] = [];
  const moved = await applyPastCheckpoints(manager, projections, events, async (projection, after) => {
    const result = await applyIsolated(manager, projection, events, after);
    if (result.poison) {
      const failure = failureOf(result.poison.event, result.poison.error, source);
      await markFailed(manager, projection.name, result.through, failure);
      failed.push({ name: projection.name, failure });
    }
    return result.through;
  });
  return { moved, failed };
}

/**
 * Locks the checkpoints; each healthy projection still behind the batch's end is brought by `apply`
 * from its checkpoint to the position `apply` returns; stores the checkpoints so moved.
 */
async function applyPastCheckpoints(
  manager: EntityManager,
  projections: readonly Projection[],
  events: readonly StoredEvent[],
  apply: (projection: Projection, after: number) => Promise<number>,
): Promise<Map<string, number>> {
  const last = events[events.length - 1].position;
  const rows = await lockCheckpoints(manager, projections);
  const moved = new Map<string, number>();
  for (const projection of projections) {
    const row = rows.get(projection.name)!;
    if (row.failure) continue;
    moved.set(projection.name, row.position >= last ? row.position : await apply(projection, row.position));
  }
  await saveCheckpoints(manager, moved);
  return moved;
}

async function lockCheckpoints(manager: EntityManager, projections: readonly Projection[]) {
  const names = projections.map((p) => p.name);
  await manager.query(`INSERT INTO processor_checkpoints (name, position) SELECT unnest($1::text[]), 0 ON CONFLICT (name) DO NOTHING`, [names]);
  return readCheckpointRows(manager, names, true);
}

async function saveCheckpoints(manager: EntityManager, moved: Map<string, number>): Promise<void> {
  if (moved.size === 0) return;
  await manager.query(
    `UPDATE processor_checkpoints c SET position = v.position, updated_at = now()
     FROM unnest($1::text[], $2::bigint[]) AS v(name, position) WHERE c.name = v.name`,
    [[...moved.keys()], [...moved.values()]],
  );
}

export async function readCheckpoints(manager: EntityManager, projections: readonly Projection[]): Promise<Map<string, number>> {
  const rows = await readCheckpointRows(
    manager,
    projections.map((p) => p.name),
  );
  return new Map([...rows].map(([name, row]) => [name, row.position]));
}
