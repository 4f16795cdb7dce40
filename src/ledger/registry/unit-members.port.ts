import type { UnitMembers } from './unit.decider.js';

/**
 * Where a merge, a dissolution or a retirement learns a unit's members (its direct subunits and
 * officers on a date): no single stream holds them (each member's own stream names its unit). The
 * read side answers once its read models have applied every committed event.
 */
export interface UnitMembersSource {
  /** Direct subunits (with their kind) and officers of `unitId` on `on` (null: the latest), as known now. */
  membersOn(unitId: string, on: string | null): Promise<UnitMembers>;
}

export const UNIT_MEMBERS = Symbol('UnitMembersSource');
