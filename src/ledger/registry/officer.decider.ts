import type { Decider } from '../decider.js';
import { AlreadyExistsError, unknownReference } from '../errors.js';
import type { OfficerRegistered } from '../events.js';

export type OfficerState = { exists: false } | { exists: true; officerId: string; fullName: string; rank: string | null; unitId: string };
export type OfficerCommand = { type: 'RegisterOfficer'; officerId: string; fullName: string; rank: string | null; unitId: string };
export interface OfficerContext {
  unitExists: boolean;
}

export const officerDecider: Decider<OfficerState, OfficerCommand, OfficerRegistered, OfficerContext> = {
  initialState: () => ({ exists: false }),
  decide(command, state, context) {
    if (state.exists) throw new AlreadyExistsError('officer', command.officerId);
    if (!context.unitExists) throw unknownReference('unit', command.unitId, 'unitId');
    const { officerId, fullName, rank, unitId } = command;
    return [{ type: 'OfficerRegistered', data: { officerId, fullName, rank, unitId } }];
  },
  evolve: (_state, event) => ({ exists: true, ...event.data }),
};
