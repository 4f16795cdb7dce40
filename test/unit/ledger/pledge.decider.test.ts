import { describe, expect, it } from '@jest/globals';
import {
  measuredProgress,
  pledgeDecider,
  type PledgeCommand,
  type PledgeContext,
  type PledgeTargetInput,
} from '../../../src/ledger/campaigns/pledge.decider.js';
import { fold } from '../../../src/ledger/decider.js';
import { NotFoundError } from '../../../src/ledger/errors.js';
import type { PledgeActualReported, PledgeSigned } from '../../../src/ledger/events.js';
import { spec } from './given.js';
import { CAMPAIGN_ID, campaignState, standardCampaignEvents, thrownBy, UNITS } from './fixtures.js';

const given = spec(pledgeDecider);
const openCampaign = campaignState(...standardCampaignEvents);
const closedCampaign = campaignState(...standardCampaignEvents, { type: 'CampaignClosed', data: { campaignId: CAMPAIGN_ID } });
const ctx = (overrides: Partial<PledgeContext> = {}): PledgeContext => ({ campaign: openCampaign, unitExists: true, ...overrides });

const targets: PledgeTargetInput[] = [
  {
    criterionId: 'dieu-tra-an-nghiem-trong',
    description: 'Tỷ lệ điều tra khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng',
    target: 9500,
    measure: 'percent',
    direction: null,
    unitLabel: '%',
  },
  { criterionId: 'truy-na', description: null, target: 1250, measure: null, direction: null, unitLabel: null },
];

const sign = (overrides: Partial<Extract<PledgeCommand, { type: 'SignPledge' }>> = {}): PledgeCommand => ({
  type: 'SignPledge',
  campaignId: CAMPAIGN_ID,
  pledgeId: 'giao-uoc-ca-hai-phong-2026',
  unitId: UNITS.haiPhong,
  officerId: null,
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
    signatory: { kind: 'unit', id: UNITS.haiPhong },
    signedOn: '2026-01-15',
    targets: [
      {
        criterionId: 'dieu-tra-an-nghiem-trong',
        description: 'Tỷ lệ điều tra khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng',
        target: '95',
        measure: 'percent',
        direction: 'at-least',
        unitLabel: '%',
      },
      { criterionId: 'truy-na', description: null, target: '12.5', measure: null, direction: null, unitLabel: null },
    ],
  },
};

