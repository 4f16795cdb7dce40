import type { Decider } from '../decider.js';
import { AlreadyExistsError, DomainRuleError, NotFoundError, unknownReference } from '../errors.js';
import { requireAmountWithinLimit, requireBusinessDates } from '../limits.js';
import type {
  Authority,
  CommendationCorrected,
  CommendationEvent,
  CommendationRecorded,
  CorrectableDecision,
  Recipient,
  RevocationGround,
  RuleWarning,
} from '../events.js';
import type { CampaignState } from '../campaigns/campaign.decider.js';
import { streamIds } from '../ids.js';
import { AUTHORITY_RANK, checkConferralAuthority, checkTitle } from './conferral-authority.js';
import { achievementYear, checkEligibility, type EligibilityFacts } from './eligibility.js';

export type CommendationState =
  | { exists: false }
  | {
      exists: true;
      /** The decision as it stands: as recorded, with its corrections (CommendationCorrected) applied. */
      decision: CommendationRecorded['data'];
      /** The revocation in force; null when never revoked or its revocation was annulled (RevocationAnnulled). */
      revoked: { decidedOn: string; decisionNo: string; authority: Authority } | null;
      /** Recovered so far after a revocation (thu hồi). */
      recovered: { object: boolean; amountVnd: number };
      /** Revoked awards it rested on whose review concluded with the decision upheld. */
      reviewed: Set<string>;
    };

type Decision = Omit<CommendationRecorded['data'], 'restsOn' | 'quotaSlots' | 'warnings'>;

export type CommendationCommand =
  | ({ type: 'RecordCommendation' } & Decision)
  | {
      type: 'RevokeCommendation';
      commendationId: string;
      ground: RevocationGround;
      reason: string;
      decisionNo: string;
      decidedOn: string;
      authority: Authority | null;
    }
  | { type: 'RecordRecovery'; commendationId: string; objectRecovered: boolean; amountVnd: number; recordedOn: string; note: string | null }
  | { type: 'ConcludeReview'; commendationId: string; reason: string }
  | { type: 'AnnulRevocation'; commendationId: string; reason: string; decisionNo: string; decidedOn: string; authority: Authority | null }
  | {
      type: 'CorrectCommendation';
      commendationId: string;
      reason: string;
      decisionNo: string | null;
      decidedOn: string | null;
      recipient: Recipient | null;
    };

export interface CommendationContext {
  recipientExists: boolean;
  /** The campaign named by the decision, when it names one. */
  campaign: CampaignState | null;
  /** Facts the eligibility rules (flags, title chains, quotas) need; null when none apply. */
  eligibility: EligibilityFacts | null;
  /** ConcludeReview: the awards this decision rested on that are revoked now. */
  revokedBasis: string[];
}
/*
 * CorrectCommendation of the recipient: `recipientExists` is whether the new recipient exists, and
 * `eligibility` the facts of the corrected decision, not counting this decision itself.
 */

/** The scope of a quota slot: the slot without its ordinal (`quota:<title>:<campaign>:<cluster>:3` → `…:<cluster>`). */
function slotScope(slot: string): string {
  return slot.replace(/:\d+$/, '');
}

/**
 * Rule 1 of docs/domain.md §6, "one achievement, one award": an achievement is rewarded at most once,
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
 * Conferral rules of docs/domain.md §6: the closed vocabulary of titles and flags and rule 2 (authority,
 * conferral-authority.ts) and rules 3, 4 and 6 (flags, title chains, quotas: eligibility.ts) are
 * decided here; rule 1 (one achievement, one award) and the quota slots are held by the store through claims; rule 7 (revocation, recovery,
 * review of what rested on a revoked award) through the events below.
 */
