import { describe, expect, it } from '@jest/globals';
import { campaignDecider } from '../../../src/ledger/campaigns/campaign.decider.js';
import { commendationDecider } from '../../../src/ledger/commendations/commendation.decider.js';
import { fold } from '../../../src/ledger/decider.js';
import type { ScoreEvent } from '../../../src/ledger/events.js';
import { isBusinessDate, MAX_AMOUNT_VND, MAX_POINTS, MAX_SCORE_ENTRIES } from '../../../src/ledger/limits.js';
import { NO_MEMBERS, unitDecider } from '../../../src/ledger/registry/unit.decider.js';
import { scorecardDecider, type ScorecardState } from '../../../src/ledger/scores/scorecard.decider.js';
import { CAMPAIGN_ID, campaignState, standardCampaignEvents, thrownBy, UNITS } from './fixtures.js';

/** The deciders' own checks of limits.ts, for commands that do not come over HTTP (the seed, scripts). */
describe('limits.ts in the domain', () => {
  const ctx = { campaign: campaignState(...standardCampaignEvents) };
  const penalty = (entryId: string, points: number) => ({
    type: 'RecordScoreEntry' as const,
    campaignId: CAMPAIGN_ID,
    unitId: UNITS.haiPhong,
    entryId,
    kind: 'penalty' as const,
    criterionId: null,
    points,
    phaseId: null,
    period: '2026-06',
    occurredOn: null,
    source: 'ministry' as const,
    reason: 'x',
    evidence: [],
  });

  it('knows business dates: calendar dates from 1945-01-01 to 2100-12-31', () => {
    for (const date of ['1945-01-01', '2003-05-01', '2024-02-29', '2100-12-31']) expect(isBusinessDate(date)).toBe(true);
    for (const date of ['1944-12-31', '2101-01-01', '0000-01-01', '2026-02-29', '2026-1-1', '+02026-01-01', '']) expect(isBusinessDate(date)).toBe(false);
  });

  it('refuses a penalty total beyond MAX_POINTS (422 points-limit-exceeded naming points)', () => {
    const state = fold(scorecardDecider, scorecardDecider.decide(penalty('p1', MAX_POINTS * 100), scorecardDecider.initialState(), ctx) as ScoreEvent[]);
    const error = thrownBy(() => scorecardDecider.decide(penalty('p2', 1), state, ctx));
    expect([error.code, error.field, error.details]).toEqual(['points-limit-exceeded', 'points', { limit: MAX_POINTS }]);
  });

  it(`refuses the ${MAX_SCORE_ENTRIES + 1}st entry of a scorecard (422 scorecard-full)`, () => {
    const full: ScorecardState = { ...scorecardDecider.initialState(), entries: new Map() };
    for (let i = 0; i < MAX_SCORE_ENTRIES; i++)
      full.entries.set(`e${i}`, {
        entryId: `e${i}`,
        kind: 'bonus',
        criterionId: null,
        points: 0,
        phaseId: null,
        period: '2026-06',
        occurredOn: null,
        source: 'ministry',
        evidence: [],
        reversed: false,
        correctedBy: null,
      });
    expect(thrownBy(() => scorecardDecider.decide(penalty('one-more', 1), full, ctx)).code).toBe('scorecard-full');
  });

  it('refuses a scale whose maxima and bonus cap add up beyond MAX_POINTS, and dates outside the range', () => {
    const launch = (overrides: Record<string, unknown>) => ({
      type: 'LaunchCampaign' as const,
      campaignId: 'pt',
      title: 't',
      form: 'regular' as const,
      organizerUnitId: 'bo-cong-an',
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      slogan: null,
      scale: { groups: [{ id: 'g', name: 'g', maxPoints: MAX_POINTS * 100 }], criteria: [{ id: 'c', groupId: 'g', name: 'c', maxPoints: 100 }], bonusCap: 1 },
      ...overrides,
    });
    const decide = (overrides: Record<string, unknown>) => () =>
      campaignDecider.decide(launch(overrides), campaignDecider.initialState(), { organizerExists: true });
    expect([thrownBy(decide({})).code, thrownBy(decide({})).field]).toEqual(['points-limit-exceeded', 'scale']);
    expect([thrownBy(decide({ startsOn: '0000-01-01' })).code, thrownBy(decide({ startsOn: '0000-01-01' })).field]).toEqual(['invalid-date', 'startsOn']);
    const unit = fold(unitDecider, [{ type: 'UnitRegistered', data: { unitId: 'u', name: 'u', kind: 'team', parentId: 'a' } }]);
    const parent = fold(unitDecider, [{ type: 'UnitRegistered', data: { unitId: 'b', name: 'b', kind: 'district', parentId: 'a' } }]);
    expect(
      thrownBy(() =>
        unitDecider.decide({ type: 'MoveUnit', unitId: 'u', parentId: 'b', effectiveOn: '2101-01-01' }, unit, {
          other: parent,
          otherAncestry: ['b'],
          members: NO_MEMBERS,
        }),
      ).field,
    ).toBe('effectiveOn');
  });

  it('refuses money beyond MAX_AMOUNT_VND', () => {
    const decision = {
      type: 'RecordCommendation' as const,
      commendationId: 'qd',
      form: 'certificate-of-merit' as const,
      authority: 'minister' as const,
      recipient: { kind: 'collective' as const, id: 'u' },
      title: null,
      campaignId: null,
      phaseId: null,
      achievementId: null,
      decisionNo: '1',
      decidedOn: '2026-01-01',
      achievementPeriod: null,
      amountVnd: MAX_AMOUNT_VND + 1,
    };
    const error = thrownBy(() =>
      commendationDecider.decide(decision, commendationDecider.initialState(), { recipientExists: true, campaign: null, eligibility: null, revokedBasis: [] }),
    );
    expect([error.code, error.field]).toEqual(['amount-limit-exceeded', 'amountVnd']);
  });
});
