/** $1 the highest position written. Sent after the commit, in its own statement (see PostgresEventStore.notifyListeners). */
export const NOTIFY_EVENTS = `SELECT pg_notify('ledger_events', $1::text)`;
