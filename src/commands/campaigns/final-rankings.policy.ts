import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore, type StoredEvent, type Subscription } from '../../event-store/event-store.port.js';
import type { CampaignClosed, PhaseClosed } from '../../ledger/events.js';
import { ReadPositions, READS } from '../../queries/shared/read-position.service.js';
import { describeError } from '../../safe-error.js';
import { RankingPublisher } from './ranking-publisher.js';

const CHECKPOINT = 'policy:final-rankings';
/**
 * The checkpoint is written when the policy published something, else at most every this many
 * events: a write per batch cost the embedded store a transaction per append. After a crash it
 * re-reads at most this many events, and its publications are idempotent.
 */
const CHECKPOINT_EVERY = 1000;

/**
 * Closing a phase or the campaign publishes each cluster's final ranking. A checkpointed
 * subscription of the log (at least once) whose publications carry deterministic idempotency keys
 * (so exactly one each): a crash between the close and its publications loses nothing.
 */
@Injectable()
export class FinalRankingsPolicy implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: Subscription | null = null;
  private savedCheckpoint = 0;
  private processed = 0;
  private readonly logger = new Logger('FinalRankings');
  private failing = false;

  constructor(
    private readonly publisher: RankingPublisher,
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly positions: ReadPositions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Also with PROJECTIONS=off: the rankings it publishes come from the read models, kept then by
    // Kafka workers; it waits for them (ReadPositions) and retries while they are behind.
    await this.dataSource.query('INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING', [CHECKPOINT]);
    const [{ position }] = await this.dataSource.query('SELECT position FROM projection_checkpoints WHERE name = $1', [CHECKPOINT]);
    this.savedCheckpoint = Number(position);
    this.processed = this.savedCheckpoint;
    this.subscription = this.store.subscribe({
      after: Number(position),
      handler: (events) => this.handle(events),
      // Once per streak of failures (a failed read model can keep it waiting for long), never the error object (SQL parameters).
      onError: (error) => {
        if (this.failing) return;
        this.failing = true;
        this.logger.warn(`will retry with back-off (up to 1 s) until it succeeds: ${describeError(error)}`);
      },
    });
  }

  /** The log position this policy has handled (its stored checkpoint may lag it: see CHECKPOINT_EVERY). */
  processedPosition(): number {
    return this.processed;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  private async handle(events: StoredEvent[]): Promise<void> {
    let published = false;
    for (const event of events) {
      if (event.type !== 'PhaseClosed' && event.type !== 'CampaignClosed') continue;
      const { campaignId } = event.data as unknown as CampaignClosed['data'];
      const phaseId = event.type === 'PhaseClosed' ? (event.data as unknown as PhaseClosed['data']).phaseId : null;
      await this.positions.reach(event.position, READS.scores);
      const clusters: { cluster_id: string }[] = await this.dataSource.query(
        'SELECT cluster_id FROM rm_clusters WHERE campaign_id = $1 AND position <= $2 ORDER BY cluster_id',
        [campaignId, event.position],
      );
      published ||= clusters.length > 0;
      for (const { cluster_id: clusterId } of clusters) {
        const scope = phaseId ?? 'campaign';
        await this.publisher.publish(
          { campaignId, clusterId, publicationId: `final-${scope}`, period: phaseId ? `phase:${phaseId}` : 'final', phaseId, final: true, at: event.position },
          {
            actor: 'system:final-rankings',
            idempotencyKey: `final-ranking:${campaignId}:${clusterId}:${scope}`,
            fingerprint: 'final-ranking',
            ifMatch: null,
            correlationId: event.metadata.correlationId,
          },
        );
      }
    }
    const last = events[events.length - 1].position;
    this.processed = last;
    if (this.failing) this.logger.log(`publishing again, at position ${last}`);
    this.failing = false;
    if (!published && last - this.savedCheckpoint < CHECKPOINT_EVERY) return;
    await this.dataSource.query('UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1', [CHECKPOINT, last]);
    this.savedCheckpoint = last;
  }
}
