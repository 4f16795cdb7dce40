import type { PublishedRow } from '../events.js';

/**
 * A cluster's ranking as the log stands at a position, once the read models have applied it. With a
 * `period` that is a month (YYYY-MM), cumulatively through that month (scores/periods.ts).
 */
export interface RankingSource {
  rankingAt(campaignId: string, clusterId: string, phaseId: string | null, position: number, period?: string | null): Promise<PublishedRow[]>;
}

export const RANKING_SOURCE = Symbol('RankingSource');
