import type { RecordedEvent } from '../../event-store/recorded-event.js';

export interface ClusterRef {
  campaignId: string;
  clusterId: string;
}

export interface UnitInCampaign {
  campaignId: string;
  unitId: string;
}

/** What one event reaches by itself, before the read models say which clusters hold the units it names. */
export interface EventReach {
  campaignIds: string[];
  /** Rankings the event names directly: a cluster formed, a member added or removed. */
  rankings: ClusterRef[];
  /** Publications of a cluster's ranking: published or withdrawn (a screen's movement ▲▼ is measured from the last one). */
  publications: ClusterRef[];
  /** A unit's scores in a campaign: its scorecard, and the rankings of every cluster of the campaign holding it. */
  scored: UnitInCampaign[];
  /** A unit whose name or existence changed: its rows in every ranking and scorecard of every campaign that holds it. */
  units: string[];
}

const NOTHING: EventReach = { campaignIds: [], rankings: [], publications: [], scored: [], units: [] };

/**
 * Which reads a screen shows an event can change (docs/api.md "ETag and live"). Score events name
 * their campaign and unit; cluster events their cluster; a rename, merge, dissolution or retirement
 * changes the unit's rows wherever it is ranked (a successor's rows carry a merged unit's points:
 * docs/domain.md §5). Other events only name the campaign they belong to, if any.
 */
export function reachOf(event: RecordedEvent): EventReach {
  switch (event.type) {
    case 'ScoreEntryRecorded':
    case 'ScoreEntryReversed':
    case 'VetoImposed':
    case 'VetoLifted':
    case 'VetoAnnulled': {
      const { campaignId, unitId } = event.data;
      return { ...NOTHING, campaignIds: [campaignId], scored: [{ campaignId, unitId }] };
    }
    case 'ClusterFormed':
    case 'ClusterMemberAdded':
    case 'ClusterMemberRemoved': {
      const { campaignId, clusterId } = event.data;
      return { ...NOTHING, campaignIds: [campaignId], rankings: [{ campaignId, clusterId }] };
    }
    case 'RankingPublished':
    case 'PublicationWithdrawn': {
      const { campaignId, clusterId } = event.data;
      return { ...NOTHING, campaignIds: [campaignId], publications: [{ campaignId, clusterId }] };
    }
    case 'UnitRenamed':
    case 'UnitRetired':
      return { ...NOTHING, units: [event.data.unitId] };
    case 'UnitMerged':
      return { ...NOTHING, units: [event.data.unitId, event.data.successorId] };
    case 'UnitDissolved':
      return { ...NOTHING, units: event.data.successorId ? [event.data.unitId, event.data.successorId] : [event.data.unitId] };
    case 'CampaignLaunched':
    case 'PhaseAdded':
    case 'PhaseClosed':
    case 'PhaseWithdrawn':
    case 'PhaseWithdrawalProposed':
    case 'PhaseWithdrawalApproved':
    case 'PhaseWithdrawalRejected':
    case 'CampaignClosed':
    case 'PledgeSigned':
    case 'PledgeActualReported':
    case 'ChangeProposed':
    case 'ChangeApproved':
    case 'ChangeRejected':
      return { ...NOTHING, campaignIds: [event.data.campaignId] };
    case 'CommendationRecorded':
      return event.data.campaignId ? { ...NOTHING, campaignIds: [event.data.campaignId] } : NOTHING;
    default:
      return NOTHING;
  }
}
