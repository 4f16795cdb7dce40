import { Injectable } from '@nestjs/common';
import { clusterDecider } from '../ledger/campaigns/cluster.decider.js';
import { commendationDecider } from '../ledger/commendations/commendation.decider.js';
import { streamIds } from '../ledger/ids.js';
import { scorecardDecider } from '../ledger/scores/scorecard.decider.js';
import { officerDecider } from '../ledger/registry/officer.decider.js';
import type { ScopeTarget } from '../ledger/accounts/roles.js';
import { campaignState, unitAncestry } from '../streams/lookups.js';
import { StreamStates } from '../streams/stream-states.js';

/**
 * Where a request acts, read from the log as it stands now, for the access guard: a unit's
 * ancestry, a campaign's organiser, an officer's unit, a commendation's recipient, the clusters holding a unit.
 */
@Injectable()
export class AccessFacts {
  constructor(private readonly streams: StreamStates) {}

  async unit(unitId: string): Promise<ScopeTarget> {
    return { kind: 'unit', unitId, ancestry: await unitAncestry(this.streams.now, unitId) };
  }

  async campaignOrganizer(campaignId: string): Promise<ScopeTarget | null> {
    const campaign = await campaignState(this.streams.now, campaignId);
    return campaign.exists ? this.unit(campaign.organizerUnitId) : null;
  }

  async recipient(recipient: { kind?: unknown; id?: unknown }): Promise<ScopeTarget | null> {
    if (typeof recipient.id !== 'string') return null;
    if (recipient.kind === 'collective') return this.unit(recipient.id);
    if (recipient.kind !== 'individual') return null;
    return this.officer(recipient.id);
  }

  /** The unit the officer serves in now (latest posting); null when there is no such officer. */
  async officer(officerId: string): Promise<ScopeTarget | null> {
    const officer = (await this.streams.load(officerDecider, streamIds.officer(officerId))).state;
    return officer.exists ? this.unit(officer.unitId) : null;
  }

  async commendationRecipient(commendationId: string): Promise<ScopeTarget | null> {
    const state = (await this.streams.load(commendationDecider, streamIds.commendation(commendationId))).state;
    return state.exists ? this.recipient(state.decision.recipient) : null;
  }

  /** The source of a score entry (null when there is no such entry). */
  async entrySource(campaignId: string, unitId: string, entryId: string): Promise<string | null> {
    const { state } = await this.streams.load(scorecardDecider, streamIds.scorecard(campaignId, unitId));
    return state.entries.get(entryId)?.source ?? null;
  }

  /** The unit in the campaign, and which of the given clusters (`<campaignId>/<clusterId>`) of that campaign hold it. */
  async clusterMember(campaignId: string, unitId: string, clusterScopes: string[]): Promise<ScopeTarget> {
    const clusterIds: string[] = [];
    for (const scope of clusterScopes) {
      const [scopeCampaign, clusterId] = scope.split('/');
      if (scopeCampaign !== campaignId || clusterId === undefined) continue;
      const cluster = (await this.streams.load(clusterDecider, streamIds.cluster(campaignId, clusterId))).state;
      if (cluster.exists && cluster.memberUnitIds.includes(unitId)) clusterIds.push(clusterId);
    }
    return { kind: 'cluster-member', campaignId, unitId, ancestry: await unitAncestry(this.streams.now, unitId), clusterIds };
  }
}
