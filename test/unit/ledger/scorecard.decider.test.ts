import { describe, expect, it } from '@jest/globals';
import { scorecardDecider, type NewScoreEntry, type ScorecardCommand, type ScorecardContext } from '../../../src/ledger/scores/scorecard.decider.js';
import { effectOf } from '../../../src/ledger/scores/scorecard-totals.js';
import { fold } from '../../../src/ledger/decider.js';
import { DomainRuleError, NotFoundError } from '../../../src/ledger/errors.js';
import type { CampaignEvent, ScoreEntryRecorded, ScoreEntryReversed, ScoreEvent } from '../../../src/ledger/events.js';
import { formatPoints, parsePoints } from '../../../src/ledger/points.js';
import { spec } from './given.js';
import { CAMPAIGN_ID, campaignState, PHASE_CLOSED, PHASE_OPEN, standardCampaignEvents, thrownBy, UNITS } from './fixtures.js';

const given = spec(scorecardDecider);
const UNIT = UNITS.haiPhong;
const closedCampaignEvents: CampaignEvent[] = [...standardCampaignEvents, { type: 'CampaignClosed', data: { campaignId: CAMPAIGN_ID } }];
const ctx: ScorecardContext = { campaign: campaignState(...standardCampaignEvents) };
const closedCtx: ScorecardContext = { campaign: campaignState(...closedCampaignEvents) };
const missingCtx: ScorecardContext = { campaign: campaignState() };

// Scale (fixtures.ts): khong-diem-nong max 100, dieu-tra-an-nghiem-trong max 20, truy-na max 10.35; bonus cap 50.

const record = (entryId: string, entry: Partial<NewScoreEntry> = {}): ScorecardCommand => ({
  type: 'RecordScoreEntry',
  campaignId: CAMPAIGN_ID,
  unitId: UNIT,
  entryId,
  kind: 'achievement',
  criterionId: 'dieu-tra-an-nghiem-trong',
  points: 1500,
  phaseId: null,
  period: '2026-06',
  occurredOn: null,
  source: 'self-assessment',
  reason: 'Điều tra khám phá 96,3% án rất nghiêm trọng, đặc biệt nghiêm trọng',
  evidence: ['bao-cao-so-125-bc-ca-hp'],
  ...entry,
});

/** The event the decider writes for `record(...)`, with points as a decimal string. */
const recorded = (entryId: string, entry: Partial<Omit<ScoreEntryRecorded['data'], 'points'>> & { points?: string } = {}): ScoreEntryRecorded => ({
  type: 'ScoreEntryRecorded',
  data: {
    campaignId: CAMPAIGN_ID,
    unitId: UNIT,
    entryId,
    kind: 'achievement',
    criterionId: 'dieu-tra-an-nghiem-trong',
    points: '15',
    phaseId: null,
    period: '2026-06',
    source: 'self-assessment',
    reason: 'Điều tra khám phá 96,3% án rất nghiêm trọng, đặc biệt nghiêm trọng',
    evidence: ['bao-cao-so-125-bc-ca-hp'],
    replaces: null,
    ...entry,
  },
});

const reversed = (entryId: string, reason = 'Nhập nhầm số liệu', correctedBy: string | null = null): ScoreEntryReversed => ({
  type: 'ScoreEntryReversed',
  data: { campaignId: CAMPAIGN_ID, unitId: UNIT, entryId, reason, correctedBy },
});

const reverse = (entryId: string, reason = 'Nhập nhầm số liệu'): ScorecardCommand => ({
  type: 'ReverseScoreEntry',
  campaignId: CAMPAIGN_ID,
  unitId: UNIT,
  entryId,
  reason,
});

const correct = (entryId: string, replacementEntryId: string, points: number, reason = 'Kết quả kiểm tra chéo của Cụm thi đua số 2'): ScorecardCommand => ({
  type: 'CorrectScoreEntry',
  campaignId: CAMPAIGN_ID,
  unitId: UNIT,
  entryId,
  replacementEntryId,
  points,
  reason,
  evidence: null,
});

/** Decides and folds: the state after the command's events. */
const after = (history: ScoreEvent[], command: ScorecardCommand, context = ctx) => {
  const events = scorecardDecider.decide(command, fold(scorecardDecider, history), context);
  return fold(scorecardDecider, [...history, ...events]);
};

