import { describe, expect, it } from '@jest/globals';
import { commendationDecider, type CommendationCommand, type CommendationContext } from '../../../src/ledger/commendations/commendation.decider.js';
import { fold } from '../../../src/ledger/decider.js';
import { AlreadyExistsError, NotFoundError } from '../../../src/ledger/errors.js';
import type { CommendationEvent, CommendationRecorded } from '../../../src/ledger/events.js';
import { spec } from './given.js';
import { CAMPAIGN_ID, campaignState, PHASE_CLOSED, PHASE_OPEN, standardCampaignEvents, thrownBy, UNITS } from './fixtures.js';

const given = spec(commendationDecider);
const campaign = campaignState(...standardCampaignEvents);
const ctx = (overrides: Partial<CommendationContext> = {}): CommendationContext => ({ recipientExists: true, campaign, ...overrides });

const flagDecision: CommendationRecorded['data'] = {
  commendationId: 'qd-1234-qd-bca-2026',
  form: 'emulation-flag',
  authority: 'minister',
  recipient: { kind: 'collective', id: UNITS.haiPhong },
  title: 'Cờ thi đua của Bộ Công an',
  campaignId: CAMPAIGN_ID,
  phaseId: null,
  achievementId: 'dan-dau-cum-2-2026',
  decisionNo: '1234/QĐ-BCA',
  decidedOn: '2026-12-28',
  achievementPeriod: { from: '2026-01-01', to: '2026-12-31' },
  amountVnd: null,
};

const certificateDecision: CommendationRecorded['data'] = {
  commendationId: 'qd-567-qd-cahp-2026',
  form: 'certificate-of-merit',
  authority: 'unit-head',
  recipient: { kind: 'individual', id: 'cb-nguyen-van-hung' },
  title: 'Giấy khen của Giám đốc Công an thành phố Hải Phòng',
  campaignId: null,
  phaseId: null,
  achievementId: null,
  decisionNo: '567/QĐ-CATP',
  decidedOn: '2026-03-10',
  achievementPeriod: null,
  amountVnd: 1_800_000,
};

const recordCmd = (data: CommendationRecorded['data']): CommendationCommand => ({ type: 'RecordCommendation', ...data });
const recordedEvent = (data: CommendationRecorded['data']): CommendationEvent => ({ type: 'CommendationRecorded', data });

const revoke = (overrides: Partial<Extract<CommendationCommand, { type: 'RevokeCommendation' }>> = {}): CommendationCommand => ({
  type: 'RevokeCommendation',
  commendationId: flagDecision.commendationId,
  ground: 'false-declaration',
  reason: 'Kê khai không trung thực thành tích phá án',
  decisionNo: '88/QĐ-BCA',
  decidedOn: '2027-05-04',
  ...overrides,
});

