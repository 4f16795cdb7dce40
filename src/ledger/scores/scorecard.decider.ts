import type { Decider } from '../decider.js';
import { AlreadyExistsError, DomainRuleError, NotFoundError, unknownReference } from '../errors.js';
import type {
  Approval,
  ProposedScoreChange,
  ScoreEntryKind,
  ScoreEntryRecorded,
  ScoreEntryReversed,
  ScoreEvent,
  ScoreSource,
  VetoDecision,
} from '../events.js';
import { MAX_SCORE_ENTRIES, requireBusinessDates, requirePointsWithinLimit } from '../limits.js';
import { formatPoints, parsePoints, type Hundredths } from '../points.js';
import { requireOpenCampaign, type CampaignState, type ParsedScale } from '../campaigns/campaign.decider.js';
import { isPeriod, monthOf, PERIOD_RULE, periodWithin } from './periods.js';
import { NO_SUMS, withEntry, type ScorecardSums } from './scorecard-totals.js';
import type { UnitEnd } from '../registry/unit.decider.js';

export interface ScoreEntry {
  entryId: string;
  kind: ScoreEntryKind;
  criterionId: string | null;
  points: Hundredths;
  phaseId: string | null;
  /** The month it counts for (`YYYY-MM`), and the day it happened when known. */
  period: string;
  occurredOn: string | null;
  source: ScoreSource;
  evidence: string[];
  reversed: boolean;
  /** Set when reversed by a correction: the replacement (a later correction of this entry follows the chain to the live one). */
  correctedBy: string | null;
}

/** A change waiting for a second administrator (docs/domain.md §8: corrections of closed periods). */
export interface PendingProposal {
  change: ProposedScoreChange;
  reason: string;
  proposedBy: string;
}

/** One unit's score in one campaign: its entries and the running sums the rules look at. */
export interface ScorecardState extends ScorecardSums {
  entries: Map<string, ScoreEntry>;
  /** The veto (điểm liệt) in force, if any. */
  veto: VetoDecision | null;
  /** Proposals not yet approved or rejected. */
  pending: Map<string, PendingProposal>;
  /** Every proposal id ever made (decided ones too): an id names one proposal for ever. */
  proposalIds: Set<string>;
}

/** An entry as a command states it: what it records, and why. */
export interface NewScoreEntry extends Omit<ScoreEntry, 'reversed' | 'correctedBy'> {
  reason: string;
}

type EntryChange =
  | ({ type: 'RecordScoreEntry'; campaignId: string; unitId: string } & NewScoreEntry)
  | { type: 'ReverseScoreEntry'; campaignId: string; unitId: string; entryId: string; reason: string }
  | {
      type: 'CorrectScoreEntry';
      campaignId: string;
      unitId: string;
      entryId: string;
      replacementEntryId: string;
      points: Hundredths;
      reason: string;
      /** Evidence for the corrected value; by default the replacement keeps the original's. */
      evidence: string[] | null;
    };

export type ScorecardCommand =
  | EntryChange
  | ({ type: 'ImposeVeto' | 'LiftVeto' | 'AnnulVeto'; campaignId: string; unitId: string } & VetoDecision)
  | { type: 'ProposeChange'; campaignId: string; unitId: string; proposalId: string; change: ProposedScoreChange; reason: string; actor: string }
  | { type: 'ApproveChange'; campaignId: string; unitId: string; proposalId: string; actor: string; note: string | null }
  | { type: 'RejectChange'; campaignId: string; unitId: string; proposalId: string; actor: string; reason: string };

export interface ScorecardContext {
  campaign: CampaignState;
  /**
   * How the unit ended (merged or dissolved, on its effective date), if it did: entries of days on
   * or after that date are refused (docs/domain.md §5, the reorganisation). Absent: the unit stands.
   */
  unitEnd?: UnitEnd | null;
}

type ExistingCampaign = Extract<CampaignState, { exists: true }>;