const stateOf = (history: ScoreEvent[]) => fold(scorecardDecider, history);

describe('scorecardDecider: RecordScoreEntry, accepted', () => {
  it('records an achievement on a criterion', () => {
    given([], ctx)
      .when(record('e-001'))
      .then([recorded('e-001')]);
  });

  it('records an entry in an open phase, from a cross-inspection, without evidence', () => {
    given([], ctx)
      .when(
        record('e-002', {
          phaseId: PHASE_OPEN,
          source: 'cross-inspection',
          evidence: [],
          points: 1250,
          criterionId: 'khong-diem-nong',
          reason: 'Kiểm tra chéo',
        }),
      )
      .then([
        recorded('e-002', {
          phaseId: PHASE_OPEN,
          source: 'cross-inspection',
          evidence: [],
          points: '12.5',
          criterionId: 'khong-diem-nong',
          reason: 'Kiểm tra chéo',
        }),
      ]);
  });

  it('records a negative adjustment by the cluster', () => {
    const history = [recorded('e-001')];
    given(history, ctx)
      .when(record('e-003', { kind: 'adjustment', points: -250, source: 'cluster', reason: 'Kiểm tra chéo phát hiện số liệu chưa chính xác' }))
      .then([recorded('e-003', { kind: 'adjustment', points: '-2.5', source: 'cluster', reason: 'Kiểm tra chéo phát hiện số liệu chưa chính xác' })]);
    expect(after(history, record('e-003', { kind: 'adjustment', points: -250 })).criterionTotals.get('dieu-tra-an-nghiem-trong')).toBe(1250);
  });

  it('records a positive adjustment', () => {
    given([], ctx)
      .when(record('e-004', { kind: 'adjustment', points: 75 }))
      .then([recorded('e-004', { kind: 'adjustment', points: '0.75' })]);
  });

  it('records a bonus and a penalty with no criterion', () => {
    given([], ctx)
      .when(record('e-005', { kind: 'bonus', criterionId: null, points: 1000, source: 'ministry', reason: 'Phá chuyên án ma túy xuyên quốc gia' }))
      .then([recorded('e-005', { kind: 'bonus', criterionId: null, points: '10', source: 'ministry', reason: 'Phá chuyên án ma túy xuyên quốc gia' })]);
    given([], ctx)
      .when(record('e-006', { kind: 'penalty', criterionId: null, points: 3000, source: 'ministry', reason: 'Cán bộ bị khởi tố' }))
      .then([recorded('e-006', { kind: 'penalty', criterionId: null, points: '30', source: 'ministry', reason: 'Cán bộ bị khởi tố' })]);
  });

  it('has no cap on penalties', () => {
    const history = [1, 2, 3, 4, 5, 6].map((n) => recorded(`p-${n}`, { kind: 'penalty', criterionId: null, points: '30' }));
    const state = after(history, record('p-7', { kind: 'penalty', criterionId: null, points: 3000 }));
    expect(state.penalty).toBe(21000);
  });

  it('accepts a bonus reaching exactly the cap', () => {
    const history = [recorded('b-1', { kind: 'bonus', criterionId: null, points: '45' })];
    expect(after(history, record('b-2', { kind: 'bonus', criterionId: null, points: 500 })).bonus).toBe(5000);
  });

  it('keeps decimal totals exact: 0.1 + 0.2, then exactly the max (10.35), then 0.01 more is refused', () => {
    const onTruyNa = { criterionId: 'truy-na' } as const;
    let history: ScoreEvent[] = [];
    const step = (command: ScorecardCommand) => {
      history = [...history, ...scorecardDecider.decide(command, stateOf(history), ctx)];
    };
    step(record('tn-1', { ...onTruyNa, points: parsePoints(0.1) }));
    step(record('tn-2', { ...onTruyNa, points: parsePoints('0.2') }));
    expect(stateOf(history).criterionTotals.get('truy-na')).toBe(30);
    expect(formatPoints(stateOf(history).criterionTotals.get('truy-na')!)).toBe('0.3');
    step(record('tn-3', { ...onTruyNa, points: parsePoints('10.05') }));
    expect(stateOf(history).criterionTotals.get('truy-na')).toBe(1035);
    expect(history.map((e) => e.type === 'ScoreEntryRecorded' && e.data.points)).toEqual(['0.1', '0.2', '10.05']);
    given(history, ctx)
      .when(record('tn-4', { ...onTruyNa, points: 1 }))
      .thenRefuses('criterion-max-exceeded', 'points');
    const error = thrownBy(() => scorecardDecider.decide(record('tn-4', { ...onTruyNa, points: 1 }), stateOf(history), ctx));
    expect(error.details).toEqual({ criterionId: 'truy-na', total: 10.36, max: 10.35 });
  });
});

