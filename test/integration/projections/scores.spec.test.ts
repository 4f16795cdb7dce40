import { describe, it } from '@jest/globals';
import { scoresProjection } from '../../../projections/scores/scores.projection.js';
import type { ProposedScoreChange, Scale, ScoreEntryRecorded } from '../../../src/ledger/events.js';
import { storeKinds } from '../../support/databases.js';
import { at, projectionSpecs } from '../../support/projection-spec.js';

const CAMPAIGN = 'thi-dua-2026';
const UNIT = 'ca-hai-phong';

/** Group g1 (max 10) holds c1 (max 8) and c2 (max 4); g2 (max 5) holds c3 (max 5); the bonus counts up to 2. */
const scale: Scale = {
  groups: [
    { id: 'g1', name: 'An ninh chính trị', maxPoints: '10' },
    { id: 'g2', name: 'Phòng, chống tội phạm', maxPoints: '5' },
  ],
  criteria: [
    { id: 'c1', groupId: 'g1', name: 'Không để xảy ra điểm nóng', maxPoints: '8' },
    { id: 'c2', groupId: 'g1', name: 'Bảo vệ sự kiện trọng điểm', maxPoints: '4' },
    { id: 'c3', groupId: 'g2', name: 'Kéo giảm tội phạm', maxPoints: '5' },
  ],
  bonusCap: '2',
};

const launched = at(1, {
  type: 'CampaignLaunched',
  data: {
    campaignId: CAMPAIGN,
    title: 'Thi đua vì an ninh Tổ quốc 2026',
    form: 'regular',
    organizerUnitId: 'bo-cong-an',
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    slogan: null,
    scale,
  },
});

type Entry = Partial<ScoreEntryRecorded['data']> & Pick<ScoreEntryRecorded['data'], 'entryId' | 'points'>;

const recorded = (position: number, entry: Entry) =>
  at(position, {
    type: 'ScoreEntryRecorded',
    data: {
      campaignId: CAMPAIGN,
      unitId: UNIT,
      kind: 'achievement',
      criterionId: 'c1',
      phaseId: null,
      period: '2026-06',
      source: 'self-assessment',
      reason: `Tự chấm ${entry.entryId}`,
      evidence: [`BC-${entry.entryId}`],
      replaces: null,
      ...entry,
    },
  });

const reversed = (position: number, entryId: string, correctedBy: string | null = null) =>
  at(position, { type: 'ScoreEntryReversed', data: { campaignId: CAMPAIGN, unitId: UNIT, entryId, reason: `Hủy ${entryId}`, correctedBy } });

const veto = (position: number, type: 'VetoImposed' | 'VetoLifted' | 'VetoAnnulled', decisionNo: string, decidedOn: string) =>
  at(position, { type, data: { campaignId: CAMPAIGN, unitId: UNIT, reason: `${type} ${decisionNo}`, decisionNo, decidedOn } });

