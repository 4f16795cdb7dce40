import { describe, expect, it } from '@jest/globals';
import { clusterDecider, type ClusterCommand, type ClusterContext } from '../../../src/ledger/campaigns/cluster.decider.js';
import { fold } from '../../../src/ledger/decider.js';
import { NotFoundError } from '../../../src/ledger/errors.js';
import type { ClusterEvent } from '../../../src/ledger/events.js';
import { spec } from './given.js';
import { CAMPAIGN_ID, campaignState, standardCampaignEvents, thrownBy, UNITS } from './fixtures.js';

const given = spec(clusterDecider);
const CLUSTER = 'cum-2';
const openCampaign = campaignState(...standardCampaignEvents);
const ctx = (unknown: string[] = [], campaign = openCampaign): ClusterContext => ({ campaign, unknownUnitIds: new Set(unknown) });

const members = [UNITS.haiPhong, UNITS.quangNinh, UNITS.haiDuong, UNITS.thaiBinh, UNITS.namDinh];

const form = (overrides: Partial<Extract<ClusterCommand, { type: 'FormCluster' }>> = {}): ClusterCommand => ({
  type: 'FormCluster',
  campaignId: CAMPAIGN_ID,
  clusterId: CLUSTER,
  name: 'Cụm thi đua số 2 - Công an các tỉnh, thành phố vùng duyên hải Bắc Bộ',
  kind: 'cluster',
  headUnitId: UNITS.haiPhong,
  deputyUnitId: UNITS.quangNinh,
  memberUnitIds: [...members],
  ...overrides,
});

const formed: ClusterEvent = {
  type: 'ClusterFormed',
  data: {
    campaignId: CAMPAIGN_ID,
    clusterId: CLUSTER,
    name: 'Cụm thi đua số 2 - Công an các tỉnh, thành phố vùng duyên hải Bắc Bộ',
    kind: 'cluster',
    headUnitId: UNITS.haiPhong,
    deputyUnitId: UNITS.quangNinh,
    memberUnitIds: [...members],
  },
};

/** The day the write side gives as today (Vietnam), within the campaign's dates (2026). */
const TODAY = '2026-05-10';
const add = (unitId: string, effectiveOn: string | null = null): ClusterCommand => ({
  type: 'AddClusterMember',
  campaignId: CAMPAIGN_ID,
  clusterId: CLUSTER,
  unitId,
  effectiveOn,
  today: TODAY,
});
const remove = (unitId: string, effectiveOn: string | null = null): ClusterCommand => ({
  type: 'RemoveClusterMember',
  campaignId: CAMPAIGN_ID,
  clusterId: CLUSTER,
  unitId,
  effectiveOn,
  today: TODAY,
});
const closedCampaign = campaignState(...standardCampaignEvents, { type: 'CampaignClosed', data: { campaignId: CAMPAIGN_ID } });

describe('clusterDecider: FormCluster', () => {
  it('forms a cluster with a head, a deputy and its members', () => {
    given([], ctx()).when(form()).then([formed]);
  });

  it('forms a block without a deputy', () => {
    given([], ctx())
      .when(form({ clusterId: 'khoi-an-ninh', kind: 'block', name: 'Khối các đơn vị An ninh', deputyUnitId: null }))
      .then([
        { type: 'ClusterFormed', data: { ...formed.data, clusterId: 'khoi-an-ninh', kind: 'block', name: 'Khối các đơn vị An ninh', deputyUnitId: null } },
      ]);
  });

  it('refuses when the campaign does not exist (404) or is closed', () => {
    given([], ctx([], campaignState())).when(form()).thenRefuses('campaign-not-found');
    expect(thrownBy(() => clusterDecider.decide(form(), clusterDecider.initialState(), ctx([], campaignState())))).toBeInstanceOf(NotFoundError);
    given([], ctx([], closedCampaign)).when(form()).thenRefuses('campaign-closed');
  });

  it('refuses a cluster id already formed', () => {
    given([formed], ctx()).when(form()).thenRefuses('already-exists');
  });

  it('refuses an unregistered member, naming its index', () => {
    given([], ctx([UNITS.thaiBinh]))
      .when(form())
      .thenRefuses('unit-not-found', 'memberUnitIds[3]');
  });

  it('refuses a member listed twice, naming the second occurrence', () => {
    given([], ctx())
      .when(form({ memberUnitIds: [...members, UNITS.haiDuong] }))
      .thenRefuses('duplicate-member', 'memberUnitIds[5]');
  });

  it('refuses a head that is not a member', () => {
    given([], ctx())
      .when(form({ headUnitId: UNITS.hungYen }))
      .thenRefuses('head-not-member', 'headUnitId');
    given([], ctx())
      .when(form({ memberUnitIds: [], deputyUnitId: null }))
      .thenRefuses('head-not-member', 'headUnitId');
  });

  it('refuses a deputy that is not a member', () => {
    given([], ctx())
      .when(form({ deputyUnitId: UNITS.hungYen }))
      .thenRefuses('deputy-not-member', 'deputyUnitId');
  });

  it('refuses a deputy who is also the head', () => {
    given([], ctx())
      .when(form({ deputyUnitId: UNITS.haiPhong }))
      .thenRefuses('deputy-is-head', 'deputyUnitId');
  });
});

