import { describe, expect, it } from '@jest/globals';
import { scorecardDecider, type ScorecardCommand, type ScorecardContext } from '../../../src/ledger/scores/scorecard.decider.js';
import { fold } from '../../../src/ledger/decider.js';
import { NotFoundError, AlreadyExistsError } from '../../../src/ledger/errors.js';
import type { CampaignEvent, ChangeProposed, ProposedScoreChange, ScoreEntryRecorded, ScoreEvent } from '../../../src/ledger/events.js';
import { spec } from './given.js';
import { CAMPAIGN_ID, campaignState, PHASE_CLOSED, PHASE_OPEN, standardCampaignEvents, thrownBy, UNITS } from './fixtures.js';

// Two-person rule (docs/domain.md §8, issue 4): in a closed phase or campaign a score changes only
// when one administrator proposes and another approves; the approval writes the change.

const given = spec(scorecardDecider);
const UNIT = UNITS.haiPhong;
const ctx: ScorecardContext = { campaign: campaignState(...standardCampaignEvents) };
const closedCampaign: CampaignEvent[] = [...standardCampaignEvents, { type: 'CampaignClosed', data: { campaignId: CAMPAIGN_ID } }];
const closedCtx: ScorecardContext = { campaign: campaignState(...closedCampaign) };
const PROPOSER = 'admin:nguyen-van-a';
const APPROVER = 'admin:tran-thi-b';
const REASON = 'Kiểm tra chéo phát hiện nhập trùng số liệu tháng 11';

const entry = (entryId: string, phaseId: string | null, points = '15'): ScoreEntryRecorded => ({
  type: 'ScoreEntryRecorded',
  data: {
    campaignId: CAMPAIGN_ID,
    unitId: UNIT,
    entryId,
    kind: 'achievement',
    criterionId: 'dieu-tra-an-nghiem-trong',
    points,
    phaseId,
    period: phaseId === PHASE_CLOSED ? '2026-02' : '2026-06',
    source: 'self-assessment',
    reason: 'Tự chấm',
    evidence: ['bc-01'],
    replaces: null,
  },
});
const propose = (proposalId: string, change: ProposedScoreChange, actor = PROPOSER): ScorecardCommand => ({
  type: 'ProposeChange',
  campaignId: CAMPAIGN_ID,
  unitId: UNIT,
  proposalId,
  change,
  reason: REASON,
  actor,
});
const proposed = (proposalId: string, change: ProposedScoreChange, proposedBy = PROPOSER): ChangeProposed => ({
  type: 'ChangeProposed',
  data: { campaignId: CAMPAIGN_ID, unitId: UNIT, proposalId, change, reason: REASON, proposedBy },
});
const approve = (proposalId: string, actor = APPROVER): ScorecardCommand => ({
  type: 'ApproveChange',
  campaignId: CAMPAIGN_ID,
  unitId: UNIT,
  proposalId,
  actor,
  note: null,
});
const reject = (proposalId: string, actor = APPROVER): ScorecardCommand => ({
  type: 'RejectChange',
  campaignId: CAMPAIGN_ID,
  unitId: UNIT,
  proposalId,
  actor,
  reason: 'Không đủ căn cứ',
});
const reverseChange: ProposedScoreChange = { action: 'reverse', entryId: 'e-1' };
const approval = (proposalId: string) => ({ proposalId, proposedBy: PROPOSER, approvedBy: APPROVER });

describe('proposals: a change to a closed phase or campaign', () => {
  it('is refused when made directly, and the refusal points at the proposal', () => {
    const error = thrownBy(() =>
      scorecardDecider.decide(
        { type: 'ReverseScoreEntry', campaignId: CAMPAIGN_ID, unitId: UNIT, entryId: 'e-1', reason: REASON },
        fold(scorecardDecider, [entry('e-1', PHASE_CLOSED)]),
        ctx,
      ),
    );
    expect(error).toMatchObject({ code: 'phase-closed', field: 'entryId' });
    expect((error as Error).message).toContain('propose');
  });

  it('is proposed when the entry belongs to a closed phase', () => {
    given([entry('e-1', PHASE_CLOSED)], ctx)
      .when(propose('p-1', reverseChange))
      .then([proposed('p-1', reverseChange)]);
  });

  it('is proposed when the campaign is closed', () => {
    const change: ProposedScoreChange = { action: 'correct', entryId: 'e-1', replacementEntryId: 'e-1-r', points: '12', evidence: null };
    given([entry('e-1', null)], closedCtx)
      .when(propose('p-1', change))
      .then([proposed('p-1', change)]);
  });

  it('can record a missing entry in a closed phase', () => {
    const change: ProposedScoreChange = {
      action: 'record',
      entry: { entryId: 'e-late', kind: 'bonus', criterionId: null, points: '2', phaseId: PHASE_CLOSED, period: '2026-02', source: 'ministry', evidence: [] },
    };
    given([], ctx)
      .when(propose('p-1', change))
      .then([proposed('p-1', change)]);
  });

  it('is refused as a proposal while the phase and campaign are open (approval-not-needed)', () => {
    given([entry('e-1', PHASE_OPEN)], ctx)
      .when(propose('p-1', reverseChange))
      .thenRefuses('approval-not-needed', 'action');
  });

  it('is checked as if approved: an unknown entry, a second reversal, a criterion above its maximum', () => {
    expect(thrownBy(() => scorecardDecider.decide(propose('p-1', reverseChange), fold(scorecardDecider, []), closedCtx))).toBeInstanceOf(NotFoundError);
    given(
      [entry('e-1', null), { type: 'ScoreEntryReversed', data: { campaignId: CAMPAIGN_ID, unitId: UNIT, entryId: 'e-1', reason: 'x', correctedBy: null } }],
      closedCtx,
    )
      .when(propose('p-1', reverseChange))
      .thenRefuses('entry-already-reversed');
    given([entry('e-1', null)], closedCtx)
      .when(propose('p-1', { action: 'correct', entryId: 'e-1', replacementEntryId: 'e-1-r', points: '25', evidence: null }))
      .thenRefuses('criterion-max-exceeded');
  });

  it('refuses a proposal id used before', () => {
    const history: ScoreEvent[] = [entry('e-1', PHASE_CLOSED), proposed('p-1', reverseChange)];
    expect(thrownBy(() => scorecardDecider.decide(propose('p-1', reverseChange), fold(scorecardDecider, history), ctx))).toBeInstanceOf(AlreadyExistsError);
  });
});

