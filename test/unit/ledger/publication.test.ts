import { describe, it } from '@jest/globals';
import { clusterDecider, type ClusterCommand, type ClusterContext } from '../../../src/ledger/campaigns/cluster.decider.js';
import type { ClusterEvent } from '../../../src/ledger/events.js';
import { spec } from './given.js';
import { CAMPAIGN_ID, campaignState, PHASE_OPEN, standardCampaignEvents, UNITS } from './fixtures.js';

const given = spec(clusterDecider);
const CLUSTER = 'cum-2';
const ctx = (campaign = campaignState(...standardCampaignEvents)): ClusterContext => ({ campaign, unknownUnitIds: new Set() });
const formed: ClusterEvent = {
  type: 'ClusterFormed',
  data: {
    campaignId: CAMPAIGN_ID,
    clusterId: CLUSTER,
    name: 'Cụm thi đua số 2',
    kind: 'cluster',
    headUnitId: UNITS.haiPhong,
    deputyUnitId: null,
    memberUnitIds: [UNITS.haiPhong, UNITS.quangNinh],
  },
};
const rows = [
  { rank: 1, unitId: UNITS.haiPhong, total: '912.5', bonus: '10', penalty: '0', vetoed: false },
  { rank: 2, unitId: UNITS.quangNinh, total: '880', bonus: '0', penalty: '5', vetoed: true },
];
const publish = (overrides: Partial<Extract<ClusterCommand, { type: 'PublishRanking' }>> = {}): Extract<ClusterCommand, { type: 'PublishRanking' }> => ({
  type: 'PublishRanking',
  campaignId: CAMPAIGN_ID,
  clusterId: CLUSTER,
  publicationId: 'thang-06',
  period: '2026-06',
  phaseId: null,
  position: 120,
  rows,
  final: false,
  ...overrides,
});
const published = (command = publish()): ClusterEvent => {
  const { type: _type, ...data } = command;
  return { type: 'RankingPublished', data };
};

describe('clusterDecider: publishing a ranking (docs/domain.md §2: a published ranking is a fact of its own)', () => {
  it('records the rows and the log position they reflect', () => {
    given([formed], ctx()).when(publish()).then([published()]);
  });

  it('publishes on a closed campaign too (the final ranking is published at closing)', () => {
    const closed = campaignState(...standardCampaignEvents, { type: 'CampaignClosed', data: { campaignId: CAMPAIGN_ID } });
    given([formed], ctx(closed))
      .when(publish({ publicationId: 'final-campaign', final: true }))
      .then([published(publish({ publicationId: 'final-campaign', final: true }))]);
  });

  it('publishes for a phase', () => {
    given([formed], ctx())
      .when(publish({ phaseId: PHASE_OPEN }))
      .then([published(publish({ phaseId: PHASE_OPEN }))]);
  });

  it('refuses a reused publication id, an unknown phase, an unknown cluster or campaign', () => {
    given([formed, published()], ctx()).when(publish()).thenRefuses('already-exists');
    given([formed], ctx())
      .when(publish({ phaseId: 'dot-khong-co' }))
      .thenRefuses('phase-not-found', 'phaseId');
    given([], ctx()).when(publish()).thenRefuses('cluster-not-found');
    given([formed], ctx(campaignState())).when(publish()).thenRefuses('campaign-not-found');
  });
});
