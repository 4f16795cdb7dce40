/**
 * $1 timestamp. The highest position recorded at or before it, among deliverable rows (the same
 * rule as READ_ALL), so an as-of read never names a position that a reader could not yet see.
 */
export const POSITION_AT = `
SELECT max(e.position) AS position
FROM ledger_events e
CROSS JOIN (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin) s
WHERE e.recorded_at <= $1::timestamptz AND e.visible_after <= s.xmin`;
