import type { Decider } from '../decider.js';
import { AlreadyExistsError, DomainRuleError, NotFoundError, unknownReference } from '../errors.js';
import type {
  CampaignClosed,
  CampaignEvent,
  CampaignForm,
  CampaignLaunched,
  PhaseAdded,
  PhaseClosed,
  PhaseWithdrawalApproved,
  PhaseWithdrawalProposed,
  PhaseWithdrawalRejected,
  PhaseWithdrawn,
  Scale,
} from '../events.js';
import type { LiveEntry } from './phase-entries.port.js';
import { MAX_POINTS, requireBusinessDates, requirePointsWithinLimit } from '../limits.js';
import { formatPoints, parsePoints, type Hundredths } from '../points.js';

export interface Phase {
  phaseId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  closed: boolean;
}

/** A scale with its numbers parsed: what score rules and scorecards compute with. */
export interface ParsedScale {
  groups: { id: string; name: string; max: Hundredths }[];
  criteria: Map<string, { id: string; groupId: string; name: string; max: Hundredths }>;
  bonusCap: Hundredths;
}

export type CampaignState =
  | { exists: false }
  | {
      exists: true;
      campaignId: string;
      title: string;
      form: CampaignForm;
      organizerUnitId: string;
      startsOn: string;
      endsOn: string;
      scale: ParsedScale;
      phases: Map<string, Phase>;
      /** Phases withdrawn as created by mistake (PhaseWithdrawn): gone from `phases`, their ids never reused. */
      withdrawnPhases: Map<string, { reason: string; withdrawnOn: string }>;
      /** Proposals to withdraw a started phase (two-person rule), by id; decided ones stay so their ids are never reused. */
      withdrawalProposals: Map<string, WithdrawalProposal>;
      closed: boolean;
    };

export interface WithdrawalProposal {
  phaseId: string;
  reason: string;
  proposedBy: string;
  status: 'pending' | 'approved' | 'rejected';
}

export interface ScaleInput {
  groups: { id: string; name: string; maxPoints: Hundredths }[];
  criteria: { id: string; groupId: string; name: string; maxPoints: Hundredths }[];
  bonusCap: Hundredths;
}

export type CampaignCommand =
  | {
      type: 'LaunchCampaign';
      campaignId: string;
      title: string;
      form: CampaignForm;
      organizerUnitId: string;
      startsOn: string;
      endsOn: string;
      slogan: string | null;
      scale: ScaleInput;
    }
  | { type: 'AddPhase'; campaignId: string; phaseId: string; name: string; startsOn: string; endsOn: string; occasion: string | null; slogan: string | null }
  | { type: 'ClosePhase'; campaignId: string; phaseId: string }
  /** `today`: the business date of the withdrawal (Vietnam), given by the write side: the decider has no clock. */
  | { type: 'WithdrawPhase'; campaignId: string; phaseId: string; reason: string; today: string }
  /** A started phase: proposed by one administrator (`actor`), approved or rejected by another. */
  | { type: 'ProposePhaseWithdrawal'; campaignId: string; phaseId: string; proposalId: string; reason: string; actor: string; today: string }
  | { type: 'ApprovePhaseWithdrawal'; campaignId: string; proposalId: string; actor: string; note: string | null; today: string }
  | { type: 'RejectPhaseWithdrawal'; campaignId: string; proposalId: string; actor: string; reason: string }
  | { type: 'CloseCampaign'; campaignId: string };

export interface CampaignContext {
  organizerExists: boolean;
  /** For a withdrawal proposed or approved: the phase's live score entries (PhaseEntriesSource), read at the head of the log. */
  liveEntries?: LiveEntry[];
}

