/** expectedVersion `any`: $1 stream id, $2 number of events. Always returns a row. */
export const UPSERT_STREAM = `
INSERT INTO ledger_streams (stream_id, version)
VALUES ($1, $2::bigint)
ON CONFLICT (stream_id) DO UPDATE SET version = ledger_streams.version + EXCLUDED.version
RETURNING version`;
