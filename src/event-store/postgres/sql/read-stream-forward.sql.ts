import { EVENT_COLUMNS } from './event-columns.js';

/** $1 stream id, $2 from version (inclusive), $3 limit. */
export const READ_STREAM_FORWARD = `
SELECT ${EVENT_COLUMNS}
FROM ledger_events e
WHERE e.stream_id = $1 AND e.version >= $2::bigint
ORDER BY e.version
LIMIT $3::int`;