export const campaignDecider: Decider<CampaignState, CampaignCommand, CampaignEvent, CampaignContext> = {
  initialState: () => ({ exists: false }),

  decide(command, state, context): CampaignEvent[] {
    if (command.type === 'LaunchCampaign') {
      if (state.exists) throw new AlreadyExistsError('campaign', command.campaignId);
      if (!context.organizerExists) throw unknownReference('unit', command.organizerUnitId, 'organizerUnitId');
      requireBusinessDates({ startsOn: command.startsOn, endsOn: command.endsOn });
      requireOrderedDates(command.startsOn, command.endsOn);
      validateScale(command.scale);
      return [launched(command)];
    }
    const campaign = requireOpenCampaign(state, command.campaignId);
    switch (command.type) {
      case 'AddPhase': {
        if (campaign.phases.has(command.phaseId) || campaign.withdrawnPhases.has(command.phaseId)) throw new AlreadyExistsError('phase', command.phaseId);
        requireBusinessDates({ startsOn: command.startsOn, endsOn: command.endsOn });
        requireOrderedDates(command.startsOn, command.endsOn);
        if (command.startsOn < campaign.startsOn || command.endsOn > campaign.endsOn) {
          const field = command.startsOn < campaign.startsOn ? 'startsOn' : 'endsOn';
          throw new DomainRuleError('phase-outside-campaign', `a phase must lie within the campaign (${campaign.startsOn} to ${campaign.endsOn})`, field);
        }
        const { campaignId, phaseId, name, startsOn, endsOn, occasion, slogan } = command;
        return [{ type: 'PhaseAdded', data: { campaignId, phaseId, name, startsOn, endsOn, occasion, slogan } } satisfies PhaseAdded];
      }
      case 'ClosePhase': {
        const phase = campaign.phases.get(command.phaseId);
        if (!phase) throw new NotFoundError('phase', command.phaseId);
        if (phase.closed) throw new DomainRuleError('phase-closed', `phase '${command.phaseId}' is already closed`);
        return [{ type: 'PhaseClosed', data: { campaignId: command.campaignId, phaseId: command.phaseId } } satisfies PhaseClosed];
      }
      case 'WithdrawPhase': {
        const phase = withdrawablePhase(campaign, command.phaseId);
        // Its entries live in scorecard streams this stream cannot see: a phase that has not started has none that count yet.
        if (phase.startsOn <= command.today) {
          throw new DomainRuleError(
            'phase-started',
            `phase '${command.phaseId}' started on ${phase.startsOn}: only a phase that has not started yet can be withdrawn directly; propose the withdrawal for a second administrator to approve (POST .../phases/${command.phaseId}/withdrawal-proposals)`,
            'phaseId',
            { startsOn: phase.startsOn, today: command.today },
          );
        }
        if (command.reason.trim() === '') throw new DomainRuleError('reason-required', 'a withdrawal states its reason', 'reason');
        const { campaignId, phaseId, reason, today } = command;
        return [{ type: 'PhaseWithdrawn', data: { campaignId, phaseId, reason, withdrawnOn: today } } satisfies PhaseWithdrawn];
      }
      case 'ProposePhaseWithdrawal': {
        if (campaign.withdrawalProposals.has(command.proposalId)) throw new AlreadyExistsError('proposal', command.proposalId);
        const phase = withdrawablePhase(campaign, command.phaseId);
        if (phase.startsOn > command.today) {
          throw new DomainRuleError(
            'approval-not-needed',
            `phase '${command.phaseId}' has not started (it starts on ${phase.startsOn}): withdraw it directly, without a proposal`,
            'phaseId',
          );
        }
        for (const [proposalId, p] of campaign.withdrawalProposals) {
          if (p.phaseId === command.phaseId && p.status === 'pending')
            throw new DomainRuleError(
              'withdrawal-already-proposed',
              `the withdrawal of phase '${command.phaseId}' is already proposed ('${proposalId}')`,
              'phaseId',
              {
                proposalId,
              },
            );
        }
        if (command.reason.trim() === '') throw new DomainRuleError('reason-required', 'a withdrawal states its reason', 'reason');
        refuseLiveEntries(command.phaseId, context.liveEntries);
        const { campaignId, phaseId, proposalId, reason, actor, today } = command;
        return [
          {
            type: 'PhaseWithdrawalProposed',
            data: { campaignId, phaseId, proposalId, reason, proposedBy: actor, proposedOn: today },
          } satisfies PhaseWithdrawalProposed,
        ];
      }
      case 'ApprovePhaseWithdrawal':
      case 'RejectPhaseWithdrawal': {
        const proposal = campaign.withdrawalProposals.get(command.proposalId);
        if (!proposal) throw new NotFoundError('proposal', command.proposalId);
        if (proposal.status !== 'pending')
          throw new DomainRuleError('proposal-already-decided', `proposal '${command.proposalId}' has already been ${proposal.status}`);
        if (command.actor === proposal.proposedBy) {
          throw new DomainRuleError(
            'second-person-required',
            `proposal '${command.proposalId}' must be ${command.type === 'ApprovePhaseWithdrawal' ? 'approved' : 'rejected'} by an administrator other than its proposer '${proposal.proposedBy}' (another account)`,
            'Authorization',
          );
        }
        const { campaignId, proposalId, actor } = command;
        const { phaseId, proposedBy } = proposal;
        if (command.type === 'RejectPhaseWithdrawal') {
          if (command.reason.trim() === '') throw new DomainRuleError('reason-required', 'a rejection states its reason', 'reason');
          return [
            {
              type: 'PhaseWithdrawalRejected',
              data: { campaignId, phaseId, proposalId, proposedBy, rejectedBy: actor, reason: command.reason },
            } satisfies PhaseWithdrawalRejected,
          ];
        }
        // Decided again now: the phase may have been closed, or taken entries, since the proposal.
        withdrawablePhase(campaign, phaseId);
        refuseLiveEntries(phaseId, context.liveEntries);
        return [
          {
            type: 'PhaseWithdrawalApproved',
            data: { campaignId, phaseId, proposalId, proposedBy, approvedBy: actor, note: command.note },
          } satisfies PhaseWithdrawalApproved,
          { type: 'PhaseWithdrawn', data: { campaignId, phaseId, reason: proposal.reason, withdrawnOn: command.today } } satisfies PhaseWithdrawn,
        ];
      }
      case 'CloseCampaign':
        return [{ type: 'CampaignClosed', data: { campaignId: command.campaignId } } satisfies CampaignClosed];
    }
  },

  evolve(state, event): CampaignState {
    switch (event.type) {
      case 'CampaignLaunched': {
        const { campaignId, title, form, organizerUnitId, startsOn, endsOn, scale } = event.data;
        return {
          exists: true,
          campaignId,
          title,
          form,
          organizerUnitId,
          startsOn,
          endsOn,
          scale: parseScale(scale),
          phases: new Map(),
          withdrawnPhases: new Map(),
          withdrawalProposals: new Map(),
          closed: false,
        };
      }
      case 'PhaseAdded': {
        if (!state.exists) return state;
        const { phaseId, name, startsOn, endsOn } = event.data;
        return { ...state, phases: new Map(state.phases).set(phaseId, { phaseId, name, startsOn, endsOn, closed: false }) };
      }
      case 'PhaseClosed': {
        if (!state.exists) return state;
        const phase = state.phases.get(event.data.phaseId);
        return phase ? { ...state, phases: new Map(state.phases).set(phase.phaseId, { ...phase, closed: true }) } : state;
      }
      case 'PhaseWithdrawn': {
        if (!state.exists) return state;
        const phases = new Map(state.phases);
        phases.delete(event.data.phaseId);
        const { phaseId, reason, withdrawnOn } = event.data;
        return { ...state, phases, withdrawnPhases: new Map(state.withdrawnPhases).set(phaseId, { reason, withdrawnOn }) };
      }
      case 'PhaseWithdrawalProposed': {
        if (!state.exists) return state;
        const { proposalId, phaseId, reason, proposedBy } = event.data;
        return { ...state, withdrawalProposals: new Map(state.withdrawalProposals).set(proposalId, { phaseId, reason, proposedBy, status: 'pending' }) };
      }
      case 'PhaseWithdrawalApproved':
      case 'PhaseWithdrawalRejected': {
        if (!state.exists) return state;
        const proposal = state.withdrawalProposals.get(event.data.proposalId);
        if (!proposal) return state;
        const status = event.type === 'PhaseWithdrawalApproved' ? ('approved' as const) : ('rejected' as const);
        return { ...state, withdrawalProposals: new Map(state.withdrawalProposals).set(event.data.proposalId, { ...proposal, status }) };
      }
      case 'CampaignClosed':
        return state.exists ? { ...state, closed: true } : state;
    }
  },
};

