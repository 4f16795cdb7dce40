import { SCHEMA_VERSIONS, type LedgerEvent, type LedgerEventType } from '../ledger/events.js';
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
 * Older versions are where upcasters will go.
 */
export function decodeEvent(stored: StoredEvent): RecordedEvent {
  if (!isLedgerEventType(stored.type)) throw new UndecodableEventError(stored.position, stored.type, 'unknown event type');
  const current = SCHEMA_VERSIONS[stored.type];
  if (stored.schemaVersion > current) {
    throw new UndecodableEventError(stored.position, stored.type, `schema version ${stored.schemaVersion} is newer than this ledger's ${current}`);
  }
  return stored as unknown as RecordedEvent;
}
