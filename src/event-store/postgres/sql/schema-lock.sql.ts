/** Serialises schema creation between processes starting at the same time (released at commit). */
export const SCHEMA_LOCK = `SELECT pg_advisory_xact_lock(hashtext('campaign-ledger:event-store-schema')::bigint)`;
