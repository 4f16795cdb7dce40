import type { ParsedScale } from '../../src/ledger/campaigns/campaign.decider.js';

/**
 * What the score and publication reads ask of the campaigns and registry read models: a campaign's
 * scale, and a 404 (NotFoundError) for what they do not hold. An abstract class, so that it is also
 * the injection token: the read side provides its ReadModelLookups (src/queries/shared) under it.
 */
export abstract class ReadLookups {
  abstract campaignScale(campaignId: string): Promise<ParsedScale>;
  abstract requireUnit(unitId: string): Promise<void>;
  abstract requirePhase(campaignId: string, phaseId: string): Promise<void>;
  /** The cluster as formed at or before `position` (any time when omitted). */
  abstract requireCluster(campaignId: string, clusterId: string, position?: number): Promise<void>;
}
