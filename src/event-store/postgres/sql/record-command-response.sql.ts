/** $1 command id, $2 response (JSON text). */
export const RECORD_COMMAND_RESPONSE = `
UPDATE ledger_commands
SET response = $2::jsonb
WHERE command_id = $1`;
