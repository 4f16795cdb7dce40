/** Columns every read of ledger_events returns (aliased `e`). */
export const EVENT_COLUMNS = `e.position, e.event_id, e.stream_id, e.version, e.type, e.schema_version, e.data, e.metadata, e.recorded_at`;