describe('clusterDecider: AddClusterMember', () => {
  it('adds a registered unit', () => {
    given([formed], ctx())
      .when(add(UNITS.hungYen))
      .then([{ type: 'ClusterMemberAdded', data: { campaignId: CAMPAIGN_ID, clusterId: CLUSTER, unitId: UNITS.hungYen, effectiveOn: TODAY } }]);
  });

  it('re-adds a unit that was removed', () => {
    const removed: ClusterEvent = {
      type: 'ClusterMemberRemoved',
      data: { campaignId: CAMPAIGN_ID, clusterId: CLUSTER, unitId: UNITS.namDinh, effectiveOn: TODAY },
    };
    given([formed, removed], ctx())
      .when(add(UNITS.namDinh))
      .then([{ type: 'ClusterMemberAdded', data: { campaignId: CAMPAIGN_ID, clusterId: CLUSTER, unitId: UNITS.namDinh, effectiveOn: TODAY } }]);
  });

  it('refuses on an unknown cluster (cluster-not-found, 404)', () => {
    given([], ctx()).when(add(UNITS.hungYen)).thenRefuses('cluster-not-found');
    expect(thrownBy(() => clusterDecider.decide(add(UNITS.hungYen), clusterDecider.initialState(), ctx()))).toBeInstanceOf(NotFoundError);
  });

  it('refuses an unregistered unit', () => {
    given([formed], ctx(['ca-tinh-khong-co']))
      .when(add('ca-tinh-khong-co'))
      .thenRefuses('unit-not-found', 'unitId');
  });

  it('refuses a unit already a member, including one added later', () => {
    given([formed], ctx()).when(add(UNITS.thaiBinh)).thenRefuses('already-member', 'unitId');
    const added: ClusterEvent = {
      type: 'ClusterMemberAdded',
      data: { campaignId: CAMPAIGN_ID, clusterId: CLUSTER, unitId: UNITS.hungYen, effectiveOn: TODAY },
    };
    given([formed, added], ctx()).when(add(UNITS.hungYen)).thenRefuses('already-member', 'unitId');
  });

  it('refuses on a closed or missing campaign', () => {
    given([formed], ctx([], closedCampaign)).when(add(UNITS.hungYen)).thenRefuses('campaign-closed');
    given([formed], ctx([], campaignState())).when(add(UNITS.hungYen)).thenRefuses('campaign-not-found');
  });
});

