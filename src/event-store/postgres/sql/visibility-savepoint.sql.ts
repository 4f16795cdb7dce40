/**
 * Opens a subtransaction so that the next write (VISIBILITY_PROBE) gets a brand-new xid, assigned
 * after the positions were reserved. Never released explicitly: COMMIT commits it with the rest.
 */
export const VISIBILITY_SAVEPOINT = `SAVEPOINT ledger_visibility`;