export const commendationDecider: Decider<CommendationState, CommendationCommand, CommendationEvent, CommendationContext> = {
  initialState: () => ({ exists: false }),

  decide(command, state, context): CommendationEvent[] {
    switch (command.type) {
      case 'RecordCommendation': {
        const { type: _type, ...decision } = command;
        if (state.exists) throw new AlreadyExistsError('commendation', decision.commendationId);
        requireBusinessDates({
          decidedOn: decision.decidedOn,
          'achievementPeriod.from': decision.achievementPeriod?.from,
          'achievementPeriod.to': decision.achievementPeriod?.to,
        });
        requireAmountWithinLimit(decision.amountVnd, 'amountVnd');
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
        checkTitle(decision);
        checkConferralAuthority(decision);
        if (decision.recordedAs === 'historical') return [historical(decision, context.eligibility)];
        const { restsOn, claims } = context.eligibility ? checkEligibility(decision, context.eligibility) : { restsOn: [], claims: [] };
        return [
          {
            type: 'CommendationRecorded',
            data: { ...decision, ...(restsOn.length > 0 ? { restsOn } : {}), ...(claims.length > 0 ? { quotaSlots: claims } : {}) },
          },
        ];
      }
      case 'RevokeCommendation': {
        if (!state.exists) throw new NotFoundError('commendation', command.commendationId);
        if (state.revoked) throw new DomainRuleError('already-revoked', `commendation '${command.commendationId}' is already revoked`);
        requireBusinessDates({ decidedOn: command.decidedOn });
        if (command.decidedOn < state.decision.decidedOn) {
          throw new DomainRuleError(
            'revocation-before-decision',
            `a revocation cannot precede the decision it revokes (${state.decision.decidedOn})`,
            'decidedOn',
          );
        }
        // Rule 7: decided by the conferring authority (or one above it), never by a lower one.
        const authority = command.authority ?? state.decision.authority;
        requireAuthorityAtLeast(
          authority,
          state.decision.authority,
          `a decision of the ${state.decision.authority} is revoked by the ${state.decision.authority} or a higher authority, not the ${authority}`,
        );
        const { commendationId, ground, reason, decisionNo, decidedOn } = command;
        return [{ type: 'CommendationRevoked', data: { commendationId, ground, reason, decisionNo, decidedOn, authority } }];
      }
      case 'RecordRecovery': {
        if (!state.exists) throw new NotFoundError('commendation', command.commendationId);
        if (!state.revoked) throw new DomainRuleError('not-revoked', `commendation '${command.commendationId}' is not revoked: nothing to recover`);
        requireBusinessDates({ recordedOn: command.recordedOn });
        if (command.recordedOn < state.revoked.decidedOn)
          throw new DomainRuleError('recovery-before-revocation', `a recovery cannot precede the revocation (${state.revoked.decidedOn})`, 'recordedOn');
        const awarded = state.decision.amountVnd ?? 0;
        const total = state.recovered.amountVnd + command.amountVnd;
        if (total > awarded) {
          throw new DomainRuleError('recovery-exceeds-award', `recovered money would reach ${total} VND, more than the ${awarded} VND awarded`, 'amountVnd', {
            awardedVnd: awarded,
            recoveredVnd: state.recovered.amountVnd,
          });
        }
        if (command.objectRecovered && state.recovered.object)
          throw new DomainRuleError('object-already-recovered', 'the award object is already recorded as recovered', 'objectRecovered');
        if (!command.objectRecovered && command.amountVnd === 0)
          throw new DomainRuleError('empty-recovery', 'a recovery returns the award object, money, or both', 'amountVnd');
        const { commendationId, objectRecovered, amountVnd, recordedOn, note } = command;
        return [{ type: 'RecoveryRecorded', data: { commendationId, objectRecovered, amountVnd, recordedOn, note } }];
      }
      case 'ConcludeReview': {
        if (!state.exists) throw new NotFoundError('commendation', command.commendationId);
        if (state.revoked) throw new DomainRuleError('already-revoked', `commendation '${command.commendationId}' is revoked: nothing to review`);
        const open = context.revokedBasis.filter((id) => !state.reviewed.has(id));
        if (open.length === 0)
          throw new DomainRuleError('not-under-review', `commendation '${command.commendationId}' rests on no revoked award awaiting review`);
        return [{ type: 'ReviewConcluded', data: { commendationId: command.commendationId, outcome: 'upheld', reason: command.reason, revokedBasis: open } }];
      }
      case 'AnnulRevocation': {
        if (!state.exists) throw new NotFoundError('commendation', command.commendationId);
        if (!state.revoked) throw new DomainRuleError('not-revoked', `commendation '${command.commendationId}' is not revoked: nothing to annul`);
        requireBusinessDates({ decidedOn: command.decidedOn });
        if (command.decidedOn < state.revoked.decidedOn) {
          throw new DomainRuleError(
            'annulment-before-revocation',
            `an annulment cannot precede the revocation it annuls (${state.revoked.decidedOn})`,
            'decidedOn',
          );
        }
        // As for the revocation (rule 7): the authority that revoked, or a higher one.
        const authority = command.authority ?? state.revoked.authority;
        requireAuthorityAtLeast(
          authority,
          state.revoked.authority,
          `a revocation by the ${state.revoked.authority} is annulled by the ${state.revoked.authority} or a higher authority, not the ${authority}`,
        );
        requireReason(command.reason);
        const { commendationId, reason, decisionNo, decidedOn } = command;
        // The achievement claim and quota slots were never released: the decision holds them again as it stands.
        return [
          { type: 'RevocationAnnulled', data: { commendationId, reason, decisionNo, decidedOn, authority, annulledRevocationNo: state.revoked.decisionNo } },
        ];
      }
      case 'CorrectCommendation':
        return [correct(command, state, context)];
    }
  },

  evolve(state, event): CommendationState {
    switch (event.type) {
      case 'CommendationRecorded':
        return { exists: true, decision: event.data, revoked: null, recovered: { object: false, amountVnd: 0 }, reviewed: new Set() };
      case 'CommendationRevoked':
        return state.exists
          ? {
              ...state,
              revoked: { decidedOn: event.data.decidedOn, decisionNo: event.data.decisionNo, authority: event.data.authority ?? state.decision.authority },
            }
          : state;
      case 'RevocationAnnulled':
        return state.exists ? { ...state, revoked: null } : state;
      case 'CommendationCorrected': {
        if (!state.exists) return state;
        const { changes, restsOn, quotaSlots } = event.data;
        const decision = { ...state.decision, ...changes };
        if (changes.recipient) {
          // A new recipient was checked again: what the corrected decision rests on and the slots it holds.
          delete decision.restsOn;
          delete decision.quotaSlots;
          if (restsOn && restsOn.length > 0) decision.restsOn = restsOn;
          if (quotaSlots && quotaSlots.length > 0) decision.quotaSlots = quotaSlots;
        }
        return { ...state, decision };
      }
      case 'RecoveryRecorded':
        return state.exists
          ? {
              ...state,
              recovered: { object: state.recovered.object || event.data.objectRecovered, amountVnd: state.recovered.amountVnd + event.data.amountVnd },
            }
          : state;
      case 'ReviewConcluded':
        return state.exists ? { ...state, reviewed: new Set([...state.reviewed, ...event.data.revokedBasis]) } : state;
    }
  },
};

