import { EVENT_COLUMNS } from './event-columns.js';

/** $1 stream id, $2 from version (inclusive; NULL: the last), $3 limit. */
export const READ_STREAM_BACKWARD = `
SELECT ${EVENT_COLUMNS}
FROM ledger_events e
WHERE e.stream_id = $1 AND ($2::bigint IS NULL OR e.version <= $2::bigint)
ORDER BY e.version DESC
LIMIT $3::int`;
