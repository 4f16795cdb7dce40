import type { PublishedRow } from '../events.js';

/** A cluster's ranking as the log stands at a position, once the read models have applied it. */
export interface RankingSource {
  rankingAt(campaignId: string, clusterId: string, phaseId: string | null, position: number): Promise<PublishedRow[]>;
}

export const RANKING_SOURCE = Symbol('RankingSource');
