import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LEDGER_CONFIG, type LedgerConfig } from '../../config.js';
import { EVENT_STORE, type EventStore, type StoredEvent, type Subscription } from '../../event-store/event-store.port.js';
import type { CampaignClosed, PhaseClosed } from '../../ledger/events.js';
import { RankingPublisher } from './ranking-publisher.js';

const CHECKPOINT = 'policy:final-rankings';

/**
 * Closing a phase or the campaign publishes each cluster's final ranking. A checkpointed
 * subscription of the log (at least once) whose publications carry deterministic idempotency keys
 * (so exactly one each): a crash between the close and its publications loses nothing.
 */
@Injectable()
export class FinalRankingsPolicy implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: Subscription | null = null;
  private readonly logger = new Logger('FinalRankings');

  constructor(
    private readonly publisher: RankingPublisher,
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.projections) return;
    await this.dataSource.query('INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING', [CHECKPOINT]);
    const [{ position }] = await this.dataSource.query('SELECT position FROM projection_checkpoints WHERE name = $1', [CHECKPOINT]);
    this.subscription = this.store.subscribe({
      after: Number(position),
      handler: (events) => this.handle(events),
      onError: (error) => this.logger.warn(`will retry: ${error instanceof Error ? error.message : String(error)}`),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  private async handle(events: StoredEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type !== 'PhaseClosed' && event.type !== 'CampaignClosed') continue;
      const { campaignId } = event.data as unknown as CampaignClosed['data'];
      const phaseId = event.type === 'PhaseClosed' ? (event.data as unknown as PhaseClosed['data']).phaseId : null;
      const clusters: { cluster_id: string }[] = await this.dataSource.query(
        'SELECT cluster_id FROM rm_clusters WHERE campaign_id = $1 AND position <= $2 ORDER BY cluster_id',
        [campaignId, event.position],
      );
      for (const { cluster_id: clusterId } of clusters) {
        const scope = phaseId ?? 'campaign';
        await this.publisher.publish(
          { campaignId, clusterId, publicationId: `final-${scope}`, period: phaseId ? `phase:${phaseId}` : 'final', phaseId, final: true, at: event.position },
          { actor: 'system:final-rankings', idempotencyKey: `final-ranking:${campaignId}:${clusterId}:${scope}`, fingerprint: 'final-ranking', ifMatch: null, correlationId: event.metadata.correlationId },
        );
      }
    }
    await this.dataSource.query('UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1', [CHECKPOINT, events[events.length - 1].position]);
  }
}