describe('pledgeDecider: SignPledge', () => {
  it('signs a pledge, writing targets as canonical decimals', () => {
    given([], ctx()).when(sign()).then([signed]);
  });

  it('accepts the smallest positive target (0.01)', () => {
    given([], ctx())
      .when(sign({ targets: [{ criterionId: 'khong-diem-nong', description: null, target: 1, measure: null, direction: null, unitLabel: null }] }))
      .then([
        {
          type: 'PledgeSigned',
          data: {
            ...signed.data,
            targets: [{ criterionId: 'khong-diem-nong', description: null, target: '0.01', measure: null, direction: null, unitLabel: null }],
          },
        },
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
      .when(
        sign({
          targets: [
            ...targets,
            { criterionId: 'tai-nan-giao-thong', description: 'Giảm tai nạn giao thông', target: 500, measure: null, direction: null, unitLabel: null },
          ],
        }),
      )
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
    expect(fold(pledgeDecider, [signed])).toEqual({ exists: true, data: signed.data, actuals: new Map() });
  });

  it('signs for an officer serving in the unit; refuses an unknown officer or another unit', () => {
    given([], ctx({ officerUnitId: UNITS.haiPhong }))
      .when(sign({ officerId: 'nguyen-van-an' }))
      .then([{ type: 'PledgeSigned', data: { ...signed.data, signatory: { kind: 'officer', id: 'nguyen-van-an' } } }]);
    given([], ctx({ officerUnitId: null }))
      .when(sign({ officerId: 'khong-co' }))
      .thenRefuses('officer-not-found', 'officerId');
    given([], ctx({ officerUnitId: UNITS.quangNinh }))
      .when(sign({ officerId: 'nguyen-van-an' }))
      .thenRefuses('officer-not-in-unit', 'unitId');
  });

  it('refuses a direction without a measure, a yes/no target other than 1, a percentage above 100', () => {
    given([], ctx())
      .when(sign({ targets: [{ ...targets[1], direction: 'at-most' }] }))
      .thenRefuses('direction-needs-measure', 'targets[0].direction');
    given([], ctx())
      .when(sign({ targets: [{ ...targets[1], measure: 'yes-no', target: 200 }] }))
      .thenRefuses('invalid-target', 'targets[0].target');
    given([], ctx())
      .when(sign({ targets: [{ ...targets[0], target: 10001 }] }))
      .thenRefuses('invalid-target', 'targets[0].target');
  });
});

describe('pledgeDecider: ReportPledgeActual', () => {
  const report = (overrides: Partial<Extract<PledgeCommand, { type: 'ReportPledgeActual' }>> = {}): PledgeCommand => ({
    type: 'ReportPledgeActual',
    campaignId: CAMPAIGN_ID,
    pledgeId: 'giao-uoc-ca-hai-phong-2026',
    unitId: UNITS.haiPhong,
    criterionId: 'dieu-tra-an-nghiem-trong',
    period: '2026-06',
    value: 9310,
    evidence: ['BC-06/CAHP'],
    ...overrides,
  });

  it('records the value of a month in the target’s measure, and folds the latest per month', () => {
    const reported = {
      type: 'PledgeActualReported',
      data: {
        campaignId: CAMPAIGN_ID,
        pledgeId: signed.data.pledgeId,
        criterionId: 'dieu-tra-an-nghiem-trong',
        period: '2026-06',
        value: '93.1',
        evidence: ['BC-06/CAHP'],
      },
    } satisfies PledgeActualReported;
    given([signed], ctx()).when(report()).then([reported]);
    const state = fold(pledgeDecider, [signed, reported, { ...reported, data: { ...reported.data, value: '94' } }]);
    expect(state.exists && state.actuals.get('dieu-tra-an-nghiem-trong')).toEqual(new Map([['2026-06', '94']]));
  });

  it('refuses what does not fit', () => {
    given([], ctx()).when(report()).thenRefuses('pledge-not-found');
    given([signed], ctx())
      .when(report({ unitId: UNITS.quangNinh }))
      .thenRefuses('not-the-pledge-unit', 'unitId');
    given([signed], ctx())
      .when(report({ criterionId: 'khong-diem-nong' }))
      .thenRefuses('target-not-found', 'criterionId');
    given([signed], ctx())
      .when(report({ criterionId: 'truy-na' }))
      .thenRefuses('target-measured-by-points', 'criterionId');
    given([signed], ctx())
      .when(report({ period: '2027-01' }))
      .thenRefuses('period-outside-campaign', 'period');
    given([signed], ctx())
      .when(report({ value: -1 }))
      .thenRefuses('invalid-value', 'value');
    given([signed], ctx({ campaign: closedCampaign }))
      .when(report())
      .thenRefuses('campaign-closed');
  });

  it('after a merge: the successor reports from the merge month on (and may fill in earlier months); the merged unit only before', () => {
    const merged = ctx({ pledgeUnitSuccessors: [{ unitId: UNITS.quangNinh, from: '2026-07-01' }] });
    given([signed], merged)
      .when(report({ period: '2026-07' }))
      .thenRefuses('not-the-pledge-unit', 'unitId');
    for (const period of ['2026-06', '2026-07']) {
      const [event] = pledgeDecider.decide(report({ unitId: UNITS.quangNinh, period }), fold(pledgeDecider, [signed]), merged);
      expect(event.data).toMatchObject({ pledgeId: signed.data.pledgeId, period });
    }
    const [own] = pledgeDecider.decide(report({ period: '2026-06' }), fold(pledgeDecider, [signed]), merged);
    expect(own).toMatchObject({ type: 'PledgeActualReported', data: { period: '2026-06' } });
  });
});

describe('measuredProgress: actual against target in the target’s own measure', () => {
  it.each([
    ['reduce-by', 500, 620, true, 12400],
    ['reduce-by', 500, -150, false, 0],
    ['at-least', 9500, 9310, false, 9800],
    ['at-most', 1200, 900, true, 13333],
    ['at-most', 1200, 1500, false, 8000],
    ['at-most', 1200, 0, true, null],
    ['at-least', 100, 100, true, 10000],
  ] as const)('%s %p, actual %p: met %p, percent %p hundredths', (direction, target, actual, met, percent) => {
    expect(measuredProgress({ direction }, target, actual)).toEqual({ met, percent });
  });
  it('without a report: not met, no percent', () => {
    expect(measuredProgress({ direction: 'at-least' }, 100, null)).toEqual({ met: false, percent: null });
  });
});