describe('scorecardDecider: RecordScoreEntry, refused', () => {
  it('refuses when the campaign does not exist (404)', () => {
    given([], missingCtx).when(record('e-001')).thenRefuses('campaign-not-found');
    expect(thrownBy(() => scorecardDecider.decide(record('e-001'), stateOf([]), missingCtx))).toBeInstanceOf(NotFoundError);
  });

  it('refuses in a closed campaign', () => {
    given([], closedCtx).when(record('e-001')).thenRefuses('campaign-closed');
    given([], closedCtx)
      .when(record('e-001', { kind: 'penalty', criterionId: null }))
      .thenRefuses('campaign-closed');
  });

  it('refuses an entry id already recorded, even if it was reversed since', () => {
    given([recorded('e-001')], ctx)
      .when(record('e-001', { points: 100 }))
      .thenRefuses('entry-already-recorded', 'entryId');
    given([recorded('e-001'), reversed('e-001')], ctx)
      .when(record('e-001', { points: 100 }))
      .thenRefuses('entry-already-recorded', 'entryId');
  });

  it('refuses an unknown phase', () => {
    given([], ctx)
      .when(record('e-001', { phaseId: 'cao-diem-2-9' }))
      .thenRefuses('phase-not-found', 'phaseId');
  });

  it('refuses an entry in a closed phase', () => {
    given([], ctx)
      .when(record('e-001', { phaseId: PHASE_CLOSED }))
      .thenRefuses('phase-closed', 'phaseId');
  });

  it('refuses an achievement or adjustment without a criterion', () => {
    given([], ctx)
      .when(record('e-001', { criterionId: null }))
      .thenRefuses('criterion-required', 'criterionId');
    given([], ctx)
      .when(record('e-001', { kind: 'adjustment', criterionId: null, points: -100 }))
      .thenRefuses('criterion-required', 'criterionId');
  });

  it('refuses a criterion not in the scale', () => {
    given([], ctx)
      .when(record('e-001', { criterionId: 'tai-nan-giao-thong' }))
      .thenRefuses('criterion-not-found', 'criterionId');
    expect(thrownBy(() => scorecardDecider.decide(record('e-001', { criterionId: 'tai-nan-giao-thong' }), stateOf([]), ctx))).toBeInstanceOf(DomainRuleError);
  });

  it('refuses a criterion on a bonus or a penalty', () => {
    given([], ctx)
      .when(record('e-001', { kind: 'bonus', points: 500 }))
      .thenRefuses('criterion-not-allowed', 'criterionId');
    given([], ctx)
      .when(record('e-001', { kind: 'penalty', points: 500 }))
      .thenRefuses('criterion-not-allowed', 'criterionId');
  });

  it.each([
    ['achievement', 'dieu-tra-an-nghiem-trong', 0],
    ['achievement', 'dieu-tra-an-nghiem-trong', -100],
    ['adjustment', 'dieu-tra-an-nghiem-trong', 0],
    ['bonus', null, 0],
    ['bonus', null, -500],
    ['penalty', null, 0],
    ['penalty', null, -3000],
  ] as const)('refuses a %s of %p hundredths (invalid-points-sign)', (kind, criterionId, points) => {
    given([], ctx).when(record('e-001', { kind, criterionId, points })).thenRefuses('invalid-points-sign', 'points');
  });

  it('refuses an entry that takes a criterion above its maximum', () => {
    given([], ctx)
      .when(record('e-001', { points: 2001 }))
      .thenRefuses('criterion-max-exceeded', 'points');
    given([recorded('e-001')], ctx)
      .when(record('e-002', { kind: 'adjustment', points: 501 }))
      .thenRefuses('criterion-max-exceeded', 'points');
  });

  it('refuses an adjustment that takes a criterion below zero', () => {
    given([], ctx)
      .when(record('e-001', { kind: 'adjustment', points: -1 }))
      .thenRefuses('criterion-below-zero', 'points');
    given([recorded('e-001')], ctx)
      .when(record('e-002', { kind: 'adjustment', points: -1501 }))
      .thenRefuses('criterion-below-zero', 'points');
  });

  it('records a bonus beyond the cap: kept raw, counted up to the cap by the scorecard', () => {
    const history = [recorded('b-1', { kind: 'bonus', criterionId: null, points: '45' })];
    given(history, ctx)
      .when(record('b-2', { kind: 'bonus', criterionId: null, points: 501 }))
      .then([recorded('b-2', { kind: 'bonus', criterionId: null, points: '5.01' })]);
    const state = after(history, record('b-2', { kind: 'bonus', criterionId: null, points: 501 }));
    expect(state.bonus).toBe(5001);
  });

  it('refuses a period outside the campaign or the phase, or malformed (422 naming period); occurredOn outside its month', () => {
    given([], ctx)
      .when(record('e-1', { period: '2025-12' }))
      .thenRefuses('period-outside-campaign', 'period');
    given([], ctx)
      .when(record('e-1', { period: '2027-01' }))
      .thenRefuses('period-outside-campaign', 'period');
    given([], ctx)
      .when(record('e-1', { period: '2026-13' }))
      .thenRefuses('invalid-period', 'period');
    // PHASE_OPEN runs 2026-06-01 to 2026-08-19.
    given([], ctx)
      .when(record('e-1', { phaseId: PHASE_OPEN, period: '2026-05' }))
      .thenRefuses('period-outside-phase', 'period');
    given([], ctx)
      .when(record('e-1', { phaseId: PHASE_OPEN, period: '2026-08' }))
      .then([recorded('e-1', { phaseId: PHASE_OPEN, period: '2026-08' })]);
    given([], ctx)
      .when(record('e-1', { period: '2026-06', occurredOn: '2026-07-01' }))
      .thenRefuses('occurred-outside-period', 'occurredOn');
    given([], ctx)
      .when(record('e-1', { period: '2026-06', occurredOn: '2026-06-14' }))
      .then([recorded('e-1', { period: '2026-06', occurredOn: '2026-06-14' })]);
  });
});

