/**
 * $1 claims (text[], distinct), $2 stream id. Returns the claims this statement took; a claim missing
 * from the answer is held already. A claim being taken by a concurrent transaction makes this wait
 * on the primary key until that one commits (the claim is then held) or rolls back (it is then ours).
 * ORDER BY: every append takes its claims in the same order, so two appends taking the same claims
 * never wait on each other in a cycle.
 */
export const INSERT_CLAIMS = `
INSERT INTO ledger_claims (claim, stream_id)
SELECT claim, $2 FROM unnest($1::text[]) AS wanted(claim) ORDER BY claim
ON CONFLICT (claim) DO NOTHING
RETURNING claim`;
