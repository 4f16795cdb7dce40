import type { Decider } from '../decider.js';
import { DomainRuleError, NotFoundError, unknownReference } from '../errors.js';
import type { ScoreEntryKind, ScoreEntryRecorded, ScoreEntryReversed, ScoreEvent, ScoreSource, VetoDecision } from '../events.js';
import { formatPoints, parsePoints, type Hundredths } from '../points.js';
import { requireOpenCampaign, type CampaignState, type ParsedScale } from '../campaigns/campaign.decider.js';

export interface ScoreEntry {
  entryId: string;
  kind: ScoreEntryKind;
  criterionId: string | null;
  points: Hundredths;
  phaseId: string | null;
  source: ScoreSource;
  evidence: string[];
  reversed: boolean;
}

/** One unit's score in one campaign: its entries and the running sums the rules look at. */
export interface ScorecardState {
  entries: Map<string, ScoreEntry>;
  criterionTotals: Map<string, Hundredths>;
  bonus: Hundredths;
  penalty: Hundredths;
  /** The veto (điểm liệt) in force, if any. */
  veto: VetoDecision | null;
}

/** An entry as a command states it: what it records, and why. */
export interface NewScoreEntry extends Omit<ScoreEntry, 'reversed'> {
  reason: string;
}

export type ScorecardCommand =
  | ({ type: 'RecordScoreEntry'; campaignId: string; unitId: string } & NewScoreEntry)
  | { type: 'ReverseScoreEntry'; campaignId: string; unitId: string; entryId: string; reason: string }
  | {
      type: 'CorrectScoreEntry'; campaignId: string; unitId: string; entryId: string; replacementEntryId: string; points: Hundredths; reason: string;
      /** Evidence for the corrected value; by default the replacement keeps the original's. */
      evidence: string[] | null;
    }
  | ({ type: 'ImposeVeto' | 'LiftVeto'; campaignId: string; unitId: string } & VetoDecision);

export interface ScorecardContext { campaign: CampaignState }

export const scorecardDecider: Decider<ScorecardState, ScorecardCommand, ScoreEvent, ScorecardContext> = {
  initialState: () => ({ entries: new Map(), criterionTotals: new Map(), bonus: 0, penalty: 0, veto: null }),

  decide(command, state, { campaign }): ScoreEvent[] {
    const { campaignId, unitId } = command;
    if (command.type === 'ImposeVeto' || command.type === 'LiftVeto') {
      // A veto is decided at reviews, often after the campaign or phase has closed.
      if (!campaign.exists) throw new NotFoundError('campaign', campaignId);
      const { reason, decisionNo, decidedOn } = command;
      if (command.type === 'ImposeVeto') {
        if (state.veto) throw new DomainRuleError('veto-already-imposed', `a veto is already in force for '${unitId}' (decision ${state.veto.decisionNo})`);
        return [{ type: 'VetoImposed', data: { campaignId, unitId, reason, decisionNo, decidedOn } }];
      }
      if (!state.veto) throw new DomainRuleError('veto-not-imposed', `no veto is in force for '${unitId}'`);
      if (decidedOn < state.veto.decidedOn) throw new DomainRuleError('invalid-period', `a veto cannot be lifted before it was imposed (${state.veto.decidedOn})`, 'decidedOn');
      return [{ type: 'VetoLifted', data: { campaignId, unitId, reason, decisionNo, decidedOn } }];
    }
    const open = requireOpenCampaign(campaign, command.campaignId);
    switch (command.type) {
      case 'RecordScoreEntry': {
        if (state.entries.has(command.entryId)) {
          throw new DomainRuleError('entry-already-recorded', `score entry '${command.entryId}' is already recorded`, 'entryId');
        }
        const recorded = recordedEvent(campaignId, unitId, command, null);
        requireOpenPhase(open, command.phaseId, 'phaseId');
        requireEntryShape(open.scale, command);
        requireWithinLimits(open.scale, apply(state, recorded));
        return [recorded];
      }
      case 'ReverseScoreEntry': {
        const entry = requireReversible(state, command.entryId);
        requireOpenPhase(open, entry.phaseId, 'entryId');
        const reversed: ScoreEntryReversed = { type: 'ScoreEntryReversed', data: { campaignId, unitId, entryId: entry.entryId, reason: command.reason, correctedBy: null } };
        requireWithinLimits(open.scale, apply(state, reversed));
        return [reversed];
      }
      case 'CorrectScoreEntry': {
        const entry = requireReversible(state, command.entryId);
        requireOpenPhase(open, entry.phaseId, 'entryId');
        if (state.entries.has(command.replacementEntryId)) {
          throw new DomainRuleError('entry-already-recorded', `score entry '${command.replacementEntryId}' is already recorded`, 'entryId');
        }
        const replacement: NewScoreEntry = { ...entry, entryId: command.replacementEntryId, points: command.points, reason: command.reason, evidence: command.evidence ?? entry.evidence };
        requireEntryShape(open.scale, replacement);
        const events: ScoreEvent[] = [
          { type: 'ScoreEntryReversed', data: { campaignId, unitId, entryId: entry.entryId, reason: command.reason, correctedBy: replacement.entryId } },
          recordedEvent(campaignId, unitId, replacement, entry.entryId),
        ];
        requireWithinLimits(open.scale, events.reduce(apply, state));
        return events;
      }
    }
  },

  evolve: apply,
};

