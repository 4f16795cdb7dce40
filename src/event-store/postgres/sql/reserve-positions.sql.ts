/** $1 number of events. Global positions for a batch (sorted by the caller). */
export const RESERVE_POSITIONS = `
SELECT nextval('ledger_position_seq') AS position
FROM generate_series(1, $1::int)`;