describe('proposals: approval by a second administrator', () => {
  const history: ScoreEvent[] = [entry('e-1', PHASE_CLOSED), proposed('p-1', reverseChange)];

  it('writes the approval and the compensating event, naming proposer and approver', () => {
    given(history, ctx)
      .when(approve('p-1'))
      .then([
        { type: 'ChangeApproved', data: { campaignId: CAMPAIGN_ID, unitId: UNIT, proposalId: 'p-1', proposedBy: PROPOSER, approvedBy: APPROVER, note: null } },
        {
          type: 'ScoreEntryReversed',
          data: { campaignId: CAMPAIGN_ID, unitId: UNIT, entryId: 'e-1', reason: REASON, correctedBy: null, approval: approval('p-1') },
        },
      ]);
  });

  it('writes a correction as reversal plus replacement, both carrying the approval', () => {
    const change: ProposedScoreChange = { action: 'correct', entryId: 'e-1', replacementEntryId: 'e-1-r', points: '12', evidence: null };
    given([entry('e-1', PHASE_CLOSED), proposed('p-2', change)], ctx)
      .when(approve('p-2'))
      .then([
        { type: 'ChangeApproved', data: { campaignId: CAMPAIGN_ID, unitId: UNIT, proposalId: 'p-2', proposedBy: PROPOSER, approvedBy: APPROVER, note: null } },
        {
          type: 'ScoreEntryReversed',
          data: { campaignId: CAMPAIGN_ID, unitId: UNIT, entryId: 'e-1', reason: REASON, correctedBy: 'e-1-r', approval: approval('p-2') },
        },
        {
          ...entry('e-1-r', PHASE_CLOSED, '12'),
          data: { ...entry('e-1-r', PHASE_CLOSED, '12').data, reason: REASON, replaces: 'e-1', approval: approval('p-2') },
        },
      ]);
  });

  it('the approved change moves the totals; a pending one does not', () => {
    expect(fold(scorecardDecider, history).criterionTotals.get('dieu-tra-an-nghiem-trong')).toBe(1500);
    const events = scorecardDecider.decide(approve('p-1'), fold(scorecardDecider, history), ctx);
    const state = fold(scorecardDecider, [...history, ...events]);
    expect(state.criterionTotals.get('dieu-tra-an-nghiem-trong')).toBe(0);
    expect(state.pending.size).toBe(0);
  });

  it('refuses approval by the proposer (second-person-required, naming Authorization)', () => {
    given(history, ctx).when(approve('p-1', PROPOSER)).thenRefuses('second-person-required', 'Authorization');
    given(history, ctx).when(reject('p-1', PROPOSER)).thenRefuses('second-person-required', 'Authorization');
  });

  it('refuses deciding a proposal twice, and an unknown proposal', () => {
    const approved = [...history, ...scorecardDecider.decide(approve('p-1'), fold(scorecardDecider, history), ctx)];
    given(approved, ctx).when(approve('p-1', 'admin:le-van-c')).thenRefuses('proposal-already-decided');
    given(approved, ctx).when(reject('p-1', 'admin:le-van-c')).thenRefuses('proposal-already-decided');
    expect(thrownBy(() => scorecardDecider.decide(approve('p-9'), fold(scorecardDecider, history), ctx))).toBeInstanceOf(NotFoundError);
  });

  it('decides again at approval: a change that became invalid is refused and stays pending', () => {
    const both: ScoreEvent[] = [entry('e-1', PHASE_CLOSED), proposed('p-1', reverseChange), proposed('p-2', reverseChange)];
    const first = scorecardDecider.decide(approve('p-1'), fold(scorecardDecider, both), ctx);
    given([...both, ...first], ctx)
      .when(approve('p-2'))
      .thenRefuses('entry-already-reversed');
  });

  it('a rejection writes no score change and closes the proposal', () => {
    given(history, ctx)
      .when(reject('p-1'))
      .then([
        {
          type: 'ChangeRejected',
          data: { campaignId: CAMPAIGN_ID, unitId: UNIT, proposalId: 'p-1', proposedBy: PROPOSER, rejectedBy: APPROVER, reason: 'Không đủ căn cứ' },
        },
      ]);
  });
});
