import type { Decider } from '../decider.js';
import { AlreadyExistsError, DomainRuleError, NotFoundError, unknownReference } from '../errors.js';
import type { ClusterEvent, ClusterKind, PublishedRow } from '../events.js';
import { requireBusinessDates } from '../limits.js';
import { requireOpenCampaign, type CampaignState } from './campaign.decider.js';

export type ClusterState =
  | { exists: false }
  | {
      exists: true;
      campaignId: string;
      clusterId: string;
      name: string;
      kind: ClusterKind;
      headUnitId: string;
      deputyUnitId: string | null;
      memberUnitIds: string[];
      /** Each current member's effective start (business date); null: named at formation, so from the campaign's start. */
      memberSince: Map<string, string | null>;
      /** Each unit removed, with the effective date of its last removal: a return takes effect on it or later. */
      leftOn: Map<string, string>;
      publicationIds: string[];
      /** Publications withdrawn (PublicationWithdrawn), each with what superseded it, if anything. */
      withdrawnPublications: Map<string, { supersededBy: string | null }>;
    };

export type ClusterCommand =
  | {
      type: 'FormCluster';
      campaignId: string;
      clusterId: string;
      name: string;
      kind: ClusterKind;
      headUnitId: string;
      deputyUnitId: string | null;
      memberUnitIds: string[];
    }
  /**
   * `effectiveOn`: the business date the change takes effect (null: `today`, the day it is recorded
   * in Vietnam time, UTC+7, given by the write side: the decider has no clock).
   */
  | { type: 'AddClusterMember'; campaignId: string; clusterId: string; unitId: string; effectiveOn: string | null; today: string }
  | { type: 'RemoveClusterMember'; campaignId: string; clusterId: string; unitId: string; effectiveOn: string | null; today: string }
  | {
      type: 'PublishRanking';
      campaignId: string;
      clusterId: string;
      publicationId: string;
      period: string;
      phaseId: string | null;
      position: number;
      rows: PublishedRow[];
      final: boolean;
    }
  | { type: 'WithdrawPublication'; campaignId: string; clusterId: string; publicationId: string; reason: string; supersededBy: string | null };

export interface ClusterContext {
  campaign: CampaignState;
  /** The unit ids named by the command that are not registered. */
  unknownUnitIds: ReadonlySet<string>;
}

