import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { clusterDecider } from '../../ledger/campaigns/cluster.decider.js';
import { NotFoundError, unknownReference } from '../../ledger/errors.js';
import { streamIds } from '../../ledger/ids.js';
import { formatPoints, parsePoints } from '../../ledger/points.js';
import { ScoreReads } from '../../queries/scores/score-reads.service.js';
import { ReadPositions, READS } from '../../queries/shared/read-position.service.js';
import { LedgerWriter } from '../shared/ledger-writer.js';
import { Lookups } from '../shared/lookups.js';
import type { WriteRequest, WriteResult } from '../shared/write-request.js';

export interface Publication {
  campaignId: string;
  clusterId: string;
  publicationId: string;
  period: string;
  phaseId: string | null;
  final: boolean;
  /** The log position to publish the ranking as of; default: the head of the log now. */
  at?: number;
}

/** Records a cluster's ranking as it stands at a log position, as an event on the cluster's stream. */
@Injectable()
export class RankingPublisher {
  constructor(
    private readonly writer: LedgerWriter,
    private readonly lookups: Lookups,
    private readonly reads: ScoreReads,
    private readonly positions: ReadPositions,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async publish(publication: Publication, request: WriteRequest): Promise<WriteResult> {
    const { campaignId, clusterId, publicationId, period, phaseId, final } = publication;
    const campaign = await this.lookups.campaign(campaignId);
    if (!campaign.exists) throw new NotFoundError('campaign', campaignId);
    if (phaseId !== null && !campaign.phases.has(phaseId)) throw unknownReference('phase', phaseId, 'phaseId');
    const position = publication.at ?? (await this.store.headPosition());
    await this.positions.reach(position, READS.scores);
    const ranking = await this.reads.ranking(campaignId, clusterId, phaseId, position);
    const points = (value: number) => formatPoints(parsePoints(value));
    const rows = ranking.map((r) => ({
      rank: r.rank,
      unitId: r.unitId,
      total: points(r.total),
      bonus: points(r.bonus),
      penalty: points(r.penalty),
      vetoed: r.vetoed,
    }));
    return this.writer.execute(
      {
        streamId: streamIds.cluster(campaignId, clusterId),
        decider: clusterDecider,
        command: { type: 'PublishRanking', campaignId, clusterId, publicationId, period, phaseId, position, rows, final },
        context: async () => ({ campaign, unknownUnitIds: new Set<string>() }),
        answer: { publicationId, reflectsPosition: position },
      },
      request,
    );
  }
}
