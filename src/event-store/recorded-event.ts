import { SCHEMA_VERSIONS, type LedgerEvent, type LedgerEventType } from '../ledger/events.js';
import { vietnamDate, vietnamMonth } from '../ledger/scores/periods.js';
import type { StoredEvent } from './event-store.port.js';

/**
 * A stored event read as the domain's event union: narrowing on `type` types `data`, so readers
 * need no casts. The store keeps events as JSON; this is the one place that JSON becomes a type.
 */
export type RecordedEvent<E extends LedgerEvent = LedgerEvent> = E extends LedgerEvent ? Omit<StoredEvent, 'type' | 'data'> & Pick<E, 'type' | 'data'> : never;

/** The recorded form of one event type. */
export type Recorded<T extends LedgerEventType> = RecordedEvent<Extract<LedgerEvent, { type: T }>>;

/** A stored event this version of the ledger cannot read: a type it does not know, or a newer schema. */
export class UndecodableEventError extends Error {
  readonly code = 'undecodable-event';
  constructor(
    readonly position: number,
    readonly type: string,
    why: string,
  ) {
    super(`event at position ${position} (${type}) cannot be read: ${why}`);
    this.name = 'UndecodableEventError';
  }
}

export function isLedgerEventType(type: string): type is LedgerEventType {
  return Object.prototype.hasOwnProperty.call(SCHEMA_VERSIONS, type);
}

/**
 * The stored event as the domain's union. Refuses a type the ledger does not know and a schema
 * version newer than this code writes (a newer writer's event must not be read as an older shape).
 * Older versions are read through their upcaster (older schema → current shape); the stored event
 * itself is never rewritten.
 */
export function decodeEvent(stored: StoredEvent): RecordedEvent {
  if (!isLedgerEventType(stored.type)) throw new UndecodableEventError(stored.position, stored.type, 'unknown event type');
  const current = SCHEMA_VERSIONS[stored.type];
  if (stored.schemaVersion > current) {
    throw new UndecodableEventError(stored.position, stored.type, `schema version ${stored.schemaVersion} is newer than this ledger's ${current}`);
  }
  const upcast = stored.schemaVersion < current ? UPCASTERS[stored.type]?.(stored) : undefined;
  return (upcast ? { ...stored, schemaVersion: current, data: upcast } : stored) as unknown as RecordedEvent;
}

/** v1 → v2 of a cluster membership change: it takes effect on the day it was recorded, in Vietnam time (UTC+7). */
const membershipEffectiveOn = (stored: StoredEvent) =>
  stored.schemaVersion < 2 && !('effectiveOn' in stored.data) ? { ...stored.data, effectiveOn: vietnamDate(stored.recordedAt) } : null;

/** Per event type: the current shape of an older version's data (null: nothing to change). */
const UPCASTERS: Partial<Record<LedgerEventType, (stored: StoredEvent) => Record<string, unknown> | null>> = {
  ClusterMemberAdded: membershipEffectiveOn,
  ClusterMemberRemoved: membershipEffectiveOn,
  /*
   * v1 → v2: score entries gained their month (`period`). A v1 entry counts for the month it was
   * recorded in, in Vietnam time (UTC+7). From the recording time only: the decode has no campaign
   * to clamp the month into (docs/domain.md, "Two clocks").
   */
  ScoreEntryRecorded: (stored) => (stored.schemaVersion < 2 && !('period' in stored.data) ? { ...stored.data, period: vietnamMonth(stored.recordedAt) } : null),
  /** v1 → v2: a proposed new entry gained its month, derived as for an entry, from the proposal's recording time. */
  ChangeProposed: (stored) => {
    const change = stored.data.change as { action?: string; entry?: Record<string, unknown> } | undefined;
    if (stored.schemaVersion >= 2 || change?.action !== 'record' || !change.entry || 'period' in change.entry) return null;
    return { ...stored.data, change: { ...change, entry: { ...change.entry, period: vietnamMonth(stored.recordedAt) } } };
  },
  /*
   * v1 → v2: pledges gained a signatory (v1: units only, so the unit) and measured targets. A v1
   * target's `measure` was a free label (`%`, `vụ`): it becomes `unitLabel`, with no measure and no
   * direction, so the target is held against points on its criterion as before.
   */
  PledgeSigned: (stored) => {
    if (stored.schemaVersion >= 2) return null;
    const data = stored.data as { unitId: string; targets: { measure?: string | null }[] } & Record<string, unknown>;
    return {
      ...data,
      signatory: { kind: 'unit', id: data.unitId },
      targets: data.targets.map(({ measure, ...target }) => ({ ...target, measure: null, direction: null, unitLabel: measure ?? null })),
    };
  },
};