export const clusterDecider: Decider<ClusterState, ClusterCommand, ClusterEvent, ClusterContext> = {
  initialState: () => ({ exists: false }),

  decide(command, state, { campaign, unknownUnitIds }): ClusterEvent[] {
    const { campaignId, clusterId } = command;
    if (command.type === 'PublishRanking') {
      // Final rankings are published when a phase or the campaign closes: a closed campaign publishes.
      if (!campaign.exists) throw new NotFoundError('campaign', campaignId);
      const cluster = requireCluster(state, clusterId);
      if (cluster.publicationIds.includes(command.publicationId)) throw new AlreadyExistsError('publication', command.publicationId);
      if (command.phaseId !== null && !campaign.phases.has(command.phaseId)) throw unknownReference('phase', command.phaseId, 'phaseId');
      const { type: _type, ...data } = command;
      return [{ type: 'RankingPublished', data }];
    }
    if (command.type === 'WithdrawPublication') {
      // A publication of a closed campaign may be withdrawn too: the final rankings are published after the close.
      if (!campaign.exists) throw new NotFoundError('campaign', campaignId);
      const cluster = requireCluster(state, clusterId);
      const { publicationId, supersededBy, reason } = command;
      if (!cluster.publicationIds.includes(publicationId)) throw new NotFoundError('publication', publicationId);
      if (cluster.withdrawnPublications.has(publicationId))
        throw new DomainRuleError('publication-withdrawn', `publication '${publicationId}' is already withdrawn`);
      if (reason.trim() === '') throw new DomainRuleError('reason-required', 'a withdrawal states its reason', 'reason');
      if (supersededBy !== null) {
        if (supersededBy === publicationId) throw new DomainRuleError('supersedes-itself', 'a publication cannot supersede itself', 'supersededBy');
        if (!cluster.publicationIds.includes(supersededBy)) throw unknownReference('publication', supersededBy, 'supersededBy');
        if (cluster.withdrawnPublications.has(supersededBy))
          throw new DomainRuleError('publication-withdrawn', `publication '${supersededBy}' is withdrawn: it cannot supersede another`, 'supersededBy');
      }
      return [{ type: 'PublicationWithdrawn', data: { campaignId, clusterId, publicationId, reason, supersededBy } }];
    }
    const open = requireOpenCampaign(campaign, command.campaignId);
    switch (command.type) {
      case 'FormCluster': {
        if (state.exists) throw new AlreadyExistsError('cluster', clusterId);
        const { memberUnitIds, headUnitId, deputyUnitId } = command;
        memberUnitIds.forEach((unitId, i) => {
          if (unknownUnitIds.has(unitId)) throw unknownReference('unit', unitId, `memberUnitIds[${i}]`);
          if (memberUnitIds.indexOf(unitId) !== i) throw new DomainRuleError('duplicate-member', `'${unitId}' is listed twice`, `memberUnitIds[${i}]`);
        });
        if (!memberUnitIds.includes(headUnitId))
          throw new DomainRuleError('head-not-member', `the head unit '${headUnitId}' must be one of memberUnitIds`, 'headUnitId');
        if (deputyUnitId !== null) {
          if (!memberUnitIds.includes(deputyUnitId))
            throw new DomainRuleError('deputy-not-member', `the deputy unit '${deputyUnitId}' must be one of memberUnitIds`, 'deputyUnitId');
          if (deputyUnitId === headUnitId) throw new DomainRuleError('deputy-is-head', 'the deputy must differ from the head', 'deputyUnitId');
        }
        return [{ type: 'ClusterFormed', data: { campaignId, clusterId, name: command.name, kind: command.kind, headUnitId, deputyUnitId, memberUnitIds } }];
      }
      case 'AddClusterMember': {
        const cluster = requireCluster(state, clusterId);
        if (unknownUnitIds.has(command.unitId)) throw unknownReference('unit', command.unitId, 'unitId');
        if (cluster.memberUnitIds.includes(command.unitId)) throw new DomainRuleError('already-member', `'${command.unitId}' is already a member`, 'unitId');
        const effectiveOn = membershipEffectiveOn(command, open);
        const left = cluster.leftOn.get(command.unitId);
        if (left !== undefined && effectiveOn < left) {
          throw new DomainRuleError(
            'effective-before-left',
            `'${command.unitId}' left the cluster with effect from ${left}: it can return on that day or later`,
            'effectiveOn',
          );
        }
        return [{ type: 'ClusterMemberAdded', data: { campaignId, clusterId, unitId: command.unitId, effectiveOn } }];
      }
      case 'RemoveClusterMember': {
        const cluster = requireCluster(state, clusterId);
        if (!cluster.memberUnitIds.includes(command.unitId)) throw new NotFoundError('member', command.unitId);
        if (command.unitId === cluster.headUnitId || command.unitId === cluster.deputyUnitId) {
          throw new DomainRuleError('cannot-remove-head', `'${command.unitId}' heads or deputises the cluster; hand over the role first`, 'unitId');
        }
        const effectiveOn = membershipEffectiveOn(command, open);
        const since = cluster.memberSince.get(command.unitId) ?? open.startsOn;
        if (effectiveOn < since) {
          throw new DomainRuleError(
            'effective-before-joined',
            `'${command.unitId}' is a member with effect from ${since}: it can leave on that day or later`,
            'effectiveOn',
          );
        }
        return [{ type: 'ClusterMemberRemoved', data: { campaignId, clusterId, unitId: command.unitId, effectiveOn } }];
      }
    }
  },

  evolve(state, event): ClusterState {
    switch (event.type) {
      case 'ClusterFormed':
        return {
          exists: true,
          ...event.data,
          memberUnitIds: [...event.data.memberUnitIds],
          memberSince: new Map(event.data.memberUnitIds.map((id) => [id, null])),
          leftOn: new Map(),
          publicationIds: [],
          withdrawnPublications: new Map(),
        };
      case 'RankingPublished':
        return state.exists ? { ...state, publicationIds: [...state.publicationIds, event.data.publicationId] } : state;
      case 'PublicationWithdrawn':
        return state.exists
          ? {
              ...state,
              withdrawnPublications: new Map(state.withdrawnPublications).set(event.data.publicationId, { supersededBy: event.data.supersededBy }),
            }
          : state;
      case 'ClusterMemberAdded':
        return state.exists
          ? {
              ...state,
              memberUnitIds: [...state.memberUnitIds, event.data.unitId],
              memberSince: new Map(state.memberSince).set(event.data.unitId, event.data.effectiveOn),
            }
          : state;
      case 'ClusterMemberRemoved': {
        if (!state.exists) return state;
        const memberSince = new Map(state.memberSince);
        memberSince.delete(event.data.unitId);
        return {
          ...state,
          memberUnitIds: state.memberUnitIds.filter((id) => id !== event.data.unitId),
          memberSince,
          leftOn: new Map(state.leftOn).set(event.data.unitId, event.data.effectiveOn),
        };
      }
    }
  },
};

/**
 * The business date a membership change takes effect on: the one given (a date within the
 * campaign's dates), else the day it is recorded (`today`, Vietnam time), as given.
 */
function membershipEffectiveOn(command: { effectiveOn: string | null; today: string }, campaign: Extract<CampaignState, { exists: true }>): string {
  const { effectiveOn } = command;
  if (effectiveOn === null) return command.today;
  requireBusinessDates({ effectiveOn });
  if (effectiveOn < campaign.startsOn || effectiveOn > campaign.endsOn) {
    throw new DomainRuleError(
      'effective-outside-campaign',
      `effectiveOn ${effectiveOn} is outside the campaign's dates (${campaign.startsOn} to ${campaign.endsOn})`,
      'effectiveOn',
    );
  }
  return effectiveOn;
}

function requireCluster(state: ClusterState, clusterId: string): Extract<ClusterState, { exists: true }> {
  if (!state.exists) throw new NotFoundError('cluster', clusterId);
  return state;
}
