import { describe, it } from '@jest/globals';
import type { ScoreEvent, VetoDecision } from '../../../src/ledger/events.js';
import { scorecardDecider, type ScorecardCommand } from '../../../src/ledger/scores/scorecard.decider.js';
import { spec } from './given.js';
import { CAMPAIGN_ID, campaignState, standardCampaignEvents } from './fixtures.js';

const given = spec(scorecardDecider);
const UNIT = 'ca-hai-phong';
const decision: VetoDecision = { reason: 'Để xảy ra điểm nóng về an ninh', decisionNo: '125/QĐ-BCA', decidedOn: '2026-11-30' };
const open = { campaign: campaignState(...standardCampaignEvents) };
const closed = { campaign: campaignState(...standardCampaignEvents, { type: 'CampaignClosed', data: { campaignId: CAMPAIGN_ID } }) };
const impose = (d: VetoDecision = decision): ScorecardCommand => ({ type: 'ImposeVeto', campaignId: CAMPAIGN_ID, unitId: UNIT, ...d });
const lift = (d: VetoDecision): ScorecardCommand => ({ type: 'LiftVeto', campaignId: CAMPAIGN_ID, unitId: UNIT, ...d });
const imposed: ScoreEvent = { type: 'VetoImposed', data: { campaignId: CAMPAIGN_ID, unitId: UNIT, ...decision } };
const liftDecision: VetoDecision = { reason: 'Xem xét lại', decisionNo: '130/QĐ-BCA', decidedOn: '2026-12-15' };

describe('scorecardDecider: vetoes (điểm liệt, docs/domain.md §5)', () => {
  it('imposes a veto, also on a closed campaign (vetoes are decided at reviews)', () => {
    given([], open).when(impose()).then([imposed]);
    given([], closed).when(impose()).then([imposed]);
  });

  it('lifts the veto in force', () => {
    given([imposed], closed)
      .when(lift(liftDecision))
      .then([{ type: 'VetoLifted', data: { campaignId: CAMPAIGN_ID, unitId: UNIT, ...liftDecision } }]);
  });

  it('annuls a veto imposed by mistake (VetoAnnulled, with its reason), after which none is in force', () => {
    const annul: ScorecardCommand = { type: 'AnnulVeto', campaignId: CAMPAIGN_ID, unitId: UNIT, ...liftDecision, reason: 'Ban hành nhầm' };
    const annulled: ScoreEvent = { type: 'VetoAnnulled', data: { campaignId: CAMPAIGN_ID, unitId: UNIT, ...liftDecision, reason: 'Ban hành nhầm' } };
    given([imposed], closed).when(annul).then([annulled]);
    given([], open).when(annul).thenRefuses('veto-not-imposed');
    given([imposed, annulled], open).when(annul).thenRefuses('veto-not-imposed');
    given([imposed, annulled], open).when(lift(liftDecision)).thenRefuses('veto-not-imposed');
    given([imposed, annulled], open).when(impose()).then([imposed]);
    given([imposed], open)
      .when({ ...annul, decidedOn: '2026-01-01' } as ScorecardCommand)
      .thenRefuses('invalid-period', 'decidedOn');
  });

  it('imposes again after a lift', () => {
    given([imposed, { type: 'VetoLifted', data: { campaignId: CAMPAIGN_ID, unitId: UNIT, ...liftDecision } }], open)
      .when(impose())
      .then([imposed]);
  });

  it('refuses a second veto, a lift with none in force, and a lift dated before the veto', () => {
    given([imposed], open).when(impose()).thenRefuses('veto-already-imposed');
    given([], open).when(lift(liftDecision)).thenRefuses('veto-not-imposed');
    given([imposed], open)
      .when(lift({ ...liftDecision, decidedOn: '2026-01-01' }))
      .thenRefuses('invalid-period', 'decidedOn');
  });

  it("refuses a veto decided outside its campaign's dates (veto-outside-campaign); a lift may come after them", () => {
    given([], open)
      .when(impose({ ...decision, decidedOn: '2025-12-31' }))
      .thenRefuses('veto-outside-campaign', 'decidedOn');
    given([], closed)
      .when(impose({ ...decision, decidedOn: '2027-01-05' }))
      .thenRefuses('veto-outside-campaign', 'decidedOn');
    given([], open)
      .when(impose({ ...decision, decidedOn: '2026-01-01' }))
      .then([{ type: 'VetoImposed', data: { campaignId: CAMPAIGN_ID, unitId: UNIT, ...decision, decidedOn: '2026-01-01' } }]);
    const late = { ...liftDecision, decidedOn: '2027-01-05' };
    given([imposed], closed)
      .when(lift(late))
      .then([{ type: 'VetoLifted', data: { campaignId: CAMPAIGN_ID, unitId: UNIT, ...late } }]);
  });

  it('refuses in a campaign that does not exist', () => {
    given([], { campaign: { exists: false } })
      .when(impose())
      .thenRefuses('campaign-not-found');
  });
});