describe('scorecardDecider: ReverseScoreEntry', () => {
  it('reverses an entry and restores the totals as they were', () => {
    const before = [recorded('e-001', { points: '5' })];
    given([...before, recorded('e-002', { points: '7.25' })], ctx)
      .when(reverse('e-002'))
      .then([reversed('e-002')]);
    const state = after([...before, recorded('e-002', { points: '7.25' })], reverse('e-002'));
    expect(state.criterionTotals).toEqual(stateOf(before).criterionTotals);
    expect(state.criterionTotals.get('dieu-tra-an-nghiem-trong')).toBe(500);
    expect(state.entries.get('e-002')?.reversed).toBe(true);
  });

  it('reverses a bonus and a penalty', () => {
    const history = [recorded('b-1', { kind: 'bonus', criterionId: null, points: '10' }), recorded('p-1', { kind: 'penalty', criterionId: null, points: '5' })];
    const state = after([...history, reversed('b-1')], reverse('p-1'));
    expect(state.bonus).toBe(0);
    expect(state.penalty).toBe(0);
  });

  it('refuses an entry that does not exist (score-entry-not-found, 404)', () => {
    given([recorded('e-001')], ctx)
      .when(reverse('e-999'))
      .thenRefuses('score-entry-not-found');
    const error = thrownBy(() => scorecardDecider.decide(reverse('e-999'), stateOf([recorded('e-001')]), ctx));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ resource: 'score-entry', id: 'e-999' });
  });

  it('refuses to reverse the same entry twice', () => {
    given([recorded('e-001')], ctx)
      .when(reverse('e-001'))
      .then([reversed('e-001')]);
    given([recorded('e-001'), reversed('e-001')], ctx)
      .when(reverse('e-001'))
      .thenRefuses('entry-already-reversed', 'entryId');
  });

  it('refuses to reverse an entry already corrected', () => {
    const history = [recorded('e-001'), reversed('e-001', 'x', 'e-001b'), recorded('e-001b', { points: '14', replaces: 'e-001' })];
    given(history, ctx).when(reverse('e-001')).thenRefuses('entry-already-reversed', 'entryId');
  });

  it('refuses a reversal of a negative adjustment that would push the criterion above its maximum', () => {
    // 20 (max) + 5, then -5 by the cluster → 20; undoing the -5 would make 25.
    const history = [
      recorded('e-001', { points: '20' }),
      recorded('e-002', { kind: 'adjustment', points: '-5', source: 'cluster' }),
      recorded('e-003', { kind: 'adjustment', points: '5', source: 'cluster' }),
    ];
    given(history, ctx).when(reverse('e-002')).thenRefuses('criterion-max-exceeded', 'points');
  });

  it('refuses a reversal that would push a criterion below zero', () => {
    const history = [recorded('e-001', { points: '10' }), recorded('e-002', { kind: 'adjustment', points: '-8' })];
    given(history, ctx).when(reverse('e-001')).thenRefuses('criterion-below-zero', 'points');
  });

  it('refuses to reverse an entry of a closed phase', () => {
    given([recorded('e-001', { phaseId: PHASE_CLOSED })], ctx)
      .when(reverse('e-001'))
      .thenRefuses('phase-closed', 'entryId');
  });

  it('refuses in a closed or missing campaign', () => {
    given([recorded('e-001')], closedCtx)
      .when(reverse('e-001'))
      .thenRefuses('campaign-closed');
    given([recorded('e-001')], missingCtx)
      .when(reverse('e-001'))
      .thenRefuses('campaign-not-found');
  });
});