/** A phase that can still be withdrawn: it exists (404), is not withdrawn already nor closed (422). */
function withdrawablePhase(campaign: Extract<CampaignState, { exists: true }>, phaseId: string): Phase {
  const phase = campaign.phases.get(phaseId);
  if (!phase) {
    if (campaign.withdrawnPhases.has(phaseId)) throw new DomainRuleError('phase-withdrawn', `phase '${phaseId}' is already withdrawn`, 'phaseId');
    throw new NotFoundError('phase', phaseId);
  }
  if (phase.closed) throw new DomainRuleError('phase-closed', `phase '${phaseId}' is closed: it cannot be withdrawn`, 'phaseId');
  return phase;
}

/**
 * A started phase is withdrawn only once nothing counts in it: every score entry naming it must have
 * been reversed first (its own compensating event, with its reason), so no total silently loses points.
 */
function refuseLiveEntries(phaseId: string, entries: LiveEntry[] | undefined): void {
  if (entries === undefined) throw new Error('a phase withdrawal is decided with the live entries of the phase (CampaignContext.liveEntries)');
  if (entries.length === 0) return;
  throw new DomainRuleError(
    'phase-has-entries',
    `phase '${phaseId}' has ${entries.length} live score ${entries.length === 1 ? 'entry' : 'entries'}: reverse them first (POST .../score-entries/:entryId/reversal), then withdraw the phase`,
    'phaseId',
    { phaseId, liveEntries: entries.slice(0, 100), liveEntryCount: entries.length },
  );
}

