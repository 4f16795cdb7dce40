/** expectedVersion `no-stream`: $1 stream id, $2 number of events. No row back: the stream exists. */
export const CREATE_STREAM = `
INSERT INTO ledger_streams (stream_id, version)
VALUES ($1, $2::bigint)
ON CONFLICT (stream_id) DO NOTHING
RETURNING version`;
