import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { projections } from '../../../projections/index.js';
import { readCheckpointRows } from '../../../projections/runner/failure.js';
import { ProjectionRunner } from '../../../projections/runner/projection-runner.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../../config.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { LruCache } from '../../lru-cache.js';
import { ReadModelBehindError, ReadModelFailedError } from '../../read-side-errors.js';
import { parseAsOf } from './as-of.js';

/** How long a read waits for the read models to reach a position before answering 503. */
export const READ_WAIT_MS = 5000;

/**
 * The projections each kind of read depends on: a read waits for those only, so a failed
 * projection stops the reads of its own tables, not the others'.
 */
export const READS = {
  registry: ['registry'],
  /** Campaigns, phases, clusters, pledges, publications: named from the registry. */
  campaigns: ['registry', 'campaigns'],
  scores: ['registry', 'campaigns', 'scores'],
  proposals: ['scores'],
  commendations: ['registry', 'commendations'],
  all: projections.map((p) => p.name),
} as const satisfies Record<string, readonly string[]>;

/** Where reads stand in the log: read-your-writes (`minPosition`) and as-of positions (`asOf`). */
@Injectable()
export class ReadPositions {
  private readonly recordedAtByPosition = new LruCache<number, string>(4096);

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  /** The position the read models `uses` (default: all) have applied. */
  async processed(uses: readonly string[] = READS.all): Promise<number> {
    if (this.config.projections) return this.runner.processedPosition(uses);
    const rows = await readCheckpointRows(this.dataSource.manager, uses);
    return Math.min(...[...rows.values()].map((r) => r.position));
  }

  /**
   * Waits until the read models `uses` have applied `position` (up to 5 s), else 503 with
   * Retry-After; at once 503 read-model-failed when one of them is failed before it.
   */
  async reach(position: number, uses: readonly string[] = READS.all): Promise<void> {
    if (position <= 0) return;
    if (this.config.projections) {
      if (await this.runner.waitFor(position, READ_WAIT_MS, uses)) return;
      const [failed] = this.runner.failed(uses).filter((f) => f.checkpoint < position);
      if (failed) throw new ReadModelFailedError(failed.name, failed.failure.position, position);
    } else {
      for (const deadline = Date.now() + READ_WAIT_MS; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
        const rows = await readCheckpointRows(this.dataSource.manager, uses);
        if (Math.min(...[...rows.values()].map((r) => r.position)) >= position) return;
        const failed = [...rows].find(([, row]) => row.failure !== null && row.position < position);
        if (failed) throw new ReadModelFailedError(failed[0], failed[1].failure!.position, position);
      }
    }
    throw new ReadModelBehindError(position, await this.processed(uses));
  }

  /**
   * The position a read is served at: `asOf` (a global position, or an ISO timestamp meaning the
   * log as recorded up to then), else everything the read models have applied.
   */
  async resolve(
    asOf: string | undefined,
    minPosition: number | undefined,
    uses: readonly string[] = READS.all,
  ): Promise<{ position: number; recordedAt: string | null }> {
    if (minPosition !== undefined) await this.reach(minPosition, uses);
    let position: number;
    if (asOf === undefined) {
      position = await this.processed(uses);
    } else {
      const asked = parseAsOf(asOf);
      if ('position' in asked) {
        position = asked.position;
        await this.reach(Math.min(position, await this.store.headPosition()), uses);
      } else {
        position = await this.store.positionAt(asked.at);
        await this.reach(position, uses);
      }
    }
    return { position, recordedAt: await this.recordedAt(position) };
  }

  private async recordedAt(position: number): Promise<string | null> {
    if (position === 0) return null;
    const known = this.recordedAtByPosition.get(position);
    if (known !== undefined) return known;
    const [event] = await this.store.readAll({ after: position - 1, limit: 1 });
    if (!event || event.position !== position) return null;
    const recordedAt = event.recordedAt.toISOString();
    this.recordedAtByPosition.set(position, recordedAt); // an event's time never changes
    return recordedAt;
  }
}
