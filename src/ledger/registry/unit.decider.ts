import type { Decider } from '../decider.js';
import { AlreadyExistsError, DomainRuleError, NotFoundError, unknownReference } from '../errors.js';
import { requireBusinessDates } from '../limits.js';
import type { UnitKind, UnitMoved, UnitRegistered } from '../events.js';

export type UnitEvent = UnitRegistered | UnitMoved;

export type UnitState = { exists: false } | { exists: true; unitId: string; name: string; kind: UnitKind; parentId: string | null };

export type UnitCommand =
  | { type: 'RegisterUnit'; unitId: string; name: string; kind: UnitKind; parentId: string | null }
  | { type: 'MoveUnit'; unitId: string; parentId: string; effectiveOn: string };

export interface UnitContext {
  /** Whether the requested parent exists. */
  parentExists: boolean;
  /** Ids of the requested parent and all of its ancestors, nearest first (for cycle checks). */
  parentAncestry: string[];
}

export const unitDecider: Decider<UnitState, UnitCommand, UnitEvent, UnitContext> = {
  initialState: () => ({ exists: false }),

  decide(command, state, context) {
    switch (command.type) {
      case 'RegisterUnit': {
        if (state.exists) throw new AlreadyExistsError('unit', command.unitId);
        if (command.parentId !== null && !context.parentExists) throw unknownReference('unit', command.parentId, 'parentId');
        return [{ type: 'UnitRegistered', data: { unitId: command.unitId, name: command.name, kind: command.kind, parentId: command.parentId } }];
      }
      case 'MoveUnit': {
        if (!state.exists) throw new NotFoundError('unit', command.unitId);
        requireBusinessDates({ effectiveOn: command.effectiveOn });
        if (!context.parentExists) throw unknownReference('unit', command.parentId, 'parentId');
        if (command.parentId === state.unitId || context.parentAncestry.includes(state.unitId)) {
          throw new DomainRuleError(
            'unit-move-creates-cycle',
            `moving '${state.unitId}' under '${command.parentId}' would make it its own ancestor`,
            'parentId',
          );
        }
        if (command.parentId === state.parentId) {
          throw new DomainRuleError('unit-already-under-parent', `'${state.unitId}' is already under '${command.parentId}'`, 'parentId');
        }
        return [
          { type: 'UnitMoved', data: { unitId: state.unitId, fromParentId: state.parentId, parentId: command.parentId, effectiveOn: command.effectiveOn } },
        ];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'UnitRegistered':
        return { exists: true, ...event.data };
      case 'UnitMoved':
        return state.exists ? { ...state, parentId: event.data.parentId } : state;
    }
  },
};
