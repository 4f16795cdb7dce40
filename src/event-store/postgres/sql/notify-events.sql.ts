/** $1 last position written. Delivered to listeners when the transaction commits. */
export const NOTIFY_EVENTS = `SELECT pg_notify('ledger_events', $1::text)`;