describe('scorecardDecider: CorrectScoreEntry', () => {
  it('writes exactly a reversal (correctedBy) and a replacement (replaces), keeping kind, criterion, phase and source', () => {
    const original = recorded('e-001', { phaseId: PHASE_OPEN, source: 'self-assessment' });
    given([original], ctx)
      .when(correct('e-001', 'e-001-r1', 1275))
      .then([
        reversed('e-001', 'Kết quả kiểm tra chéo của Cụm thi đua số 2', 'e-001-r1'),
        recorded('e-001-r1', { phaseId: PHASE_OPEN, points: '12.75', reason: 'Kết quả kiểm tra chéo của Cụm thi đua số 2', replaces: 'e-001' }),
      ]);
    const state = after([original], correct('e-001', 'e-001-r1', 1275));
    expect(state.criterionTotals.get('dieu-tra-an-nghiem-trong')).toBe(1275);
    expect(state.entries.get('e-001')?.reversed).toBe(true);
    expect(state.entries.get('e-001-r1')).toMatchObject({ reversed: false, points: 1275, phaseId: PHASE_OPEN });
  });

  it('corrects a penalty and a bonus', () => {
    const penalty = recorded('p-1', { kind: 'penalty', criterionId: null, points: '30', source: 'ministry' });
    given([penalty], ctx)
      .when(correct('p-1', 'p-1-r1', 500, 'Chỉ bị kỷ luật khiển trách'))
      .then([
        reversed('p-1', 'Chỉ bị kỷ luật khiển trách', 'p-1-r1'),
        recorded('p-1-r1', { kind: 'penalty', criterionId: null, points: '5', source: 'ministry', reason: 'Chỉ bị kỷ luật khiển trách', replaces: 'p-1' }),
      ]);
    expect(after([penalty], correct('p-1', 'p-1-r1', 500)).penalty).toBe(500);
    const bonus = recorded('b-1', { kind: 'bonus', criterionId: null, points: '10' });
    expect(after([bonus], correct('b-1', 'b-1-r1', 5000)).bonus).toBe(5000);
  });

  it('judges the limits after both halves: a criterion at its maximum can be corrected in place', () => {
    const atMax = [recorded('e-001', { points: '20' })];
    expect(after(atMax, correct('e-001', 'e-001-r1', 2000)).criterionTotals.get('dieu-tra-an-nghiem-trong')).toBe(2000);
    expect(after(atMax, correct('e-001', 'e-001-r1', 1)).criterionTotals.get('dieu-tra-an-nghiem-trong')).toBe(1);
  });

  it('lets a replacement be corrected in its turn', () => {
    const history = [recorded('e-001'), reversed('e-001', 'x', 'e-001-r1'), recorded('e-001-r1', { points: '14', replaces: 'e-001' })];
    const state = after(history, correct('e-001-r1', 'e-001-r2', 1300));
    expect(state.criterionTotals.get('dieu-tra-an-nghiem-trong')).toBe(1300);
  });

  it('refuses a replacement that would exceed the criterion maximum', () => {
    const history = [recorded('e-001', { points: '15' }), recorded('e-002', { points: '4' })];
    given(history, ctx)
      .when(correct('e-001', 'e-001-r1', 1601))
      .thenRefuses('criterion-max-exceeded', 'points');
    given(history, ctx)
      .when(correct('e-001', 'e-001-r1', 1600))
      .then([
        reversed('e-001', 'Kết quả kiểm tra chéo của Cụm thi đua số 2', 'e-001-r1'),
        recorded('e-001-r1', { points: '16', reason: 'Kết quả kiểm tra chéo của Cụm thi đua số 2', replaces: 'e-001' }),
      ]);
  });

  it('refuses a correction that would leave the criterion below zero', () => {
    const history = [recorded('e-001', { points: '10' }), recorded('e-002', { kind: 'adjustment', points: '-8' })];
    given(history, ctx)
      .when(correct('e-001', 'e-001-r1', 799))
      .thenRefuses('criterion-below-zero', 'points');
  });

  it('corrects a bonus to beyond the cap (recorded; the scorecard counts up to the cap)', () => {
    const history = [recorded('b-1', { kind: 'bonus', criterionId: null, points: '10' }), recorded('b-2', { kind: 'bonus', criterionId: null, points: '30' })];
    expect(after(history, correct('b-1', 'b-1-r1', 2001)).bonus).toBe(5001);
  });

  it('keeps the period of the entry it corrects (a correction to March stays in March)', () => {
    given([recorded('e-001', { period: '2026-03', occurredOn: '2026-03-09' })], ctx)
      .when(correct('e-001', 'e-001-r1', 1600))
      .then([
        reversed('e-001', 'Kết quả kiểm tra chéo của Cụm thi đua số 2', 'e-001-r1'),
        recorded('e-001-r1', {
          points: '16',
          period: '2026-03',
          occurredOn: '2026-03-09',
          reason: 'Kết quả kiểm tra chéo của Cụm thi đua số 2',
          replaces: 'e-001',
        }),
      ]);
  });

  it('refuses a replacement with the wrong sign', () => {
    given([recorded('e-001')], ctx)
      .when(correct('e-001', 'e-001-r1', 0))
      .thenRefuses('invalid-points-sign', 'points');
    given([recorded('e-001')], ctx)
      .when(correct('e-001', 'e-001-r1', -100))
      .thenRefuses('invalid-points-sign', 'points');
    given([recorded('a-1', { kind: 'adjustment', points: '3' })], ctx)
      .when(correct('a-1', 'a-1-r1', 0))
      .thenRefuses('invalid-points-sign', 'points');
    given([recorded('p-1', { kind: 'penalty', criterionId: null, points: '5' })], ctx)
      .when(correct('p-1', 'p-1-r1', -500))
      .thenRefuses('invalid-points-sign', 'points');
  });

  it('refuses an entry that does not exist (404)', () => {
    given([], ctx)
      .when(correct('e-404', 'e-404-r1', 100))
      .thenRefuses('score-entry-not-found');
    expect(thrownBy(() => scorecardDecider.decide(correct('e-404', 'e-404-r1', 100), stateOf([]), ctx))).toBeInstanceOf(NotFoundError);
  });

  it('refuses an entry already reversed (not by a correction)', () => {
    given([recorded('e-001'), reversed('e-001')], ctx)
      .when(correct('e-001', 'e-001-r1', 100))
      .thenRefuses('entry-already-reversed', 'entryId');
  });

  it('corrects an entry already corrected: the correction chain is followed to the live replacement', () => {
    const corrected = [recorded('e-001'), reversed('e-001', 'x', 'e-001-r1'), recorded('e-001-r1', { points: '14', replaces: 'e-001' })];
    given(corrected, ctx)
      .when(correct('e-001', 'e-001-r2', 100, 'Sửa lần hai'))
      .then([reversed('e-001-r1', 'Sửa lần hai', 'e-001-r2'), recorded('e-001-r2', { points: '1', reason: 'Sửa lần hai', replaces: 'e-001-r1' })]);
    const twice = [...corrected, reversed('e-001-r1', 'y', 'e-001-r2'), recorded('e-001-r2', { points: '1', replaces: 'e-001-r1' })];
    given(twice, ctx)
      .when(correct('e-001', 'e-001-r3', 200, 'Lần ba'))
      .then([reversed('e-001-r2', 'Lần ba', 'e-001-r3'), recorded('e-001-r3', { points: '2', reason: 'Lần ba', replaces: 'e-001-r2' })]);
    // A chain that ends in a plain reversal is reversed.
    given([...corrected, reversed('e-001-r1')], ctx)
      .when(correct('e-001', 'e-001-r2', 100))
      .thenRefuses('entry-already-reversed', 'entryId');
  });

  it('refuses a replacement id already used (including the original id itself)', () => {
    const history = [recorded('e-001'), recorded('e-002', { points: '1' })];
    given(history, ctx)
      .when(correct('e-001', 'e-002', 100))
      .thenRefuses('entry-already-recorded', 'entryId');
    given(history, ctx)
      .when(correct('e-001', 'e-001', 100))
      .thenRefuses('entry-already-recorded', 'entryId');
  });

  it('refuses to correct an entry of a closed phase', () => {
    given([recorded('e-001', { phaseId: PHASE_CLOSED })], ctx)
      .when(correct('e-001', 'e-001-r1', 100))
      .thenRefuses('phase-closed', 'entryId');
  });

  it('refuses in a closed or missing campaign', () => {
    given([recorded('e-001')], closedCtx)
      .when(correct('e-001', 'e-001-r1', 100))
      .thenRefuses('campaign-closed');
    given([recorded('e-001')], missingCtx)
      .when(correct('e-001', 'e-001-r1', 100))
      .thenRefuses('campaign-not-found');
  });
});

