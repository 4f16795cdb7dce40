/** $1 command id. */
export const FIND_COMMAND = `
SELECT fingerprint, response
FROM ledger_commands
WHERE command_id = $1`;
