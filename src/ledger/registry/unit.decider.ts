import type { Decider } from '../decider.js';
import { AlreadyExistsError, DomainRuleError, NotFoundError, unknownReference } from '../errors.js';
import { requireBusinessDates } from '../limits.js';
import type { UnitEvent, UnitKind } from '../events.js';
import { requirePlacement } from './unit-rules.js';

export type { UnitEvent };

/** A dated fact: `on` null means "as long as the ledger knows" (a registration without establishedOn). */
export interface Dated {
  on: string | null;
}
export interface Placement extends Dated {
  parentId: string | null;
}
export interface Naming extends Dated {
  name: string;
  kind: UnitKind;
}
export interface UnitEnd {
  how: 'merged' | 'dissolved';
  on: string;
  successorId: string | null;
}

export type UnitState =
  | { exists: false }
  | {
      exists: true;
      unitId: string;
      /** The name, kind and parent of the latest effective date (not the latest recorded). */
      name: string;
      kind: UnitKind;
      parentId: string | null;
      establishedOn: string | null;
      /** Every placement and naming, in effective-date order (same date: in recorded order). */
      placements: Placement[];
      namings: Naming[];
      ended: UnitEnd | null;
      /** Retired as registered in error: kept in history, gone from current reads, refused as a reference. */
      retired: boolean;
    };
export type ExistingUnit = Extract<UnitState, { exists: true }>;

export type UnitCommand =
  | { type: 'RegisterUnit'; unitId: string; name: string; kind: UnitKind; parentId: string | null; establishedOn?: string | null }
  | { type: 'MoveUnit'; unitId: string; parentId: string; effectiveOn: string }
  | { type: 'RenameUnit'; unitId: string; name: string; kind: UnitKind | null; effectiveOn: string }
  | { type: 'MergeUnit'; unitId: string; successorId: string; effectiveOn: string }
  | { type: 'DissolveUnit'; unitId: string; effectiveOn: string; successorId: string | null }
  | { type: 'RetireUnit'; unitId: string; reason: 'registered-in-error'; note: string };

/** A unit's direct subunits and officers on a date, as the read side knows them once caught up. */
export interface UnitMembers {
  units: { unitId: string; kind: UnitKind }[];
  officerIds: string[];
}
export const NO_MEMBERS: UnitMembers = { units: [], officerIds: [] };

export interface UnitContext {
  /**
   * The other unit the command names: the parent (register, move; for a rename, the parent on the
   * date), the successor (merge, dissolve); the initial state when it names none or it does not exist.
   */
  other: UnitState;
  /** Ids of that unit and all of its ancestors, nearest first (for cycle checks). */
  otherAncestry: string[];
  /** Merge, dissolve, retirement: the unit's members on the date. */
  members: UnitMembers;
}

const byDate = (a: string | null, b: string | null) => (a ?? '') < (b ?? '');

/** Inserts a dated fact after every fact of an earlier or the same date (recorded order breaks ties). */
function insertDated<T extends Dated>(list: readonly T[], item: T): T[] {
  let i = list.length;
  while (i > 0 && byDate(item.on, list[i - 1].on)) i--;
  return [...list.slice(0, i), item, ...list.slice(i)];
}

/** The fact in force on `date` (null: the latest effective one). */
function inForce<T extends Dated>(list: readonly T[], date: string | null): T | undefined {
  if (date === null) return list[list.length - 1];
  for (let i = list.length - 1; i >= 0; i--) if (list[i].on === null || list[i].on! <= date) return list[i];
  return undefined;
}

export const parentOn = (state: ExistingUnit, date: string | null): string | null => inForce(state.placements, date)?.parentId ?? state.parentId;
export const namingOn = (state: ExistingUnit, date: string | null): Naming => inForce(state.namings, date) ?? state.namings[0];
/** Whether the unit stands (registered, not retired in error, established and not yet merged or dissolved) on `date` (null: now). */
export function standsOn(state: UnitState, date: string | null): state is ExistingUnit {
  if (!state.exists || state.retired) return false;
  if (date !== null && state.establishedOn !== null && date < state.establishedOn) return false;
  return state.ended === null || (date !== null && date < state.ended.on);
}

function requireUnit(state: UnitState, unitId: string): asserts state is ExistingUnit {
  if (!state.exists || state.retired) throw new NotFoundError('unit', unitId);
}