describe('scorecardDecider: evolve and effectOf', () => {
  it('effectOf routes points to the criterion, the bonus or the penalty', () => {
    expect(effectOf({ kind: 'achievement', points: 100 })).toEqual({ criterion: 100, bonus: 0, penalty: 0 });
    expect(effectOf({ kind: 'adjustment', points: -50 })).toEqual({ criterion: -50, bonus: 0, penalty: 0 });
    expect(effectOf({ kind: 'bonus', points: 500 })).toEqual({ criterion: 0, bonus: 500, penalty: 0 });
    expect(effectOf({ kind: 'penalty', points: 3000 })).toEqual({ criterion: 0, bonus: 0, penalty: 3000 });
  });

  it('folds a mixed history into exact running sums', () => {
    const state = stateOf([
      recorded('e-1', { points: '12.34' }),
      recorded('e-2', { criterionId: 'khong-diem-nong', points: '99.99' }),
      recorded('e-3', { kind: 'adjustment', points: '-0.34' }),
      recorded('b-1', { kind: 'bonus', criterionId: null, points: '5' }),
      recorded('p-1', { kind: 'penalty', criterionId: null, points: '2' }),
      reversed('e-2'),
      recorded('e-4', { criterionId: 'khong-diem-nong', points: '0.01' }),
    ]);
    expect(Object.fromEntries(state.criterionTotals)).toEqual({ 'dieu-tra-an-nghiem-trong': 1200, 'khong-diem-nong': 1 });
    expect(state.bonus).toBe(500);
    expect(state.penalty).toBe(200);
    expect(state.entries.size).toBe(6);
  });

  it('ignores a reversal of an unknown entry', () => {
    expect(stateOf([reversed('e-x')])).toEqual(scorecardDecider.initialState());
  });
});
