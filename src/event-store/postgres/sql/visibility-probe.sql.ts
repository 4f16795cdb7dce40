/**
 * $1 stream id (the row this transaction already bumped and locked: no waiting, no conflict).
 * Run right after VISIBILITY_SAVEPOINT: rewriting the row is the subtransaction's first write, so
 * the new row version's `xmin` is the subtransaction's fresh xid (32 bits); the top-level xid8
 * gives the epoch to widen it.
 */
export const VISIBILITY_PROBE = `
UPDATE ledger_streams
SET version = version
WHERE stream_id = $1
RETURNING xmin::text AS row_xid, pg_current_xact_id()::text AS transaction_id`;