/** The campaign, refusing if it does not exist (404) or is closed (422 campaign-closed). */
export function requireOpenCampaign(state: CampaignState, campaignId: string): Extract<CampaignState, { exists: true }> {
  if (!state.exists) throw new NotFoundError('campaign', campaignId);
  if (state.closed) throw new DomainRuleError('campaign-closed', `campaign '${campaignId}' is closed`);
  return state;
}

export function parseScale(scale: Scale): ParsedScale {
  return {
    groups: scale.groups.map((g) => ({ id: g.id, name: g.name, max: parsePoints(g.maxPoints) })),
    criteria: new Map(scale.criteria.map((c) => [c.id, { id: c.id, groupId: c.groupId, name: c.name, max: parsePoints(c.maxPoints) }])),
    bonusCap: parsePoints(scale.bonusCap),
  };
}

function requireOrderedDates(startsOn: string, endsOn: string): void {
  if (endsOn < startsOn) throw new DomainRuleError('invalid-period', `endsOn (${endsOn}) is before startsOn (${startsOn})`, 'endsOn');
}

function validateScale(scale: ScaleInput): void {
  const groupIds = new Set<string>();
  scale.groups.forEach((group, i) => {
    if (groupIds.has(group.id)) throw new DomainRuleError('duplicate-scale-id', `group id '${group.id}' appears twice`, `scale.groups[${i}].id`);
    if (group.maxPoints <= 0) throw new DomainRuleError('invalid-max-points', 'a group maximum must be positive', `scale.groups[${i}].maxPoints`);
    groupIds.add(group.id);
  });
  const criterionIds = new Set<string>();
  scale.criteria.forEach((criterion, i) => {
    if (criterionIds.has(criterion.id))
      throw new DomainRuleError('duplicate-scale-id', `criterion id '${criterion.id}' appears twice`, `scale.criteria[${i}].id`);
    if (!groupIds.has(criterion.groupId)) throw unknownReference('group', criterion.groupId, `scale.criteria[${i}].groupId`);
    if (criterion.maxPoints <= 0) throw new DomainRuleError('invalid-max-points', 'a criterion maximum must be positive', `scale.criteria[${i}].maxPoints`);
    criterionIds.add(criterion.id);
  });
  if (scale.bonusCap < 0) throw new DomainRuleError('invalid-max-points', 'the bonus cap cannot be negative', 'scale.bonusCap');
  // limits.ts: a scorecard's total is at most its groups' maxima plus the bonus cap; each criterion's running total at most its maximum.
  scale.criteria.forEach((criterion, i) => requirePointsWithinLimit(criterion.maxPoints, `scale.criteria[${i}].maxPoints`, 'a criterion maximum'));
  const total = scale.groups.reduce((sum, g) => sum + g.maxPoints, 0) + scale.bonusCap;
  if (total > MAX_POINTS * 100) {
    throw new DomainRuleError(
      'points-limit-exceeded',
      `the groups' maxima and the bonus cap add up to ${formatPoints(total)}, beyond the ledger's limit of ${MAX_POINTS} points`,
      'scale',
      { limit: MAX_POINTS },
    );
  }
}

function launched(command: Extract<CampaignCommand, { type: 'LaunchCampaign' }>): CampaignLaunched {
  const { campaignId, title, form, organizerUnitId, startsOn, endsOn, slogan, scale } = command;
  return {
    type: 'CampaignLaunched',
    data: {
      campaignId,
      title,
      form,
      organizerUnitId,
      startsOn,
      endsOn,
      slogan,
      scale: {
        groups: scale.groups.map((g) => ({ id: g.id, name: g.name, maxPoints: formatPoints(g.maxPoints) })),
        criteria: scale.criteria.map((c) => ({ id: c.id, groupId: c.groupId, name: c.name, maxPoints: formatPoints(c.maxPoints) })),
        bonusCap: formatPoints(scale.bonusCap),
      },
    },
  };
}