describe.each(storeKinds('scores projection spec'))('scores projection (%s)', (kind) => {
  const { given } = projectionSpecs(kind);

  it('keeps each campaign scale to cap the totals with', () =>
    given(launched)
      .when(scoresProjection)
      .then({ rm_score_scales: [{ campaign_id: CAMPAIGN, scale }] }));

  it('writes a trail row per entry and reversal, with the totals after it', () =>
    given(launched, [recorded(2, { entryId: 'e1', points: '6' }), recorded(3, { entryId: 'e2', criterionId: 'c3', points: '1.5' }), reversed(4, 'e1')])
      .when(scoresProjection)
      .then({
        rm_score_events: [
          { position: 2, event_type: 'ScoreEntryRecorded', entry_id: 'e1', kind: 'achievement', criterion_id: 'c1', points: 6, delta: 6, compensates: null },
          {
            position: 3,
            event_type: 'ScoreEntryRecorded',
            entry_id: 'e2',
            kind: 'achievement',
            criterion_id: 'c3',
            points: 1.5,
            delta: 1.5,
            compensates: null,
          },
          // A reversal is written with the reversed entry's kind, criterion and points; its delta takes them away.
          { position: 4, event_type: 'ScoreEntryReversed', entry_id: 'e1', kind: 'achievement', criterion_id: 'c1', points: 6, delta: -6, compensates: 'e1' },
        ].map((row, i) => ({
          ...row,
          unit_id: UNIT,
          actor: 'spec',
          evidence: i === 2 ? [] : [`BC-${row.entry_id}`],
          total_after: [6, 7.5, 1.5][i],
          groups_after: [
            { g1: 6, g2: 0 },
            { g1: 6, g2: 1.5 },
            { g1: 0, g2: 1.5 },
          ][i],
        })),
        rm_score_state: [{ campaign_id: CAMPAIGN, unit_id: UNIT, scope: '', criteria: { c1: 0, c3: 150 }, bonus: 0, penalty: 0 }],
      }));

  it('keeps the month each row counts for: a reversal, in any batch, takes its entry’s', () =>
    given(launched, recorded(2, { entryId: 'e1', points: '3', period: '2026-03', occurredOn: '2026-03-09' }), [
      recorded(3, { entryId: 'e2', points: '2', period: '2026-04' }),
      reversed(4, 'e1'),
    ])
      .when(scoresProjection)
      .then({
        rm_score_events: [
          { position: 2, entry_id: 'e1', period: '2026-03', occurred_on: '2026-03-09' },
          { position: 3, entry_id: 'e2', period: '2026-04', occurred_on: null },
          { position: 4, entry_id: 'e1', period: '2026-03', occurred_on: '2026-03-09' },
        ],
      }));

  it('finds the entry a reversal names in an earlier batch', () =>
    given(launched, recorded(2, { entryId: 'e1', points: '3', phaseId: 'p1' }), recorded(3, { entryId: 'e2', points: '2' }), reversed(4, 'e1'))
      .when(scoresProjection)
      .then({
        rm_score_events: [
          { position: 2, delta: 3, total_after: 3, phase_id: 'p1', phase_total_after: 3 },
          { position: 3, delta: 2, total_after: 5, phase_id: null, phase_total_after: null },
          { position: 4, delta: -3, total_after: 2, phase_id: 'p1', phase_total_after: 0 },
        ],
        rm_score_state: [
          { scope: '', criteria: { c1: 200 } },
          { scope: 'p1', criteria: { c1: 0 } },
        ],
      }));

  it('records a correction as the reversal of the entry and its replacement', () =>
    given(launched, recorded(2, { entryId: 'e1', criterionId: 'c2', points: '3' }), [
      reversed(3, 'e1', 'e1-r1'),
      recorded(4, { entryId: 'e1-r1', criterionId: 'c2', points: '2.5', replaces: 'e1', reason: 'Xác định lại số liệu' }),
    ])
      .when(scoresProjection)
      .then({
        rm_score_events: [
          { position: 2, entry_id: 'e1', delta: 3, compensates: null, total_after: 3 },
          { position: 3, entry_id: 'e1', delta: -3, compensates: 'e1', total_after: 0, reason: 'Hủy e1' },
          { position: 4, entry_id: 'e1-r1', delta: 2.5, compensates: 'e1', total_after: 2.5, reason: 'Xác định lại số liệu' },
        ],
        rm_score_state: [{ scope: '', criteria: { c2: 250 } }],
      }));

  it('sums each phase apart from the whole campaign', () =>
    given(launched, [
      recorded(2, { entryId: 'e1', points: '4', phaseId: 'p1' }),
      recorded(3, { entryId: 'e2', criterionId: 'c3', points: '2', phaseId: 'p2' }),
      recorded(4, { entryId: 'b1', kind: 'bonus', criterionId: null, points: '1', phaseId: 'p1' }),
      recorded(5, { entryId: 'e3', criterionId: 'c2', points: '1' }),
      recorded(6, { entryId: 't1', kind: 'penalty', criterionId: null, points: '0.5', phaseId: 'p2' }),
    ])
      .when(scoresProjection)
      .then({
        rm_score_events: [
          { position: 2, phase_id: 'p1', total_after: 4, phase_total_after: 4, phase_groups_after: { g1: 4, g2: 0 } },
          { position: 3, phase_id: 'p2', total_after: 6, phase_total_after: 2, phase_groups_after: { g1: 0, g2: 2 } },
          { position: 4, phase_id: 'p1', total_after: 7, phase_total_after: 5, phase_bonus_after: 1, phase_groups_after: { g1: 4, g2: 0 } },
          { position: 5, phase_id: null, total_after: 8, phase_total_after: null, phase_bonus_after: null, phase_groups_after: null },
          { position: 6, phase_id: 'p2', total_after: 7.5, phase_total_after: 1.5, phase_penalty_after: 0.5, phase_groups_after: { g1: 0, g2: 2 } },
        ],
        rm_score_state: [
          { scope: '', criteria: { c1: 400, c2: 100, c3: 200 }, bonus: 100, penalty: 50 },
          { scope: 'p1', criteria: { c1: 400 }, bonus: 100, penalty: 0 },
          { scope: 'p2', criteria: { c3: 200 }, bonus: 0, penalty: 50 },
        ],
      }));

  it('caps each group and the bonus, then takes the penalty off', () =>
    given(launched, [
      recorded(2, { entryId: 'e1', points: '8' }),
      recorded(3, { entryId: 'e2', criterionId: 'c2', points: '4' }),
      recorded(4, { entryId: 'b1', kind: 'bonus', criterionId: null, points: '1.5' }),
      // The decider refuses a bonus past its cap; the read model counts at most the cap all the same.
      recorded(5, { entryId: 'b2', kind: 'bonus', criterionId: null, points: '1' }),
      recorded(6, { entryId: 't1', kind: 'penalty', criterionId: null, points: '0.25' }),
    ])
      .when(scoresProjection)
      .then({
        rm_score_events: [
          { position: 2, delta: 8, total_after: 8, bonus_after: 0, penalty_after: 0, groups_after: { g1: 8, g2: 0 } },
          { position: 3, delta: 4, total_after: 10, bonus_after: 0, penalty_after: 0, groups_after: { g1: 10, g2: 0 } },
          { position: 4, delta: 1.5, total_after: 11.5, bonus_after: 1.5, penalty_after: 0, groups_after: { g1: 10, g2: 0 } },
          { position: 5, delta: 1, total_after: 12, bonus_after: 2, penalty_after: 0, groups_after: { g1: 10, g2: 0 } },
          { position: 6, delta: -0.25, total_after: 11.75, bonus_after: 2, penalty_after: 0.25, groups_after: { g1: 10, g2: 0 } },
        ],
        // The running sums stay uncapped: a later reversal must take away exactly what was entered.
        rm_score_state: [{ scope: '', criteria: { c1: 800, c2: 400 }, bonus: 250, penalty: 25 }],
      }));

  it('keeps a veto imposed and lifted in one batch, and the next one', () =>
    given(launched, [
      veto(2, 'VetoImposed', '12/QĐ', '2026-03-01'),
      veto(3, 'VetoLifted', '20/QĐ', '2026-04-15'),
      veto(4, 'VetoImposed', '31/QĐ', '2026-06-01'),
    ])
      .when(scoresProjection)
      .then({
        rm_vetoes: [
          {
            unit_id: UNIT,
            imposed_position: 2,
            decision_no: '12/QĐ',
            decided_on: '2026-03-01',
            lifted_position: 3,
            lift_reason: 'VetoLifted 20/QĐ',
            lift_decision_no: '20/QĐ',
            lifted_on: '2026-04-15',
          },
          {
            unit_id: UNIT,
            imposed_position: 4,
            decision_no: '31/QĐ',
            decided_on: '2026-06-01',
            lifted_position: null,
            lift_reason: null,
            lift_decision_no: null,
            lifted_on: null,
          },
        ],
      }));

  it('keeps an annulled veto with its annulment; a lift after it lifts the next veto only', () =>
    given(launched, [
      veto(2, 'VetoImposed', '12/QĐ', '2026-03-01'),
      veto(3, 'VetoAnnulled', '13/QĐ', '2026-03-02'),
      veto(4, 'VetoImposed', '31/QĐ', '2026-06-01'),
      veto(5, 'VetoLifted', '40/QĐ', '2026-07-01'),
    ])
      .when(scoresProjection)
      .then({
        rm_vetoes: [
          {
            imposed_position: 2,
            annulled_position: 3,
            annul_reason: 'VetoAnnulled 13/QĐ',
            annul_decision_no: '13/QĐ',
            annulled_on: '2026-03-02',
            lifted_position: null,
          },
          { imposed_position: 4, annulled_position: null, lifted_position: 5, lift_decision_no: '40/QĐ' },
        ],
      }));

  it('records a proposal, its approval and the entry the approval writes', () => {
    const change: Extract<ProposedScoreChange, { action: 'record' }> = {
      action: 'record',
      entry: { entryId: 'e9', kind: 'achievement', criterionId: 'c1', points: '2', phaseId: 'p1', period: '2026-06', source: 'ministry', evidence: ['BB-9'] },
    };
    const approval = { proposalId: 'dx-1', proposedBy: 'can-bo-a', approvedBy: 'can-bo-b' };
    return given(
      launched,
      [
        at(2, { type: 'ChangeProposed', data: { campaignId: CAMPAIGN, unitId: UNIT, proposalId: 'dx-1', change, reason: 'Bổ sung', proposedBy: 'can-bo-a' } }),
        at(3, { type: 'ChangeProposed', data: { campaignId: CAMPAIGN, unitId: UNIT, proposalId: 'dx-2', change, reason: 'Trùng', proposedBy: 'can-bo-a' } }),
      ],
      [
        at(
          4,
          {
            type: 'ChangeApproved',
            data: { campaignId: CAMPAIGN, unitId: UNIT, proposalId: 'dx-1', proposedBy: 'can-bo-a', approvedBy: 'can-bo-b', note: 'Đồng ý' },
          },
          { actor: 'can-bo-b' },
        ),
        recorded(5, { ...change.entry, reason: 'Bổ sung', approval }),
        at(6, {
          type: 'ChangeRejected',
          data: { campaignId: CAMPAIGN, unitId: UNIT, proposalId: 'dx-2', proposedBy: 'can-bo-a', rejectedBy: 'can-bo-c', reason: 'Trùng lặp' },
        }),
      ],
    )
      .when(scoresProjection)
      .then({
        rm_proposals: [
          {
            proposal_id: 'dx-1',
            action: 'record',
            change,
            proposed_by: 'can-bo-a',
            proposed_position: 2,
            proposed_at: '2026-01-01T00:00:02+00:00',
            status: 'approved',
            decided_by: 'can-bo-b',
            decided_position: 4,
            decided_at: '2026-01-01T00:00:04+00:00',
            decision_note: 'Đồng ý',
          },
          {
            proposal_id: 'dx-2',
            action: 'record',
            change,
            proposed_by: 'can-bo-a',
            proposed_position: 3,
            proposed_at: '2026-01-01T00:00:03+00:00',
            status: 'rejected',
            decided_by: 'can-bo-c',
            decided_position: 6,
            decided_at: '2026-01-01T00:00:06+00:00',
            decision_note: 'Trùng lặp',
          },
        ],
        rm_score_events: [
          {
            position: 5,
            entry_id: 'e9',
            source: 'ministry',
            phase_id: 'p1',
            total_after: 2,
            proposal_id: 'dx-1',
            proposed_by: 'can-bo-a',
            approved_by: 'can-bo-b',
          },
        ],
      });
  });
});