describe('clusterDecider: RemoveClusterMember', () => {
  it('removes an ordinary member', () => {
    given([formed], ctx())
      .when(remove(UNITS.namDinh))
      .then([{ type: 'ClusterMemberRemoved', data: { campaignId: CAMPAIGN_ID, clusterId: CLUSTER, unitId: UNITS.namDinh, effectiveOn: TODAY } }]);
  });

  it('refuses on an unknown cluster', () => {
    given([], ctx()).when(remove(UNITS.namDinh)).thenRefuses('cluster-not-found');
  });

  it('refuses a unit that is not a member (member-not-found, 404)', () => {
    given([formed], ctx()).when(remove(UNITS.hungYen)).thenRefuses('member-not-found');
    expect(thrownBy(() => clusterDecider.decide(remove(UNITS.hungYen), fold(clusterDecider, [formed]), ctx()))).toBeInstanceOf(NotFoundError);
    const removed: ClusterEvent = {
      type: 'ClusterMemberRemoved',
      data: { campaignId: CAMPAIGN_ID, clusterId: CLUSTER, unitId: UNITS.namDinh, effectiveOn: TODAY },
    };
    given([formed, removed], ctx()).when(remove(UNITS.namDinh)).thenRefuses('member-not-found');
  });

  it('refuses to remove the head or the deputy', () => {
    given([formed], ctx()).when(remove(UNITS.haiPhong)).thenRefuses('cannot-remove-head', 'unitId');
    given([formed], ctx()).when(remove(UNITS.quangNinh)).thenRefuses('cannot-remove-head', 'unitId');
  });

  it('refuses on a closed campaign', () => {
    given([formed], ctx([], closedCampaign)).when(remove(UNITS.namDinh)).thenRefuses('campaign-closed');
  });
});

describe('clusterDecider: membership on the business clock', () => {
  const member = (type: 'ClusterMemberAdded' | 'ClusterMemberRemoved', unitId: string, effectiveOn: string): ClusterEvent => ({
    type,
    data: { campaignId: CAMPAIGN_ID, clusterId: CLUSTER, unitId, effectiveOn },
  });

  it('records the effective date given, else the day it is recorded', () => {
    given([formed], ctx())
      .when(remove(UNITS.namDinh, '2026-03-01'))
      .then([member('ClusterMemberRemoved', UNITS.namDinh, '2026-03-01')]);
    given([formed], ctx())
      .when(add(UNITS.hungYen, '2026-01-01'))
      .then([member('ClusterMemberAdded', UNITS.hungYen, '2026-01-01')]);
  });

  it("refuses a date outside the campaign's dates, or not a date", () => {
    given([formed], ctx()).when(add(UNITS.hungYen, '2025-12-31')).thenRefuses('effective-outside-campaign', 'effectiveOn');
    given([formed], ctx()).when(remove(UNITS.namDinh, '2027-01-01')).thenRefuses('effective-outside-campaign', 'effectiveOn');
    given([formed], ctx()).when(add(UNITS.hungYen, '2026-02-30')).thenRefuses('invalid-date', 'effectiveOn');
  });

  it('refuses a removal before the member joined, and a return before it left', () => {
    const joined = member('ClusterMemberAdded', UNITS.hungYen, '2026-04-01');
    given([formed, joined], ctx()).when(remove(UNITS.hungYen, '2026-03-31')).thenRefuses('effective-before-joined', 'effectiveOn');
    given([formed, joined], ctx())
      .when(remove(UNITS.hungYen, '2026-04-01'))
      .then([member('ClusterMemberRemoved', UNITS.hungYen, '2026-04-01')]);
    const left = member('ClusterMemberRemoved', UNITS.namDinh, '2026-07-01');
    given([formed, left], ctx()).when(add(UNITS.namDinh, '2026-06-30')).thenRefuses('effective-before-left', 'effectiveOn');
    given([formed, left], ctx())
      .when(add(UNITS.namDinh, '2026-07-01'))
      .then([member('ClusterMemberAdded', UNITS.namDinh, '2026-07-01')]);
  });
});

describe('clusterDecider: evolve', () => {
  it('tracks membership through additions and removals without sharing the event array', () => {
    const state = fold(clusterDecider, [
      formed,
      { type: 'ClusterMemberAdded', data: { campaignId: CAMPAIGN_ID, clusterId: CLUSTER, unitId: UNITS.hungYen, effectiveOn: TODAY } },
      { type: 'ClusterMemberRemoved', data: { campaignId: CAMPAIGN_ID, clusterId: CLUSTER, unitId: UNITS.thaiBinh, effectiveOn: TODAY } },
    ]);
    expect(state).toMatchObject({ exists: true, memberUnitIds: [UNITS.haiPhong, UNITS.quangNinh, UNITS.haiDuong, UNITS.namDinh, UNITS.hungYen] });
    if (formed.type === 'ClusterFormed') expect(formed.data.memberUnitIds).toEqual(members);
  });
});