export const scorecardDecider: Decider<ScorecardState, ScorecardCommand, ScoreEvent, ScorecardContext> = {
  initialState: () => ({ ...NO_SUMS, entries: new Map(), veto: null, pending: new Map(), proposalIds: new Set() }),

  decide(command, state, { campaign, unitEnd = null }): ScoreEvent[] {
    const { campaignId, unitId } = command;
    switch (command.type) {
      case 'ImposeVeto':
      case 'LiftVeto':
      case 'AnnulVeto': {
        // A veto is decided at reviews, often after the campaign or phase has closed.
        if (!campaign.exists) throw new NotFoundError('campaign', campaignId);
        const { reason, decisionNo, decidedOn } = command;
        requireBusinessDates({ decidedOn });
        if (command.type === 'ImposeVeto') {
          if (state.veto) throw new DomainRuleError('veto-already-imposed', `a veto is already in force for '${unitId}' (decision ${state.veto.decisionNo})`);
          // A veto is for what happened in the campaign: decided within its dates (its lifting may come later, on review).
          if (decidedOn < campaign.startsOn || decidedOn > campaign.endsOn) {
            throw new DomainRuleError(
              'veto-outside-campaign',
              `a veto of campaign '${campaignId}' is decided within its dates, ${campaign.startsOn} to ${campaign.endsOn}, not on ${decidedOn}`,
              'decidedOn',
              { startsOn: campaign.startsOn, endsOn: campaign.endsOn },
            );
          }
          return [{ type: 'VetoImposed', data: { campaignId, unitId, reason, decisionNo, decidedOn } }];
        }
        if (!state.veto) throw new DomainRuleError('veto-not-imposed', `no veto is in force for '${unitId}'`);
        const verb = command.type === 'LiftVeto' ? 'lifted' : 'annulled';
        if (decidedOn < state.veto.decidedOn)
          throw new DomainRuleError('invalid-period', `a veto cannot be ${verb} before it was imposed (${state.veto.decidedOn})`, 'decidedOn');
        return [{ type: command.type === 'LiftVeto' ? 'VetoLifted' : 'VetoAnnulled', data: { campaignId, unitId, reason, decisionNo, decidedOn } }];
      }
      case 'ProposeChange': {
        if (!campaign.exists) throw new NotFoundError('campaign', campaignId);
        if (state.proposalIds.has(command.proposalId)) throw new AlreadyExistsError('proposal', command.proposalId);
        const change = entryChange(campaignId, unitId, command.change, command.reason);
        // Checked now as if approved, so that what waits for approval is a change that could be made.
        planChange(change, state, campaign, null, unitEnd);
        if (closure(change, state, campaign) === null) {
          throw new DomainRuleError('approval-not-needed', 'the campaign and the phase are open: make the change directly, without a proposal', 'action');
        }
        const { proposalId, reason, actor } = command;
        return [{ type: 'ChangeProposed', data: { campaignId, unitId, proposalId, change: command.change, reason, proposedBy: actor } }];
      }
      case 'ApproveChange':
      case 'RejectChange': {
        const proposal = state.pending.get(command.proposalId);
        if (!proposal) {
          if (state.proposalIds.has(command.proposalId))
            throw new DomainRuleError('proposal-already-decided', `proposal '${command.proposalId}' has already been approved or rejected`);
          throw new NotFoundError('proposal', command.proposalId);
        }
        if (command.actor === proposal.proposedBy) {
          throw new DomainRuleError(
            'second-person-required',
            `proposal '${command.proposalId}' must be ${command.type === 'ApproveChange' ? 'approved' : 'rejected'} by an administrator other than its proposer '${proposal.proposedBy}' (another account)`,
            'Authorization',
          );
        }
        const { proposalId, actor } = command;
        if (command.type === 'RejectChange') {
          return [
            { type: 'ChangeRejected', data: { campaignId, unitId, proposalId, proposedBy: proposal.proposedBy, rejectedBy: actor, reason: command.reason } },
          ];
        }
        if (!campaign.exists) throw new NotFoundError('campaign', campaignId);
        const approval: Approval = { proposalId, proposedBy: proposal.proposedBy, approvedBy: actor };
        // Decided again on today's scorecard: what was valid when proposed may no longer be.
        const writes = planChange(entryChange(campaignId, unitId, proposal.change, proposal.reason), state, campaign, approval, unitEnd);
        return [
          { type: 'ChangeApproved', data: { campaignId, unitId, proposalId, proposedBy: proposal.proposedBy, approvedBy: actor, note: command.note } },
          ...writes,
        ];
      }
      default: {
        const open = requireOpenCampaign(campaign, campaignId);
        const closed = closure(command, state, open);
        if (closed)
          throw new DomainRuleError(
            'phase-closed',
            `phase '${closed.phaseId}' is closed: propose the change for a second administrator's approval (POST …/proposals)`,
            closed.field,
          );
        return planChange(command, state, open, null, unitEnd);
      }
    }
  },

  evolve: apply,
};

/**
 * The events an entry change writes, checked against the scale and the scorecard (not against
 * open or closed periods: that is closure()'s concern, so a proposal is checked the same way).
 */
