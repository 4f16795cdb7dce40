import { describe, expect, it } from '@jest/globals';
import { pledgeDecider, type PledgeCommand, type PledgeContext, type PledgeTargetInput } from '../../../src/ledger/campaigns/pledge.decider.js';
import { fold } from '../../../src/ledger/decider.js';
import { NotFoundError } from '../../../src/ledger/errors.js';
import type { PledgeSigned } from '../../../src/ledger/events.js';
import { spec } from './given.js';
import { CAMPAIGN_ID, campaignState, standardCampaignEvents, thrownBy, UNITS } from './fixtures.js';

const given = spec(pledgeDecider);
const openCampaign = campaignState(...standardCampaignEvents);
const closedCampaign = campaignState(...standardCampaignEvents, { type: 'CampaignClosed', data: { campaignId: CAMPAIGN_ID } });
const ctx = (overrides: Partial<PledgeContext> = {}): PledgeContext => ({ campaign: openCampaign, unitExists: true, ...overrides });

const targets: PledgeTargetInput[] = [
  { criterionId: 'dieu-tra-an-nghiem-trong', description: 'Tỷ lệ điều tra khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng', target: 9500, measure: '%' },
  { criterionId: 'truy-na', description: null, target: 1250, measure: null },
];

const sign = (overrides: Partial<PledgeCommand> = {}): PledgeCommand => ({
  type: 'SignPledge',
  campaignId: CAMPAIGN_ID,
  pledgeId: 'giao-uoc-ca-hai-phong-2026',
  unitId: UNITS.haiPhong,
  signedOn: '2026-01-15',
  targets,
  ...overrides,
});

const signed: PledgeSigned = {
  type: 'PledgeSigned',
  data: {
    campaignId: CAMPAIGN_ID,
    pledgeId: 'giao-uoc-ca-hai-phong-2026',
    unitId: UNITS.haiPhong,
    signedOn: '2026-01-15',
    targets: [
      {
        criterionId: 'dieu-tra-an-nghiem-trong',
        description: 'Tỷ lệ điều tra khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng',
        target: '95',
        measure: '%',
      },
      { criterionId: 'truy-na', description: null, target: '12.5', measure: null },
    ],
  },
};

describe('pledgeDecider: SignPledge', () => {
  it('signs a pledge, writing targets as canonical decimals', () => {
    given([], ctx()).when(sign()).then([signed]);
  });

  it('accepts the smallest positive target (0.01)', () => {
    given([], ctx())
      .when(sign({ targets: [{ criterionId: 'khong-diem-nong', description: null, target: 1, measure: null }] }))
      .then([
        { type: 'PledgeSigned', data: { ...signed.data, targets: [{ criterionId: 'khong-diem-nong', description: null, target: '0.01', measure: null }] } },
      ]);
  });

  it('refuses when the campaign does not exist (404) or is closed', () => {
    given([], ctx({ campaign: campaignState() }))
      .when(sign())
      .thenRefuses('campaign-not-found');
    expect(thrownBy(() => pledgeDecider.decide(sign(), pledgeDecider.initialState(), ctx({ campaign: campaignState() })))).toBeInstanceOf(NotFoundError);
    given([], ctx({ campaign: closedCampaign }))
      .when(sign())
      .thenRefuses('campaign-closed');
  });

  it('refuses a pledge id already signed', () => {
    given([signed], ctx()).when(sign()).thenRefuses('already-exists');
  });

  it('refuses an unknown unit', () => {
    given([], ctx({ unitExists: false }))
      .when(sign({ unitId: 'ca-huyen-da-giai-the' }))
      .thenRefuses('unit-not-found', 'unitId');
  });

  it('refuses a pledge without targets', () => {
    given([], ctx())
      .when(sign({ targets: [] }))
      .thenRefuses('targets-required', 'targets');
  });

  it('refuses a target on a criterion that is not in the scale', () => {
    given([], ctx())
      .when(sign({ targets: [...targets, { criterionId: 'tai-nan-giao-thong', description: 'Giảm tai nạn giao thông', target: 500, measure: '%' }] }))
      .thenRefuses('criterion-not-found', 'targets[2].criterionId');
  });

  it('refuses two targets on the same criterion', () => {
    given([], ctx())
      .when(sign({ targets: [...targets, { ...targets[0], target: 10000 }] }))
      .thenRefuses('duplicate-target', 'targets[2].criterionId');
  });

  it.each([0, -500])('refuses a target of %p hundredths', (target) => {
    given([], ctx())
      .when(sign({ targets: [targets[0], { ...targets[1], target }] }))
      .thenRefuses('invalid-target', 'targets[1].target');
  });

  it('folds the signature into state', () => {
    expect(fold(pledgeDecider, [signed])).toEqual({ exists: true, data: signed.data });
  });
});