function requireNotEnded(state: ExistingUnit, date: string, field: string): void {
  if (state.ended !== null && date >= state.ended.on) {
    throw new DomainRuleError(
      'unit-ended',
      `'${state.unitId}' was ${state.ended.how} on ${state.ended.on}${state.ended.successorId ? ` into '${state.ended.successorId}'` : ''}`,
      field,
      { ...state.ended },
    );
  }
}

function requireEffectiveDate(state: ExistingUnit, effectiveOn: string): void {
  requireBusinessDates({ effectiveOn });
  if (state.establishedOn !== null && effectiveOn < state.establishedOn) {
    throw new DomainRuleError('before-established', `'${state.unitId}' was established on ${state.establishedOn}, after ${effectiveOn}`, 'effectiveOn', {
      establishedOn: state.establishedOn,
    });
  }
  requireNotEnded(state, effectiveOn, 'effectiveOn');
}

/**
 * The other unit, as a parent or successor on `date` (null: now): registered, not retired, not
 * merged or dissolved at all (nothing new goes under a unit that has ended, so that what it
 * carried to its successor is all it ever had), and established by then.
 */
function requireOther(context: UnitContext, id: string, field: string, date: string | null): ExistingUnit {
  const other = context.other;
  if (!other.exists || other.retired) throw unknownReference('unit', id, field);
  if (other.ended !== null) requireNotEnded(other, other.ended.on, field);
  if (date !== null && other.establishedOn !== null && date < other.establishedOn) {
    throw new DomainRuleError('before-established', `'${id}' was established on ${other.establishedOn}, after ${date}`, field, {
      establishedOn: other.establishedOn,
    });
  }
  return other;
}

/** The successor of a merge or dissolution takes the members: it stands then, is not the unit nor under it, and each member fits under it. */
function successorFor(state: ExistingUnit, successorId: string, effectiveOn: string, context: UnitContext): ExistingUnit {
  if (successorId === state.unitId) throw new DomainRuleError('unit-successor-is-itself', `'${state.unitId}' cannot succeed itself`, 'successorId');
  const successor = requireOther(context, successorId, 'successorId', effectiveOn);
  if (context.otherAncestry.includes(state.unitId)) {
    throw new DomainRuleError('unit-successor-is-subunit', `'${successorId}' is under '${state.unitId}': it goes with it`, 'successorId');
  }
  const kind = namingOn(successor, effectiveOn).kind;
  for (const member of context.members.units) requirePlacement(member.kind, kind, 'successorId', member.unitId);
  return successor;
}

const memberIds = (members: UnitMembers) => ({ movedUnitIds: members.units.map((u) => u.unitId), movedOfficerIds: [...members.officerIds] });

