import { EVENT_COLUMNS } from './event-columns.js';

/**
 * $1 after (exclusive), $2 limit. `deliverable` is computed against the xmin of this statement's
 * own snapshot, the same snapshot the rows are read with. Why: see append-function.sql.ts.
 */
export const READ_ALL = `
SELECT ${EVENT_COLUMNS}, e.visible_after <= s.xmin AS deliverable
FROM ledger_events e
CROSS JOIN (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin) s
WHERE e.position > $1::bigint
ORDER BY e.position
LIMIT $2::int`;
