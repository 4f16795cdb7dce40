/**
 * SQL of the integrity chain and checkpoints (tables: migrations/1764000002000-integrity.ts). The
 * same statements on PostgreSQL and PGlite.
 */

/** The last link: where the processor resumes. */
export const CHAIN_HEAD = `SELECT position, hash FROM ledger_integrity_chain ORDER BY position DESC LIMIT 1`;

/**
 * $1 positions, $2 previous positions, $3 hashes. Links are deterministic, so a second instance
 * chaining the same events writes nothing (ON CONFLICT DO NOTHING).
 */
export const INSERT_LINKS = `
INSERT INTO ledger_integrity_chain (position, prev_position, hash)
SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[])
ON CONFLICT (position) DO NOTHING`;

/** $1 after: links not covered by a checkpoint yet. */
export const LINKS_AFTER = `SELECT count(*) AS n FROM ledger_integrity_chain WHERE position > $1`;

export const LAST_CHECKPOINT = `
SELECT position, head_hash, signed_at, key_id, public_key, signature
FROM ledger_integrity_checkpoints ORDER BY position DESC LIMIT 1`;

/** $1 position, $2 head hash, $3 signed at, $4 key id, $5 public key (PEM), $6 signature (base64). */
export const INSERT_CHECKPOINT = `
INSERT INTO ledger_integrity_checkpoints (position, head_hash, signed_at, key_id, public_key, signature)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (position) DO NOTHING`;

// Verification reads the raw rows, not the gap-safe reader: a deleted or edited row must be seen.

/** $1 after (exclusive), $2 through (inclusive), $3 limit. */
export const RAW_EVENTS = `
SELECT position, event_id, stream_id, version, type, schema_version, data, metadata, recorded_at
FROM ledger_events WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3`;

/** $1 after (exclusive), $2 through (inclusive), $3 limit. */
export const RAW_LINKS = `
SELECT position, prev_position, hash
FROM ledger_integrity_chain WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $3`;

export const ALL_CHECKPOINTS = `
SELECT position, head_hash, signed_at, key_id, signature
FROM ledger_integrity_checkpoints ORDER BY position`;

export const CHAINED_THROUGH = `SELECT coalesce(max(position), 0) AS position FROM ledger_integrity_chain`;

/** $1 after: events not chained yet (or not yet settled). */
export const EVENTS_AFTER = `SELECT count(*) AS n FROM ledger_events WHERE position > $1`;

/** $1 position: the last link at or before it, i.e. the head of the chain over the log up to that position. */
export const LINK_AT_OR_BEFORE = `SELECT position, hash FROM ledger_integrity_chain WHERE position <= $1 ORDER BY position DESC LIMIT 1`;
