/** expectedVersion k > 0: $1 stream id, $2 k, $3 number of events. No row back: version is not k. */
export const BUMP_STREAM_VERSION = `
UPDATE ledger_streams
SET version = version + $3::bigint
WHERE stream_id = $1 AND version = $2::bigint
RETURNING version`;
