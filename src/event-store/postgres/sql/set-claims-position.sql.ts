/** $1 claims (text[]) taken by this append, $2 the global position of its last event. */
export const SET_CLAIMS_POSITION = `
UPDATE ledger_claims
SET position = $2
WHERE claim = ANY($1::text[])`;