function planChange(change: EntryChange, state: ScorecardState, campaign: ExistingCampaign, approval: Approval | null, unitEnd: UnitEnd | null): ScoreEvent[] {
  const { campaignId, unitId } = change;
  const { scale } = campaign;
  const approved = approval === null ? {} : { approval };
  switch (change.type) {
    case 'RecordScoreEntry': {
      if (state.entries.has(change.entryId)) {
        throw new DomainRuleError('entry-already-recorded', `score entry '${change.entryId}' is already recorded`, 'entryId');
      }
      const recorded = recordedEvent(campaignId, unitId, change, null, approval);
      requireEntryShape(scale, change);
      requirePeriod(campaign, change);
      requireUnitStands(unitId, unitEnd, change);
      requireWithinLimits(scale, apply(state, recorded));
      return [recorded];
    }
    case 'ReverseScoreEntry': {
      const entry = requireReversible(state, change.entryId);
      const reversed: ScoreEntryReversed = {
        type: 'ScoreEntryReversed',
        data: { campaignId, unitId, entryId: entry.entryId, reason: change.reason, correctedBy: null, ...approved },
      };
      requireWithinLimits(scale, apply(state, reversed));
      return [reversed];
    }
    case 'CorrectScoreEntry': {
      // The entry the user knows may have been corrected already: the correction applies to its live replacement.
      const entry = requireReversible(state, liveEntryId(state, change.entryId));
      if (state.entries.has(change.replacementEntryId)) {
        throw new DomainRuleError('entry-already-recorded', `score entry '${change.replacementEntryId}' is already recorded`, 'entryId');
      }
      // The replacement counts for the same month as the entry it corrects (a correction to March stays in March).
      const replacement: NewScoreEntry = {
        ...entry,
        entryId: change.replacementEntryId,
        points: change.points,
        reason: change.reason,
        evidence: change.evidence ?? entry.evidence,
      };
      requireEntryShape(scale, replacement);
      const recorded = recordedEvent(campaignId, unitId, replacement, entry.entryId, approval);
      const events: ScoreEvent[] = [
        {
          type: 'ScoreEntryReversed',
          data: { campaignId, unitId, entryId: entry.entryId, reason: change.reason, correctedBy: replacement.entryId, ...approved },
        },
        recorded,
      ];
      requireWithinLimits(scale, events.reduce(apply, state));
      return events;
    }
  }
}

/**
 * A unit merged (or dissolved) on a date scores nothing from that date: an entry's day is its
 * `occurredOn`, else the first day of its month. Its history (earlier entries, their reversals and
 * corrections) stays under its id; after a merge the successor's reads count it (docs/domain.md §5).
 */
function requireUnitStands(unitId: string, unitEnd: UnitEnd | null, entry: Pick<NewScoreEntry, 'period' | 'occurredOn'>): void {
  if (unitEnd === null) return;
  const day = entry.occurredOn ?? `${entry.period}-01`;
  if (day < unitEnd.on) return;
  const detail =
    unitEnd.how === 'merged' && unitEnd.successorId !== null
      ? `'${unitId}' was merged into '${unitEnd.successorId}' on ${unitEnd.on}; record for '${unitEnd.successorId}'`
      : `'${unitId}' was dissolved on ${unitEnd.on}${unitEnd.successorId ? `; record for '${unitEnd.successorId}'` : ''}`;
  throw new DomainRuleError('unit-ended', detail, 'unitId', { ...unitEnd });
}

/**
 * Why a change needs a second administrator: the campaign is closed, or the phase it touches is
 * (the entry's own phase; for a reversal or correction, the phase of the entry it compensates).
 * Null: the change may be made directly. Unknown phases are refused here (422 naming the field).
 */
function closure(change: EntryChange, state: ScorecardState, campaign: ExistingCampaign): { phaseId: string | null; field: string } | null {
  const [phaseId, field] = change.type === 'RecordScoreEntry' ? [change.phaseId, 'phaseId'] : [state.entries.get(change.entryId)?.phaseId ?? null, 'entryId'];
  if (phaseId !== null) {
    const phase = campaign.phases.get(phaseId);
    if (!phase) throw unknownReference('phase', phaseId, field);
    if (phase.closed) return { phaseId, field };
  }
  return campaign.closed ? { phaseId: null, field } : null;
}

