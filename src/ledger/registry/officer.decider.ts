import type { Decider } from '../decider.js';
import { AlreadyExistsError, DomainRuleError, NotFoundError, unknownReference } from '../errors.js';
import type { OfficerEvent, RetirementReason } from '../events.js';
import { requireBusinessDates } from '../limits.js';
import type { UnitState } from './unit.decider.js';

export interface Posting {
  /** null: from the registration, as long as the ledger knows. */
  on: string | null;
  unitId: string;
}

export type OfficerState =
  | { exists: false }
  | {
      exists: true;
      officerId: string;
      fullName: string;
      rank: string | null;
      /** The unit of the latest effective date. */
      unitId: string;
      /** In effective-date order (same date: recorded order). */
      postings: Posting[];
      retired: { reason: RetirementReason; on: string | null } | null;
    };

export type OfficerCommand =
  | { type: 'RegisterOfficer'; officerId: string; fullName: string; rank: string | null; unitId: string }
  | { type: 'TransferOfficer'; officerId: string; unitId: string; effectiveOn: string }
  | { type: 'RetireOfficer'; officerId: string; reason: RetirementReason; retiredOn: string | null; note: string | null };

export interface OfficerContext {
  /** The unit the command names (register, transfer); the initial state when none. */
  unit: UnitState;
}

/** The unit an officer belongs to on `date` (null: the latest effective). */
export function postingOn(postings: readonly Posting[], date: string | null): string | undefined {
  for (let i = postings.length - 1; i >= 0; i--) if (date === null || postings[i].on === null || postings[i].on! <= date) return postings[i].unitId;
  return undefined;
}

function requireUnit(context: OfficerContext, unitId: string, date: string | null): void {
  const unit = context.unit;
  if (!unit.exists || unit.retired) throw unknownReference('unit', unitId, 'unitId');
  if (unit.ended !== null) {
    throw new DomainRuleError('unit-ended', `'${unitId}' was ${unit.ended.how} on ${unit.ended.on}`, 'unitId', { ...unit.ended });
  }
  if (date !== null && unit.establishedOn !== null && date < unit.establishedOn) {
    throw new DomainRuleError('before-established', `'${unitId}' was established on ${unit.establishedOn}, after ${date}`, 'unitId');
  }
}

export const officerDecider: Decider<OfficerState, OfficerCommand, OfficerEvent, OfficerContext> = {
  initialState: () => ({ exists: false }),

  decide(command, state, context) {
    if (command.type === 'RegisterOfficer') {
      if (state.exists) throw new AlreadyExistsError('officer', command.officerId);
      requireUnit(context, command.unitId, null);
      const { officerId, fullName, rank, unitId } = command;
      return [{ type: 'OfficerRegistered', data: { officerId, fullName, rank, unitId } }];
    }
    if (!state.exists || state.retired?.reason === 'registered-in-error') throw new NotFoundError('officer', command.officerId);
    if (command.type === 'TransferOfficer') {
      const { effectiveOn, unitId } = command;
      requireBusinessDates({ effectiveOn });
      if (state.retired !== null && state.retired.on !== null && effectiveOn >= state.retired.on) {
        throw new DomainRuleError('officer-retired', `'${state.officerId}' retired on ${state.retired.on}`, 'effectiveOn', { retiredOn: state.retired.on });
      }
      requireUnit(context, unitId, effectiveOn);
      const fromUnitId = postingOn(state.postings, effectiveOn)!;
      if (fromUnitId === unitId)
        throw new DomainRuleError('officer-already-in-unit', `'${state.officerId}' is already in '${unitId}' on ${effectiveOn}`, 'unitId');
      return [{ type: 'OfficerTransferred', data: { officerId: state.officerId, fromUnitId, unitId, effectiveOn } }];
    }
    const { reason, retiredOn, note } = command;
    if (state.retired !== null) throw new DomainRuleError('officer-already-retired', `'${state.officerId}' has retired already`, 'reason');
    if (reason === 'retired') {
      if (retiredOn === null) throw new DomainRuleError('invalid-date', 'retiredOn is required for a retirement', 'retiredOn');
      requireBusinessDates({ retiredOn });
      const lastTransfer = state.postings[state.postings.length - 1].on;
      if (lastTransfer !== null && retiredOn <= lastTransfer) {
        throw new DomainRuleError('officer-transferred-after', `'${state.officerId}' was transferred on ${lastTransfer}`, 'retiredOn');
      }
    } else if (retiredOn !== null) {
      throw new DomainRuleError('retired-on-not-applicable', 'an officer registered in error has no retirement date', 'retiredOn');
    }
    return [{ type: 'OfficerRetired', data: { officerId: state.officerId, reason, retiredOn, note } }];
  },

  evolve(state, event) {
    if (event.type === 'OfficerRegistered') {
      const { officerId, fullName, rank, unitId } = event.data;
      return { exists: true, officerId, fullName, rank, unitId, postings: [{ on: null, unitId }], retired: null };
    }
    if (!state.exists) return state;
    if (event.type === 'OfficerTransferred') {
      const { effectiveOn: on, unitId } = event.data;
      let i = state.postings.length;
      while (i > 0 && (state.postings[i - 1].on ?? '') > on) i--;
      const postings = [...state.postings.slice(0, i), { on, unitId }, ...state.postings.slice(i)];
      return { ...state, postings, unitId: postings[postings.length - 1].unitId };
    }
    return { ...state, retired: { reason: event.data.reason, on: event.data.retiredOn } };
  },
};
