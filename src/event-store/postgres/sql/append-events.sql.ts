/**
 * One statement for the whole batch.
 * $1 positions bigint[], $2 event ids uuid[], $3 stream id, $4 versions bigint[], $5 types text[],
 * $6 schema versions int[], $7 data (JSON text)[], $8 metadata (JSON text), $9 visible_after (xid8 text).
 */
export const APPEND_EVENTS = `
INSERT INTO ledger_events
  (position, event_id, stream_id, version, type, schema_version, data, metadata, visible_after)
SELECT e.position, e.event_id, $3, e.version, e.type, e.schema_version, e.data::jsonb, $8::jsonb, $9::xid8
FROM unnest($1::bigint[], $2::uuid[], $4::bigint[], $5::text[], $6::int[], $7::text[])
  AS e(position, event_id, version, type, schema_version, data)
RETURNING position, recorded_at`;
