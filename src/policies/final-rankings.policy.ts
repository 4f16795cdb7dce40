import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RankingPublisher } from '../commands/campaigns/ranking-publisher.js';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../event-store/event-store.port.js';
import { decodeEvent } from '../event-store/recorded-event.js';
import { checkpointName, ProcessorCheckpoint } from '../processing/checkpoints.js';
import { LogProcessor } from '../processing/log-processor.js';
import { ReadPositions, READS } from '../queries/shared/read-position.service.js';
import { describeError } from '../safe-error.js';

/** What publishes final rankings: closing a phase or the campaign. */
const CLOSINGS: ReadonlySet<string> = new Set(['PhaseClosed', 'CampaignClosed']);

/**
 * The checkpoint is written when the policy published something, else at most every this many
 * events: a write per batch cost the embedded store a transaction per append. After a crash it
 * re-reads at most this many events, and its publications are idempotent.
 */
const CHECKPOINT_EVERY = 1000;

/**
 * Closing a phase or the campaign publishes each cluster's final ranking. A LogProcessor (at least
 * once: its checkpoint moves after the publications) whose publications carry deterministic
 * idempotency keys (so exactly one each): a crash between the close and its publications loses nothing.
 */
@Injectable()
export class FinalRankingsPolicy implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FinalRankings');
  private readonly checkpoint: ProcessorCheckpoint;
  private readonly processor: LogProcessor;
  private savedCheckpoint = 0;

  constructor(
    private readonly publisher: RankingPublisher,
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) store: EventStore,
    private readonly positions: ReadPositions,
  ) {
    this.checkpoint = new ProcessorCheckpoint(dataSource, checkpointName('policy', 'final-rankings'), 'policy');
    this.processor = new LogProcessor(store, {
      handle: (events) => this.handle(events),
      logger: this.logger,
      // Once per streak of failures (a failed read model can keep it waiting for long), never the error object (SQL parameters).
      messages: {
        failing: (error) => `will retry with back-off (up to 1 s) until it succeeds: ${describeError(error)}`,
        recovered: (_streak, position) => `publishing again, at position ${position}`,
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // Also with PROJECTIONS=off: the rankings it publishes come from the read models, kept then by
    // Kafka workers; it waits for them (ReadPositions) and retries while they are behind.
    this.savedCheckpoint = await this.checkpoint.load();
    this.processor.start(this.savedCheckpoint);
  }

  /** The log position this policy has handled (its stored checkpoint may lag it: see CHECKPOINT_EVERY). */
  processedPosition(): number {
    return this.processor.processedPosition();
  }

  /** Resolves true once the policy has handled `position`, false after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    return this.processor.waitFor(position, timeoutMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.processor.stop();
  }

  private async handle(events: StoredEvent[]): Promise<void> {
    let published = false;
    for (const event of events.filter((e) => CLOSINGS.has(e.type)).map(decodeEvent)) {
      if (event.type !== 'PhaseClosed' && event.type !== 'CampaignClosed') continue;
      const { campaignId } = event.data;
      const phaseId = event.type === 'PhaseClosed' ? event.data.phaseId : null;
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
    if (!published && last - this.savedCheckpoint < CHECKPOINT_EVERY) return;
    await this.checkpoint.save(last);
    this.savedCheckpoint = last;
  }
}
