/**
 * Idempotent schema (several statements: run with `exec`, inside a transaction holding
 * SCHEMA_LOCK so that concurrent starts do not race on CREATE ... IF NOT EXISTS).
 *
 * `ledger_position_seq` must keep CACHE 1 (the default): with a per-session cache, nextval values
 * would no longer be handed out in call order across sessions, which the gap-safety argument needs (see append-function.sql.ts).
 */
export const SCHEMA = `
CREATE SEQUENCE IF NOT EXISTS ledger_position_seq AS bigint CACHE 1;

CREATE TABLE IF NOT EXISTS ledger_streams (
  stream_id text PRIMARY KEY,
  version   bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS ledger_events (
  position       bigint PRIMARY KEY,
  event_id       uuid NOT NULL UNIQUE,
  stream_id      text NOT NULL,
  version        bigint NOT NULL,
  type           text NOT NULL,
  schema_version int NOT NULL,
  data           jsonb NOT NULL,
  metadata       jsonb NOT NULL,
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  visible_after  xid8 NOT NULL,
  UNIQUE (stream_id, version)
);

CREATE INDEX IF NOT EXISTS ledger_events_recorded_at ON ledger_events (recorded_at);

CREATE TABLE IF NOT EXISTS ledger_commands (
  command_id  text PRIMARY KEY,
  fingerprint text NOT NULL,
  response    jsonb,
  recorded_at timestamptz DEFAULT now()
);

-- Unique keys taken by appends (AppendOptions.claims), e.g. 'achievement:<id>'. A claim is held for
-- ever by the stream whose append took it; position is that append's last event.
CREATE TABLE IF NOT EXISTS ledger_claims (
  claim      text PRIMARY KEY,
  stream_id  text NOT NULL,
  position   bigint,
  claimed_at timestamptz DEFAULT now()
);
`;
