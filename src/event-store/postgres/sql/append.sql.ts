/** One append through `ledger_append` (see append-function.sql.ts for the parameters and the steps). */
export const APPEND = `
SELECT r_replayed, r_fingerprint, r_response, r_version, r_positions, r_recorded_at
FROM ledger_append($1, $2::bigint, $3::uuid[], $4::text[], $5::int[], $6::text[], $7, $8, $9, $10::text[], $11, $12::text[], $13::bigint[])`;
