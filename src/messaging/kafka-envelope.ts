import { withoutSecrets } from '../ledger/accounts/secret-fields.js';
import type { EventMetadata, StoredEvent } from '../event-store/event-store.port.js';
import { campaignOfStream } from '../ledger/ids.js';

/** What a Kafka record's value holds: one stored event, as JSON. */
export interface EventEnvelope {
  id: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  version: number;
  position: number;
  /** ISO 8601, UTC. */
  recordedAt: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

export interface LedgerRecord {
  key: string;
  value: string;
  headers: { type: string; id: string; position: string };
}

/**
 * The record key: the campaign for a campaign's streams (campaign, cluster, pledge, scorecard), so
 * all of a campaign's events share a partition and keep their order; else the stream itself.
 */
export function recordKey(streamId: string): string {
  return campaignOfStream(streamId) ?? streamId;
}

export function toRecord(event: StoredEvent): LedgerRecord {
  const envelope: EventEnvelope = {
    id: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    version: event.version,
    position: event.position,
    recordedAt: event.recordedAt.toISOString(),
    data: withoutSecrets(event.data),
    metadata: event.metadata,
  };
  return { key: recordKey(event.streamId), value: JSON.stringify(envelope), headers: { type: event.type, id: event.id, position: String(event.position) } };
}

/** The stored event a record carries (what the projections read). */
export function fromRecordValue(value: Buffer | string): StoredEvent {
  const envelope = JSON.parse(typeof value === 'string' ? value : value.toString('utf8')) as EventEnvelope;
  if (typeof envelope.position !== 'number' || typeof envelope.type !== 'string' || typeof envelope.streamId !== 'string') {
    throw new Error(`not a ledger event envelope: ${String(value).slice(0, 200)}`);
  }
  return { ...envelope, recordedAt: new Date(envelope.recordedAt) };
}
