import type { DataSource, EntityManager } from 'typeorm';
import type { EventStore, StoredEvent, Subscription } from '../../src/event-store/event-store.port.js';
import type { Projection } from './projection.js';

export type ProjectionStatus = 'starting' | 'catching-up' | 'live' | 'failing' | 'stopped';

export interface ProjectionReport {
  name: string;
  checkpoint: number;
  status: ProjectionStatus;
  lastError: string | null;
}

/**
 * Runs projections in this process: catch-up then live tail from the store's subscription. Each
 * batch is applied to every projection and their checkpoints move in ONE transaction, so a crash
 * mid-batch leaves either all of it or none of it (exactly-once effect).
 */
export class ProjectionRunner {
  private subscription: Subscription | null = null;
  private readonly checkpoints = new Map<string, number>();
  private status: ProjectionStatus = 'stopped';
  private lastError: string | null = null;
  private readonly waiters = new Set<{ position: number; resolve: () => void }>();

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    readonly projections: readonly Projection[],
    private readonly options: { batchSize?: number; onError?: (error: unknown) => void } = {},
  ) {}

  async start(): Promise<void> {
    this.status = 'starting';
    for (const [name, position] of await readCheckpoints(this.dataSource.manager, this.projections)) this.checkpoints.set(name, position);
    this.status = 'catching-up';
    this.subscription = this.store.subscribe({
      after: this.processedPosition(),
      batchSize: this.options.batchSize ?? 1000,
      handler: (events) => this.applyBatch(events),
      onError: (error) => {
        this.status = 'failing';
        this.lastError = error instanceof Error ? error.message : String(error);
        this.options.onError?.(error);
      },
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
    this.status = 'stopped';
  }

  /** The lowest checkpoint: every read model has applied the log up to here. */
  processedPosition(): number {
    return this.checkpoints.size === 0 ? 0 : Math.min(...this.checkpoints.values());
  }

  reports(): ProjectionReport[] {
    return this.projections.map((p) => ({ name: p.name, checkpoint: this.checkpoints.get(p.name) ?? 0, status: this.status, lastError: this.lastError }));
  }

  /** Resolves true once every read model has applied `position`, false after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.processedPosition() >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = { position, resolve: () => finish(true) };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (reached: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(reached);
      };
      this.waiters.add(waiter);
    });
  }

  private async applyBatch(events: StoredEvent[]): Promise<void> {
    const applied = await this.dataSource.transaction((manager) => applyToProjections(manager, this.projections, events));
    for (const [name, position] of applied) this.checkpoints.set(name, position);
    this.lastError = null;
    this.status = 'live';
    const processed = this.processedPosition();
    for (const waiter of [...this.waiters]) if (processed >= waiter.position) waiter.resolve();
  }
}

/**
 * Applies a batch to each projection past its own checkpoint (read under lock, so a rebuild's
 * switch-over or a second runner cannot make it apply an event twice), then moves the checkpoints.
 */
export async function applyToProjections(manager: EntityManager, projections: readonly Projection[], events: StoredEvent[]): Promise<Map<string, number>> {
  const last = events[events.length - 1].position;
  const names = projections.map((p) => p.name);
  await manager.query(
    `INSERT INTO projection_checkpoints (name, position) SELECT unnest($1::text[]), 0 ON CONFLICT (name) DO NOTHING`,
    [names],
  );
  const rows: { name: string; position: string | number }[] = await manager.query(
    'SELECT name, position FROM projection_checkpoints WHERE name = ANY($1::text[]) FOR UPDATE',
    [names],
  );
  const checkpoints = new Map(rows.map((row) => [row.name, Number(row.position)]));
  const moved = new Map<string, number>();
  for (const projection of projections) {
    const checkpoint = checkpoints.get(projection.name) ?? 0;
    if (checkpoint >= last) {
      moved.set(projection.name, checkpoint);
      continue;
    }
    const relevant = events.filter((e) => e.position > checkpoint && projection.handles.has(e.type));
    if (relevant.length > 0) await projection.apply(relevant, { manager, tables: projection.tables });
    moved.set(projection.name, last);
  }
  await manager.query(
    `UPDATE projection_checkpoints c SET position = v.position, updated_at = now()
     FROM unnest($1::text[], $2::bigint[]) AS v(name, position) WHERE c.name = v.name`,
    [[...moved.keys()], [...moved.values()]],
  );
  return moved;
}

export async function readCheckpoints(manager: EntityManager, projections: readonly Projection[]): Promise<Map<string, number>> {
  const rows: { name: string; position: string | number }[] = await manager.query(
    'SELECT name, position FROM projection_checkpoints WHERE name = ANY($1::text[])',
    [projections.map((p) => p.name)],
  );
  const found = new Map(rows.map((row) => [row.name, Number(row.position)]));
  return new Map(projections.map((p) => [p.name, found.get(p.name) ?? 0]));
}