export const unitDecider: Decider<UnitState, UnitCommand, UnitEvent, UnitContext> = {
  initialState: () => ({ exists: false }),

  decide(command, state, context) {
    switch (command.type) {
      case 'RegisterUnit': {
        if (state.exists) throw new AlreadyExistsError('unit', command.unitId);
        const establishedOn = command.establishedOn ?? null;
        requireBusinessDates({ establishedOn });
        if (command.parentId === null) requirePlacement(command.kind, null, 'parentId');
        else {
          const parent = requireOther(context, command.parentId, 'parentId', establishedOn);
          requirePlacement(command.kind, namingOn(parent, establishedOn).kind, 'parentId');
        }
        const { unitId, name, kind, parentId } = command;
        return [{ type: 'UnitRegistered', data: { unitId, name, kind, parentId, ...(establishedOn !== null ? { establishedOn } : {}) } }];
      }
      case 'MoveUnit': {
        requireUnit(state, command.unitId);
        const { effectiveOn, parentId } = command;
        requireEffectiveDate(state, effectiveOn);
        if (!context.other.exists || context.other.retired) throw unknownReference('unit', parentId, 'parentId');
        if (parentId === state.unitId || context.otherAncestry.includes(state.unitId)) {
          throw new DomainRuleError('unit-move-creates-cycle', `moving '${state.unitId}' under '${parentId}' would make it its own ancestor`, 'parentId');
        }
        const fromParentId = parentOn(state, effectiveOn);
        if (parentId === fromParentId) {
          throw new DomainRuleError('unit-already-under-parent', `'${state.unitId}' is already under '${parentId}' on ${effectiveOn}`, 'parentId');
        }
        const parent = requireOther(context, parentId, 'parentId', effectiveOn);
        requirePlacement(namingOn(state, effectiveOn).kind, namingOn(parent, effectiveOn).kind, 'parentId');
        return [{ type: 'UnitMoved', data: { unitId: state.unitId, fromParentId, parentId, effectiveOn } }];
      }
      case 'RenameUnit': {
        requireUnit(state, command.unitId);
        const { effectiveOn, name } = command;
        requireEffectiveDate(state, effectiveOn);
        const from = namingOn(state, effectiveOn);
        const kind = command.kind ?? from.kind;
        if (from.name === name && from.kind === kind) {
          throw new DomainRuleError('unit-already-named', `'${state.unitId}' is already named '${name}' (${kind}) on ${effectiveOn}`, 'name');
        }
        if (kind !== from.kind) {
          const parentId = parentOn(state, effectiveOn);
          requirePlacement(kind, parentId === null ? null : context.other.exists ? namingOn(context.other, effectiveOn).kind : null, 'kind');
        }
        return [{ type: 'UnitRenamed', data: { unitId: state.unitId, fromName: from.name, fromKind: from.kind, name, kind, effectiveOn } }];
      }
      case 'MergeUnit': {
        requireUnit(state, command.unitId);
        requireEffectiveDate(state, command.effectiveOn);
        successorFor(state, command.successorId, command.effectiveOn, context);
        return [
          {
            type: 'UnitMerged',
            data: { unitId: state.unitId, successorId: command.successorId, effectiveOn: command.effectiveOn, ...memberIds(context.members) },
          },
        ];
      }
      case 'DissolveUnit': {
        requireUnit(state, command.unitId);
        requireEffectiveDate(state, command.effectiveOn);
        const { members } = context;
        if (command.successorId === null) {
          if (members.units.length > 0 || members.officerIds.length > 0) {
            throw new DomainRuleError(
              'unit-has-members',
              `'${state.unitId}' still has ${members.units.length} subunit(s) and ${members.officerIds.length} officer(s) on ${command.effectiveOn}: move them first, or name a successorId`,
              'successorId',
              { unitIds: members.units.map((u) => u.unitId), officerIds: members.officerIds },
            );
          }
        } else successorFor(state, command.successorId, command.effectiveOn, context);
        return [
          { type: 'UnitDissolved', data: { unitId: state.unitId, effectiveOn: command.effectiveOn, successorId: command.successorId, ...memberIds(members) } },
        ];
      }
      case 'RetireUnit': {
        requireUnit(state, command.unitId);
        const { members } = context;
        if (members.units.length > 0 || members.officerIds.length > 0) {
          throw new DomainRuleError('unit-has-members', `'${state.unitId}' has subunits or officers: retire or move them first`, 'reason', {
            unitIds: members.units.map((u) => u.unitId),
            officerIds: members.officerIds,
          });
        }
        return [{ type: 'UnitRetired', data: { unitId: state.unitId, reason: command.reason, note: command.note } }];
      }
    }
  },

  evolve(state, event) {
    if (event.type === 'UnitRegistered') {
      const { unitId, name, kind, parentId } = event.data;
      const on = event.data.establishedOn ?? null;
      return {
        exists: true,
        unitId,
        name,
        kind,
        parentId,
        establishedOn: on,
        placements: [{ on, parentId }],
        namings: [{ on, name, kind }],
        ended: null,
        retired: false,
      };
    }
    if (!state.exists) return state;
    switch (event.type) {
      case 'UnitMoved': {
        const placements = insertDated(state.placements, { on: event.data.effectiveOn, parentId: event.data.parentId });
        return { ...state, placements, parentId: placements[placements.length - 1].parentId };
      }
      case 'UnitRenamed': {
        const namings = insertDated(state.namings, { on: event.data.effectiveOn, name: event.data.name, kind: event.data.kind });
        const { name, kind } = namings[namings.length - 1];
        return { ...state, namings, name, kind };
      }
      case 'UnitMerged':
        return { ...state, ended: { how: 'merged', on: event.data.effectiveOn, successorId: event.data.successorId } };
      case 'UnitDissolved':
        return { ...state, ended: { how: 'dissolved', on: event.data.effectiveOn, successorId: event.data.successorId } };
      case 'UnitRetired':
        return { ...state, retired: true };
    }
  },
};
