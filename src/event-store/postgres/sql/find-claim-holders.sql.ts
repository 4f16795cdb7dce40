/** $1 claims (text[]). Who holds each of them. */
export const FIND_CLAIM_HOLDERS = `
SELECT claim, stream_id
FROM ledger_claims
WHERE claim = ANY($1::text[])
ORDER BY claim`;