/** A proposed change as the entry command it stands for. */
function entryChange(campaignId: string, unitId: string, change: ProposedScoreChange, reason: string): EntryChange {
  switch (change.action) {
    case 'record':
      return {
        type: 'RecordScoreEntry',
        campaignId,
        unitId,
        ...change.entry,
        occurredOn: change.entry.occurredOn ?? null,
        points: parsePoints(change.entry.points),
        reason,
      };
    case 'reverse':
      return { type: 'ReverseScoreEntry', campaignId, unitId, entryId: change.entryId, reason };
    case 'correct':
      return {
        type: 'CorrectScoreEntry',
        campaignId,
        unitId,
        entryId: change.entryId,
        replacementEntryId: change.replacementEntryId,
        points: parsePoints(change.points),
        reason,
        evidence: change.evidence,
      };
  }
}

function apply(state: ScorecardState, event: ScoreEvent): ScorecardState {
  if (event.type === 'VetoImposed') {
    const { reason, decisionNo, decidedOn } = event.data;
    return { ...state, veto: { reason, decisionNo, decidedOn } };
  }
  if (event.type === 'VetoLifted' || event.type === 'VetoAnnulled') return { ...state, veto: null };
  if (event.type === 'ChangeProposed') {
    const { proposalId, change, reason, proposedBy } = event.data;
    return {
      ...state,
      pending: new Map(state.pending).set(proposalId, { change, reason, proposedBy }),
      proposalIds: new Set(state.proposalIds).add(proposalId),
    };
  }
  if (event.type === 'ChangeApproved' || event.type === 'ChangeRejected') {
    const pending = new Map(state.pending);
    pending.delete(event.data.proposalId);
    return { ...state, pending };
  }
  if (event.type === 'ScoreEntryRecorded') {
    const { entryId, kind, criterionId, phaseId, period, source, evidence } = event.data;
    const entry: ScoreEntry = {
      entryId,
      kind,
      criterionId,
      points: parsePoints(event.data.points),
      phaseId,
      period,
      occurredOn: event.data.occurredOn ?? null,
      source,
      evidence,
      reversed: false,
      correctedBy: null,
    };
    return withEntry({ ...state, entries: new Map(state.entries).set(entryId, entry) }, entry, 1);
  }
  const entry = state.entries.get(event.data.entryId);
  // decide() refuses a second reversal; a log that holds one anyway must not subtract twice.
  if (!entry || entry.reversed) return state;
  const reversed = { ...entry, reversed: true, correctedBy: event.data.correctedBy };
  return withEntry({ ...state, entries: new Map(state.entries).set(entry.entryId, reversed) }, entry, -1);
}

function recordedEvent(campaignId: string, unitId: string, entry: NewScoreEntry, replaces: string | null, approval: Approval | null): ScoreEntryRecorded {
  const { entryId, kind, criterionId, phaseId, period, occurredOn, source, reason, evidence } = entry;
  return {
    type: 'ScoreEntryRecorded',
    data: {
      campaignId,
      unitId,
      entryId,
      kind,
      criterionId,
      points: formatPoints(entry.points),
      phaseId,
      period,
      ...(occurredOn === null ? {} : { occurredOn }),
      source,
      reason,
      evidence,
      replaces,
      ...(approval ? { approval } : {}),
    },
  };
}

function requireEntryShape(scale: ParsedScale, entry: Pick<NewScoreEntry, 'kind' | 'criterionId' | 'points'>): void {
  const needsCriterion = entry.kind === 'achievement' || entry.kind === 'adjustment';
  if (needsCriterion) {
    if (entry.criterionId === null) throw new DomainRuleError('criterion-required', `an ${entry.kind} entry needs a criterionId`, 'criterionId');
    if (!scale.criteria.has(entry.criterionId)) throw unknownReference('criterion', entry.criterionId, 'criterionId');
  } else if (entry.criterionId !== null) {
    throw new DomainRuleError('criterion-not-allowed', `a ${entry.kind} entry does not belong to a criterion`, 'criterionId');
  }
  if (entry.kind === 'adjustment' ? entry.points === 0 : entry.points <= 0) {
    throw new DomainRuleError(
      'invalid-points-sign',
      entry.kind === 'adjustment' ? 'an adjustment cannot be zero' : `${entry.kind} points must be greater than zero`,
      'points',
    );
  }
}

/**
 * A phase whose withdrawal is proposed takes no new entry until a second administrator decides
 * (docs/rules.md, a phase withdrawn after it has started): the entry's decision reads the campaign
 * stream, so one that read it before the proposal is decided again after it, and every live entry
 * of the phase precedes the proposal in the log, where the approval's check sees it.
 */