/** The signed change an entry makes to its criterion, to the bonus, or to the penalty. */
export function effectOf(entry: Pick<ScoreEntry, 'kind' | 'points'>): { criterion: Hundredths; bonus: Hundredths; penalty: Hundredths } {
  switch (entry.kind) {
    case 'achievement':
    case 'adjustment':
      return { criterion: entry.points, bonus: 0, penalty: 0 };
    case 'bonus':
      return { criterion: 0, bonus: entry.points, penalty: 0 };
    case 'penalty':
      return { criterion: 0, bonus: 0, penalty: entry.points };
  }
}

function apply(state: ScorecardState, event: ScoreEvent): ScorecardState {
  if (event.type === 'VetoImposed') {
    const { reason, decisionNo, decidedOn } = event.data;
    return { ...state, veto: { reason, decisionNo, decidedOn } };
  }
  if (event.type === 'VetoLifted') return { ...state, veto: null };
  if (event.type === 'ScoreEntryRecorded') {
    const { entryId, kind, criterionId, phaseId, source, evidence } = event.data;
    const entry: ScoreEntry = { entryId, kind, criterionId, points: parsePoints(event.data.points), phaseId, source, evidence, reversed: false };
    return addEffect({ ...state, entries: new Map(state.entries).set(entryId, entry) }, entry, 1);
  }
  const entry = state.entries.get(event.data.entryId);
  // decide() refuses a second reversal; a log that holds one anyway must not subtract twice.
  if (!entry || entry.reversed) return state;
  return addEffect({ ...state, entries: new Map(state.entries).set(entry.entryId, { ...entry, reversed: true }) }, entry, -1);
}

function addEffect(state: ScorecardState, entry: ScoreEntry, sign: 1 | -1): ScorecardState {
  const effect = effectOf(entry);
  let criterionTotals = state.criterionTotals;
  if (entry.criterionId !== null) {
    criterionTotals = new Map(criterionTotals).set(entry.criterionId, (criterionTotals.get(entry.criterionId) ?? 0) + sign * effect.criterion);
  }
  return { ...state, criterionTotals, bonus: state.bonus + sign * effect.bonus, penalty: state.penalty + sign * effect.penalty };
}

function recordedEvent(campaignId: string, unitId: string, entry: NewScoreEntry, replaces: string | null): ScoreEntryRecorded {
  const { entryId, kind, criterionId, phaseId, source, reason, evidence } = entry;
  return {
    type: 'ScoreEntryRecorded',
    data: { campaignId, unitId, entryId, kind, criterionId, points: formatPoints(entry.points), phaseId, source, reason, evidence, replaces },
  };
}

function requireOpenPhase(campaign: Extract<CampaignState, { exists: true }>, phaseId: string | null, field: string): void {
  if (phaseId === null) return;
  const phase = campaign.phases.get(phaseId);
  if (!phase) throw unknownReference('phase', phaseId, field);
  if (phase.closed) throw new DomainRuleError('phase-closed', `phase '${phaseId}' is closed`, field);
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

function requireReversible(state: ScorecardState, entryId: string): ScoreEntry {
  const entry = state.entries.get(entryId);
  if (!entry) throw new NotFoundError('score-entry', entryId);
  if (entry.reversed) throw new DomainRuleError('entry-already-reversed', `score entry '${entryId}' has already been reversed`, 'entryId');
  return entry;
}

/** Each criterion's running total stays within [0, its maximum]; the bonus within its cap. */
function requireWithinLimits(scale: ParsedScale, after: ScorecardState): void {
  for (const [criterionId, total] of after.criterionTotals) {
    const max = scale.criteria.get(criterionId)?.max ?? 0;
    if (total > max) {
      throw new DomainRuleError('criterion-max-exceeded', `criterion '${criterionId}' would reach ${formatPoints(total)}, above its maximum ${formatPoints(max)}`, 'points', { criterionId, total: total / 100, max: max / 100 });
    }
    if (total < 0) {
      throw new DomainRuleError('criterion-below-zero', `criterion '${criterionId}' would fall to ${formatPoints(total)}, below zero`, 'points', { criterionId, total: total / 100 });
    }
  }
  if (after.bonus > scale.bonusCap) {
    throw new DomainRuleError('bonus-cap-exceeded', `bonus would reach ${formatPoints(after.bonus)}, above the cap ${formatPoints(scale.bonusCap)}`, 'points', { bonus: after.bonus / 100, cap: scale.bonusCap / 100 });
  }
}
