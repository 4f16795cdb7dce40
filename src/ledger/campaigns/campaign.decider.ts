import type { Decider } from '../decider.js';
import { AlreadyExistsError, DomainRuleError, NotFoundError, unknownReference } from '../errors.js';
import type { CampaignClosed, CampaignEvent, CampaignForm, CampaignLaunched, PhaseAdded, PhaseClosed, PhaseWithdrawn, Scale } from '../events.js';
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
      closed: boolean;
    };

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
  | { type: 'CloseCampaign'; campaignId: string };

export interface CampaignContext {
  organizerExists: boolean;
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
        const phase = campaign.phases.get(command.phaseId);
        if (!phase) {
          if (campaign.withdrawnPhases.has(command.phaseId)) throw new DomainRuleError('phase-withdrawn', `phase '${command.phaseId}' is already withdrawn`);
          throw new NotFoundError('phase', command.phaseId);
        }
        if (phase.closed) throw new DomainRuleError('phase-closed', `phase '${command.phaseId}' is closed: it cannot be withdrawn`);
        // Its entries live in scorecard streams this stream cannot see: a phase that has not started has none that count yet.
        if (phase.startsOn <= command.today) {
          throw new DomainRuleError(
            'phase-started',
            `phase '${command.phaseId}' started on ${phase.startsOn}: only a phase that has not started yet can be withdrawn`,
            'phaseId',
            { startsOn: phase.startsOn, today: command.today },
          );
        }
        if (command.reason.trim() === '') throw new DomainRuleError('reason-required', 'a withdrawal states its reason', 'reason');
        const { campaignId, phaseId, reason, today } = command;
        return [{ type: 'PhaseWithdrawn', data: { campaignId, phaseId, reason, withdrawnOn: today } } satisfies PhaseWithdrawn];
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
      case 'CampaignClosed':
        return state.exists ? { ...state, closed: true } : state;
    }
  },
};

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