function requireNoPendingWithdrawal(campaign: ExistingCampaign, phaseId: string): void {
  for (const [proposalId, proposal] of campaign.withdrawalProposals) {
    if (proposal.phaseId !== phaseId || proposal.status !== 'pending') continue;
    throw new DomainRuleError(
      'phase-withdrawal-pending',
      `the withdrawal of phase '${phaseId}' is proposed (${proposalId}): it takes no new entries until a second administrator approves or rejects it`,
      'phaseId',
      { proposalId },
    );
  }
}

/** The month an entry counts for lies within the campaign's dates and, with a phase, the phase's; its day inside that month. */
function requirePeriod(campaign: ExistingCampaign, entry: Pick<NewScoreEntry, 'period' | 'occurredOn' | 'phaseId'>): void {
  const { period, occurredOn, phaseId } = entry;
  if (!isPeriod(period)) throw new DomainRuleError('invalid-period', `period ${PERIOD_RULE}, not '${String(period).slice(0, 40)}'`, 'period');
  if (!periodWithin(period, campaign.startsOn, campaign.endsOn)) {
    throw new DomainRuleError(
      'period-outside-campaign',
      `period ${period} is outside campaign '${campaign.campaignId}' (${campaign.startsOn} to ${campaign.endsOn})`,
      'period',
      { startsOn: campaign.startsOn, endsOn: campaign.endsOn },
    );
  }
  if (phaseId !== null) {
    const phase = campaign.phases.get(phaseId);
    if (!phase) throw unknownReference('phase', phaseId, 'phaseId');
    requireNoPendingWithdrawal(campaign, phaseId);
    if (!periodWithin(period, phase.startsOn, phase.endsOn)) {
      throw new DomainRuleError('period-outside-phase', `period ${period} is outside phase '${phaseId}' (${phase.startsOn} to ${phase.endsOn})`, 'period', {
        startsOn: phase.startsOn,
        endsOn: phase.endsOn,
      });
    }
  }
  if (occurredOn !== null) {
    requireBusinessDates({ occurredOn });
    if (monthOf(occurredOn) !== period) {
      throw new DomainRuleError('occurred-outside-period', `occurredOn ${occurredOn} is not in the entry's period ${period}`, 'occurredOn', { period });
    }
  }
}

/** Follows the correction chain from an entry to its live replacement (the entry itself when it was not corrected). */
function liveEntryId(state: ScorecardState, entryId: string): string {
  let id = entryId;
  for (let hops = 0; hops <= state.entries.size; hops++) {
    const entry = state.entries.get(id);
    if (!entry?.correctedBy) return id;
    id = entry.correctedBy;
  }
  return id;
}

function requireReversible(state: ScorecardState, entryId: string): ScoreEntry {
  const entry = state.entries.get(entryId);
  if (!entry) throw new NotFoundError('score-entry', entryId);
  if (entry.reversed) throw new DomainRuleError('entry-already-reversed', `score entry '${entryId}' has already been reversed`, 'entryId');
  return entry;
}

/** Each criterion's running total stays within [0, its maximum] (the bonus is counted up to its cap, not refused). */
function requireWithinLimits(scale: ParsedScale, after: ScorecardState): void {
  for (const [criterionId, total] of after.criterionTotals) {
    const max = scale.criteria.get(criterionId)?.max ?? 0;
    if (total > max) {
      throw new DomainRuleError(
        'criterion-max-exceeded',
        `criterion '${criterionId}' would reach ${formatPoints(total)}, above its maximum ${formatPoints(max)}`,
        'points',
        { criterionId, total: total / 100, max: max / 100 },
      );
    }
    if (total < 0) {
      throw new DomainRuleError('criterion-below-zero', `criterion '${criterionId}' would fall to ${formatPoints(total)}, below zero`, 'points', {
        criterionId,
        total: total / 100,
      });
    }
  }
  // Bonus beyond the cap is recorded and counted up to the cap (docs/domain.md §5: min(cap, bonus)).
  // limits.ts: what the read models hold. The raw bonus and the penalty total have no cap of their own.
  requirePointsWithinLimit(after.bonus, 'points', 'the bonus total');
  requirePointsWithinLimit(after.penalty, 'points', 'the penalty total');
  if (after.entries.size > MAX_SCORE_ENTRIES) {
    throw new DomainRuleError('scorecard-full', `a scorecard holds at most ${MAX_SCORE_ENTRIES} entries (limits.ts)`, 'entryId', { limit: MAX_SCORE_ENTRIES });
  }
}
