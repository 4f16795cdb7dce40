import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { clusterDecider } from '../../ledger/campaigns/cluster.decider.js';
import { RANKING_SOURCE, type RankingSource } from '../../ledger/campaigns/ranking-source.port.js';
import { NotFoundError, unknownReference } from '../../ledger/errors.js';
import { streamIds } from '../../ledger/ids.js';
import { campaignState } from '../../streams/lookups.js';
import { StreamStates } from '../../streams/stream-states.js';
import type { WriteRequest, WriteResult } from '../../streams/write-request.js';
import { LedgerWriter } from '../shared/ledger-writer.js';

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
    private readonly streams: StreamStates,
    @Inject(RANKING_SOURCE) private readonly rankings: RankingSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async publish(publication: Publication, request: WriteRequest): Promise<WriteResult> {
    const { campaignId, clusterId, publicationId, period, phaseId, final } = publication;
    // Refused before the read models are waited for: an unknown campaign or phase has no ranking to wait for.
    const campaign = await campaignState(this.streams.now, campaignId);
    if (!campaign.exists) throw new NotFoundError('campaign', campaignId);
    if (phaseId !== null && !campaign.phases.has(phaseId)) throw unknownReference('phase', phaseId, 'phaseId');
    const position = publication.at ?? (await this.store.headPosition());
    // A publication for a month ranks the entries of the months through it (docs/domain.md, "Two clocks").
    const rows = await this.rankings.rankingAt(campaignId, clusterId, phaseId, position, period);
    return this.writer.execute(
      {
        streamId: streamIds.cluster(campaignId, clusterId),
        decider: clusterDecider,
        command: { type: 'PublishRanking', campaignId, clusterId, publicationId, period, phaseId, position, rows, final },
        context: async (_, reader) => ({ campaign: await campaignState(reader, campaignId), unknownUnitIds: new Set<string>() }),
        answer: { publicationId, reflectsPosition: position },
      },
      request,
    );
  }
}
