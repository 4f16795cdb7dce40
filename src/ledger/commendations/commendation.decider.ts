import type { Decider } from '../decider.js';
import { AlreadyExistsError, DomainRuleError, NotFoundError, unknownReference } from '../errors.js';
import type { CommendationEvent, CommendationRecorded, RevocationGround } from '../events.js';
import type { CampaignState } from '../campaigns/campaign.decider.js';

export type CommendationState =
  | { exists: false }
  | { exists: true; decision: CommendationRecorded['data']; revoked: boolean };

export type CommendationCommand =
  | ({ type: 'RecordCommendation' } & CommendationRecorded['data'])
  | { type: 'RevokeCommendation'; commendationId: string; ground: RevocationGround; reason: string; decisionNo: string; decidedOn: string };

export interface CommendationContext {
  recipientExists: boolean;
  /** The campaign named by the decision, when it names one. */
  campaign: CampaignState | null;
}

/**
 * Conferral rules of domain.md §6 (authority, one achievement one award, flags, title chains,
 * quotas) are decided here in a later step; this decider already sees every decision it needs.
 */
export const commendationDecider: Decider<CommendationState, CommendationCommand, CommendationEvent, CommendationContext> = {
  initialState: () => ({ exists: false }),

  decide(command, state, context): CommendationEvent[] {
    switch (command.type) {
      case 'RecordCommendation': {
        const { type: _type, ...decision } = command;
        if (state.exists) throw new AlreadyExistsError('commendation', decision.commendationId);
        if (!context.recipientExists) {
          throw unknownReference(decision.recipient.kind === 'collective' ? 'unit' : 'officer', decision.recipient.id, 'recipient.id');
        }
        if (decision.campaignId !== null) {
          if (!context.campaign?.exists) throw unknownReference('campaign', decision.campaignId, 'campaignId');
          if (decision.phaseId !== null && !context.campaign.phases.has(decision.phaseId)) throw unknownReference('phase', decision.phaseId, 'phaseId');
        } else if (decision.phaseId !== null) {
          throw new DomainRuleError('campaign-required', 'a phaseId needs its campaignId', 'campaignId');
        }
        if (decision.achievementPeriod && decision.achievementPeriod.to < decision.achievementPeriod.from) {
          throw new DomainRuleError('invalid-period', 'achievementPeriod.to is before achievementPeriod.from', 'achievementPeriod.to');
        }
        return [{ type: 'CommendationRecorded', data: decision }];
      }
      case 'RevokeCommendation': {
        if (!state.exists) throw new NotFoundError('commendation', command.commendationId);
        if (state.revoked) throw new DomainRuleError('already-revoked', `commendation '${command.commendationId}' is already revoked`);
        if (command.decidedOn < state.decision.decidedOn) {
          throw new DomainRuleError('revocation-before-decision', `a revocation cannot precede the decision it revokes (${state.decision.decidedOn})`, 'decidedOn');
        }
        const { commendationId, ground, reason, decisionNo, decidedOn } = command;
        return [{ type: 'CommendationRevoked', data: { commendationId, ground, reason, decisionNo, decidedOn } }];
      }
    }
  },

  evolve(state, event): CommendationState {
    switch (event.type) {
      case 'CommendationRecorded':
        return { exists: true, decision: event.data, revoked: false };
      case 'CommendationRevoked':
        return state.exists ? { ...state, revoked: true } : state;
    }
  },
};