/**
 * A decision of an earlier year recorded from the books (docs/domain.md §6, historical decisions):
 * the title, the authority and one achievement, one award hold as for any decision; the
 * eligibility rules (flags, chains, quotas) rest on what the ledger knows of that year, often
 * nothing, so what they would refuse is recorded as a warning on the decision, and it takes no
 * quota slot. Later decisions' chains rest on it as on any other.
 */
function historical(decision: Decision, facts: EligibilityFacts | null): CommendationRecorded {
  if (!decision.source || decision.source.document.trim() === '') {
    throw new DomainRuleError('source-required', 'a historical decision names its source document (book, register, decision copy)', 'source.document');
  }
  let restsOn: string[] = [];
  const warnings: RuleWarning[] = [];
  if (facts !== null) {
    try {
      restsOn = checkEligibility(decision, facts).restsOn;
    } catch (error) {
      if (!(error instanceof DomainRuleError)) throw error;
      warnings.push({ code: error.code, detail: error.message, field: error.field ?? null });
    }
  }
  return {
    type: 'CommendationRecorded',
    data: { ...decision, ...(restsOn.length > 0 ? { restsOn } : {}), ...(warnings.length > 0 ? { warnings } : {}) },
  };
}

function requireReason(reason: string): void {
  if (reason.trim() === '') throw new DomainRuleError('reason-required', 'a correction states its reason', 'reason');
}

/**
 * A decision's number, date or recipient corrected. A new date passes eligibility again (the
 * decision's facts with the new date: its achievement year may move, an earlier diploma may no
 * longer be earlier). A new recipient passes the rules of a new decision (it exists, the authority may confer the form on it, eligibility and quotas with the
 * facts of the corrected decision, this decision not counted); the achievement claim stays with the
 * decision (one achievement, one award: the achievement it rewards does not change). A quota slot in
 * the same scope is kept; a slot in a new scope is a new claim of the append.
 */
