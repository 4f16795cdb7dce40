import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '../../src/event-store/event-store.port.js';
import { decodeEvent, type RecordedEvent } from '../../src/event-store/recorded-event.js';
import type { LedgerEventType } from '../../src/ledger/events.js';

/** Live table names, or the shadow tables a rebuild writes into. */
export type TableNames<Logical extends string = string> = Readonly<Record<Logical, string>>;

export interface ApplyContext<Logical extends string = string> {
  /** The batch's transaction: rows and checkpoint commit together. */
  manager: EntityManager;
  tables: TableNames<Logical>;
}

/**
 * A read model: where it lives and how events change it. Independent of where it runs (the
 * in-process runner, a rebuild, later a Kafka-fed worker). `apply` must be set-based: a few
 * statements per batch, never a round trip per event.
 */
export interface Projection<Logical extends string = string> {
  readonly name: string;
  /** Logical name → live table. A rebuild maps each to a fresh copy and swaps them in. */
  readonly tables: TableNames<Logical>;
  /** Event types it reads; others are skipped without a call. */
  readonly handles: ReadonlySet<LedgerEventType>;
  apply(events: RecordedEvent[], context: ApplyContext<Logical>): Promise<void>;
}

/** Of `events`, those past `after` that the projection handles, decoded into the domain's union. */
export function eventsFor(projection: Pick<Projection, 'handles'>, events: readonly StoredEvent[], after: number): RecordedEvent[] {
  const handles: ReadonlySet<string> = projection.handles;
  return events.filter((e) => e.position > after && handles.has(e.type)).map(decodeEvent);
}
