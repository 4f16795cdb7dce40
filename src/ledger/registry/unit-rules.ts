import { DomainRuleError } from '../errors.js';
import type { UnitKind } from '../events.js';
import { UNIT_KIND_LABELS } from '../labels.js';

/**
 * Which kinds of unit may sit directly under which: the unit-level rule set, as data. Checked on
 * register, move, rename (a new kind), merge and dissolve (the units carried to the successor).
 *
 * Fitted to what the ledger registers (src/seed/plan.ts and the tests): the Ministry is the one root;
 * departments (cục) under the Ministry, or a province's (e.g. PC02, registered as a department);
 * provinces under the Ministry; divisions (phòng) under a department or a province; district police
 * under a province; commune police under a province (since 1 March 2025) or a district (before),
 * never directly under the Ministry; teams (đội) under any of those but the Ministry itself. A
 * province sits under the Ministry only: a merger of provinces is a merge (UnitMerged), not a move
 * under the successor. Old logs that recorded a merger as such a move still read as they were: the
 * rules judge new commands, never events already in the log.
 */
export const UNIT_PARENT_KINDS: Readonly<Record<UnitKind, readonly UnitKind[]>> = {
  ministry: [],
  department: ['ministry', 'province'],
  province: ['ministry'],
  division: ['department', 'province'],
  district: ['province'],
  commune: ['province', 'district'],
  team: ['department', 'province', 'division', 'district', 'commune'],
};

/** The kinds a root (a unit without a parent) may be; there is one root (a store claim on registration). */
export const ROOT_KINDS: readonly UnitKind[] = ['ministry'];

/** The store claim the root's registration takes: a second root is refused. */
export const ROOT_CLAIM = 'unit-root';

/** Refuses a unit of `kind` under a parent of `parentKind` (null: as the root), naming `field`. */
export function requirePlacement(kind: UnitKind, parentKind: UnitKind | null, field: string, unitId?: string): void {
  const what = `${unitId ? `'${unitId}' ` : ''}(${UNIT_KIND_LABELS[kind]})`;
  if (parentKind === null) {
    if (!ROOT_KINDS.includes(kind)) {
      throw new DomainRuleError('unit-rule-root', `a unit ${what} must have a parent: only ${ROOT_KINDS.join(', ')} is the root`, field, {
        kind,
        rootKinds: ROOT_KINDS,
      });
    }
    return;
  }
  const allowed = UNIT_PARENT_KINDS[kind];
  if (!allowed.includes(parentKind)) {
    throw new DomainRuleError(
      'unit-rule-parent-kind',
      allowed.length === 0
        ? `a unit ${what} is the root and sits under no other unit`
        : `a unit ${what} may not sit directly under ${UNIT_KIND_LABELS[parentKind]} (${parentKind}): only under ${allowed.join(', ')}`,
      field,
      { kind, parentKind, allowedParentKinds: allowed },
    );
  }
}
