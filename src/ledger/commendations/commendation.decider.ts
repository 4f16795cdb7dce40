import type { Decider } from '../decider.js';
import { AlreadyExistsError, DomainRuleError, NotFoundError, unknownReference } from '../errors.js';
import type { CommendationEvent, CommendationRecorded, RevocationGround } from '../events.js';
import type { CampaignState } from '../campaigns/campaign.decider.js';
import { streamIds } from '../ids.js';
import { checkConferralAuthority } from './conferral-authority.js';

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
 * Rule 1 of domain.md §6, "one achievement, one award": an achievement is rewarded at most once,
 * across all commendations. No single stream sees them all, so the event store enforces it: the
 * append of a decision naming an achievement takes the claim `achievement:<id>` atomically with its
 * event (AppendOptions.claims); a second decision for it is refused (`achievement-already-awarded`),
 * even under concurrent requests. The claim stays held after a revocation: the record keeps the
 * original decision, and the achievement it rewarded stays rewarded.
 */
export const ACHIEVEMENT_CLAIM_PREFIX = 'achievement:';
export const achievementClaim = (achievementId: string) => `${ACHIEVEMENT_CLAIM_PREFIX}${achievementId}`;
/** The achievement of a claim, or null when the claim is not an achievement's. */
export const achievementOfClaim = (claim: string): string | null =>
  claim.startsWith(ACHIEVEMENT_CLAIM_PREFIX) ? claim.slice(ACHIEVEMENT_CLAIM_PREFIX.length) : null;
const COMMENDATION_STREAM_PREFIX = streamIds.commendation('');
/** The commendation of a `commendation:<id>` stream id, or null. */
export const commendationOfStream = (streamId: string): string | null =>
  streamId.startsWith(COMMENDATION_STREAM_PREFIX) ? streamId.slice(COMMENDATION_STREAM_PREFIX.length) : null;

/**
 * Conferral rules of domain.md §6: rule 2 (authority, conferral-authority.ts) is decided here,
 * rule 1 (one achievement, one award) by the store through the claim above; flags, title chains
 * and quotas come in a later step.
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
        checkConferralAuthority(decision);
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