function correct(
  command: Extract<CommendationCommand, { type: 'CorrectCommendation' }>,
  state: CommendationState,
  context: CommendationContext,
): CommendationCorrected {
  if (!state.exists) throw new NotFoundError('commendation', command.commendationId);
  requireReason(command.reason);
  const current = state.decision;
  const changes: Partial<CorrectableDecision> = {};
  const previous: Partial<CorrectableDecision> = {};
  if (command.decisionNo !== null && command.decisionNo !== current.decisionNo) {
    changes.decisionNo = command.decisionNo;
    previous.decisionNo = current.decisionNo;
  }
  if (command.decidedOn !== null && command.decidedOn !== current.decidedOn) {
    requireBusinessDates({ decidedOn: command.decidedOn });
    if (state.revoked && command.decidedOn > state.revoked.decidedOn) {
      throw new DomainRuleError(
        'revocation-before-decision',
        `the decision was revoked on ${state.revoked.decidedOn}: it cannot be dated after that`,
        'decidedOn',
      );
    }
    changes.decidedOn = command.decidedOn;
    previous.decidedOn = current.decidedOn;
  }
  const recipientChanges = command.recipient !== null && (command.recipient.kind !== current.recipient.kind || command.recipient.id !== current.recipient.id);
  if (recipientChanges && command.recipient) {
    changes.recipient = { kind: command.recipient.kind, id: command.recipient.id };
    previous.recipient = current.recipient;
  }
  if (Object.keys(changes).length === 0)
    throw new DomainRuleError('nothing-to-correct', 'the correction changes none of decisionNo, decidedOn, recipient', 'decisionNo');
  const { commendationId, reason } = command;
  const year = achievementYear({ ...current, ...changes });
  const moved = year !== achievementYear(current) ? { achievementYear: year } : {};
  const plain: CommendationCorrected = { type: 'CommendationCorrected', data: { commendationId, reason, changes, previous, ...moved } };
  if (!changes.recipient) {
    // A new date is judged again where the rules look at dates (its achievement year, an earlier
    // diploma); a revoked decision counts for nothing, so it is not.
    if (changes.decidedOn === undefined || state.revoked || context.eligibility === null) return plain;
    const { restsOn, claims } = checkEligibility({ ...current, ...changes }, context.eligibility);
    return { type: 'CommendationCorrected', data: { ...plain.data, restsOn, quotaSlots: keptSlots(current, claims) } };
  }

  if (state.revoked)
    throw new DomainRuleError(
      'already-revoked',
      `commendation '${commendationId}' is revoked: annul the revocation before changing its recipient`,
      'recipient',
    );
  if (!context.recipientExists) throw unknownReference(changes.recipient.kind === 'collective' ? 'unit' : 'officer', changes.recipient.id, 'recipient.id');
  const corrected: CommendationRecorded['data'] = { ...current, ...changes };
  checkTitle(corrected);
  checkConferralAuthority(corrected);
  const { restsOn, claims } = context.eligibility ? checkEligibility(corrected, context.eligibility) : { restsOn: [], claims: [] };
  return { type: 'CommendationCorrected', data: { ...plain.data, restsOn, quotaSlots: keptSlots(current, claims) } };
}

/** A correction keeps the quota slot it holds in a scope it still needs; a slot in a new scope is a new claim of its append. */
function keptSlots(current: CommendationRecorded['data'], claims: readonly string[]): string[] {
  const held = current.quotaSlots ?? [];
  return claims.map((claim) => held.find((slot) => slotScope(slot) === slotScope(claim)) ?? claim);
}

/** The quota slots a correction takes anew (those it did not hold before): the claims of its append. */
export function newQuotaSlots(event: CommendationCorrected, before: CommendationState): string[] {
  const held = new Set(before.exists ? (before.decision.quotaSlots ?? []) : []);
  return (event.data.quotaSlots ?? []).filter((slot) => !held.has(slot));
}

/** Rule 7: what an authority decided is undone by that authority or a higher one, never a lower one. */
function requireAuthorityAtLeast(authority: Authority, required: Authority, message: string): void {
  if (AUTHORITY_RANK[authority] < AUTHORITY_RANK[required]) {
    throw new DomainRuleError('authority-too-low', message, 'authority', { requiredAuthority: required });
  }
}
