/** $1 stream id. No row: the stream does not exist (version 0). */
export const STREAM_VERSION = `
SELECT version
FROM ledger_streams
WHERE stream_id = $1`;
