/** $1 command id, $2 fingerprint. No row back: the command id is already recorded (or being recorded). */
export const INSERT_COMMAND = `
INSERT INTO ledger_commands (command_id, fingerprint)
VALUES ($1, $2)
ON CONFLICT (command_id) DO NOTHING
RETURNING command_id`;
