/** $1 claim. */
export const CLAIM_HOLDER = `
SELECT stream_id
FROM ledger_claims
WHERE claim = $1`;
