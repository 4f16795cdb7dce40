/**
 * Highest deliverable position (same rule as READ_ALL). Walks the primary key backwards and stops
 * at the first deliverable row, normally among the last few.
 */
export const HEAD_POSITION = `
SELECT e.position
FROM ledger_events e
CROSS JOIN (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin) s
WHERE e.visible_after <= s.xmin
ORDER BY e.position DESC
LIMIT 1`;