describe('commendationDecider: RecordCommendation', () => {
  it('records a Ministry emulation flag to a provincial police for a campaign', () => {
    given([], ctx()).when(recordCmd(flagDecision)).then([recordedEvent(flagDecision)]);
  });

  it('records a Certificate of Merit to an officer with no campaign and no context campaign', () => {
    given([], ctx({ campaign: null })).when(recordCmd(certificateDecision)).then([recordedEvent(certificateDecision)]);
  });

  it('records a decision for a phase of the campaign (closed phases included)', () => {
    const forPhase = { ...flagDecision, commendationId: 'qd-99-qd-cahp', form: 'spot-reward', authority: 'unit-head', phaseId: PHASE_OPEN, amountVnd: 80_000_000 } as const;
    given([], ctx()).when(recordCmd(forPhase)).then([recordedEvent(forPhase)]);
    const forClosedPhase = { ...forPhase, phaseId: PHASE_CLOSED };
    given([], ctx()).when(recordCmd(forClosedPhase)).then([recordedEvent(forClosedPhase)]);
  });

  it('records a decision for a closed campaign (the final review comes after closing)', () => {
    const closed = campaignState(...standardCampaignEvents, { type: 'CampaignClosed', data: { campaignId: CAMPAIGN_ID } });
    given([], ctx({ campaign: closed })).when(recordCmd(flagDecision)).then([recordedEvent(flagDecision)]);
  });

  it('accepts a one-day achievement period', () => {
    const oneDay = { ...certificateDecision, achievementPeriod: { from: '2026-02-14', to: '2026-02-14' } };
    given([], ctx()).when(recordCmd(oneDay)).then([recordedEvent(oneDay)]);
  });

  it('refuses a commendation id already recorded (409)', () => {
    given([recordedEvent(flagDecision)], ctx()).when(recordCmd(flagDecision)).thenRefuses('already-exists');
    const error = thrownBy(() => commendationDecider.decide(recordCmd(flagDecision), fold(commendationDecider, [recordedEvent(flagDecision)]), ctx()));
    expect(error).toBeInstanceOf(AlreadyExistsError);
  });

  it('refuses an unknown collective recipient (unit-not-found) and individual recipient (officer-not-found)', () => {
    given([], ctx({ recipientExists: false })).when(recordCmd(flagDecision)).thenRefuses('unit-not-found', 'recipient.id');
    given([], ctx({ recipientExists: false })).when(recordCmd(certificateDecision)).thenRefuses('officer-not-found', 'recipient.id');
  });

  it('refuses an unknown campaign', () => {
    given([], ctx({ campaign: null })).when(recordCmd(flagDecision)).thenRefuses('campaign-not-found', 'campaignId');
    given([], ctx({ campaign: campaignState() })).when(recordCmd(flagDecision)).thenRefuses('campaign-not-found', 'campaignId');
  });

  it('refuses an unknown phase of the campaign', () => {
    given([], ctx()).when(recordCmd({ ...flagDecision, phaseId: 'cao-diem-2-9' })).thenRefuses('phase-not-found', 'phaseId');
  });

  it('refuses a phase without its campaign (campaign-required)', () => {
    given([], ctx({ campaign: null })).when(recordCmd({ ...certificateDecision, phaseId: PHASE_OPEN })).thenRefuses('campaign-required', 'campaignId');
  });

  it('refuses an achievement period that ends before it starts', () => {
    given([], ctx())
      .when(recordCmd({ ...flagDecision, achievementPeriod: { from: '2026-12-31', to: '2026-01-01' } }))
      .thenRefuses('invalid-period', 'achievementPeriod.to');
  });
});

describe('commendationDecider: RevokeCommendation', () => {
  it('revokes a decision, keeping it in the record', () => {
    given([recordedEvent(flagDecision)], ctx())
      .when(revoke())
      .then([{ type: 'CommendationRevoked', data: { commendationId: flagDecision.commendationId, ground: 'false-declaration', reason: 'Kê khai không trung thực thành tích phá án', decisionNo: '88/QĐ-BCA', decidedOn: '2027-05-04' } }]);
    const state = fold(commendationDecider, [
      recordedEvent(flagDecision),
      { type: 'CommendationRevoked', data: { commendationId: flagDecision.commendationId, ground: 'false-declaration', reason: 'x', decisionNo: '88/QĐ-BCA', decidedOn: '2027-05-04' } },
    ]);
    expect(state).toEqual({ exists: true, decision: flagDecision, revoked: true });
  });

  it('accepts a revocation on the day of the decision', () => {
    given([recordedEvent(flagDecision)], ctx())
      .when(revoke({ decidedOn: flagDecision.decidedOn, ground: 'unlawful-approval' }))
      .then([{ type: 'CommendationRevoked', data: { commendationId: flagDecision.commendationId, ground: 'unlawful-approval', reason: 'Kê khai không trung thực thành tích phá án', decisionNo: '88/QĐ-BCA', decidedOn: flagDecision.decidedOn } }]);
  });

  it('refuses an unknown commendation (404)', () => {
    given([], ctx()).when(revoke()).thenRefuses('commendation-not-found');
    expect(thrownBy(() => commendationDecider.decide(revoke(), commendationDecider.initialState(), ctx()))).toBeInstanceOf(NotFoundError);
  });

  it('refuses a decision already revoked', () => {
    const history: CommendationEvent[] = [
      recordedEvent(flagDecision),
      { type: 'CommendationRevoked', data: { commendationId: flagDecision.commendationId, ground: 'forged-documents', reason: 'Giả mạo hồ sơ', decisionNo: '77/QĐ-BCA', decidedOn: '2027-04-01' } },
    ];
    given(history, ctx()).when(revoke()).thenRefuses('already-revoked');
  });

  it('refuses a revocation dated before the decision', () => {
    given([recordedEvent(flagDecision)], ctx()).when(revoke({ decidedOn: '2026-12-27' })).thenRefuses('revocation-before-decision', 'decidedOn');
  });
});
