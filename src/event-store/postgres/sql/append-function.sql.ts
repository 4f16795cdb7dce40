/**
 * `ledger_append`: one append in ONE round trip (issue 6: the step-by-step append took ten). Created
 * by init (CREATE OR REPLACE, idempotent); PL/pgSQL runs on PostgreSQL and on PGlite alike.
 *
 * Its steps, in this order:
 *  1. record the command id; a command id already recorded returns `r_replayed` with the recorded
 *     outcome and writes nothing;
 *  1b. check that the other streams the decision read are still at the versions it read; one that
 *     moved raises SQLSTATE LV409 with its current version in DETAIL and its id in HINT;
 *  2. check and bump the stream version, locking the stream row until commit (so appends to one
 *     stream reserve their positions in version order); a mismatch raises SQLSTATE LV409 with the
 *     current version in DETAIL;
 *  2b. take the claims (sorted, distinct); a claim held already raises LC409 with
 *     `{"claim","holder"}` in DETAIL. After the xid (step 1 or 2) and before the positions, so an
 *     append refused for a held claim burns no position, and one waiting on a claim another
 *     transaction is taking holds no position meanwhile (readers do not stall behind it). Locks are
 *     thus taken in one order (command id, stream row, claims sorted): no deadlock cycle;
 *  3. reserve the positions (nextval on `ledger_position_seq`, CACHE 1);
 *  4. in a subtransaction (a BEGIN … EXCEPTION block is one), rewrite the stream row and take that
 *     write's xid (the new row's xmin, made 64-bit with the top-level xid's epoch):
 *     visible_after = that xid + 1;
 *  5. insert the events with that visible_after, then note the claims' position;
 *  6. record the response when the caller gave its fixed part (`p_answer`): the answer is
 *     p_answer plus streamId, version and position. Without it the caller records the response
 *     itself in the same transaction (AppendOptions.command.respond).
 * An exception rolls back everything the statement wrote (the caller's transaction, or the implicit
 * one of an autocommit call). Listeners are woken by the caller after the commit.
 *
 * Why the global log is gap-safe (EventStore.readAll: no event is delivered while a lower position
 * may still commit). This is the one statement of the argument; the rest of the code refers here.
 * - Write side. Take an event at position P, and any transaction X that reserved a position Q < P.
 *   X's top-level xid was assigned by its first write, at the latest step 1 (or step 2 without a
 *   command id: a step 2 that succeeds always writes), so before its nextval (step 3). Q < P means X's nextval ran
 *   before the nextval that gave P (the sequence hands values out in call order across sessions:
 *   CACHE 1, see schema.sql.ts). P's visible_after is one more than the xid of step 4, assigned
 *   after every nextval of P's append, and xids are handed out in increasing order. So
 *   X.xid < visible_after(P).
 * - Read side (READ_ALL, also HEAD_POSITION and POSITION_AT): a row is deliverable when
 *   visible_after <= xmin of the statement's own snapshot, the snapshot the rows are read with.
 *   Every xid below xmin has ended. So if P is deliverable, every such X has ended before the
 *   snapshot: committed (its events are visible in this very snapshot) or aborted (its positions are
 *   never handed out again, a hole for ever). Every row at or below P is then final; readAll
 *   delivers the rows up to the last deliverable one and re-reads the rest later (from `after`).
 * Not enough: ordering or filtering by the writer's xid (`transaction_id < xmin` row by row), as a
 *   lower xid can hold a higher position; `pg_snapshot_xmax(pg_current_snapshot())` as
 *   visible_after, as xmax is "latest completed xid + 1", and a still-running X above every
 *   completed xid has X.xid >= xmax; the top-level xid + 1, as it is assigned before step 3 and X
 *   may get its xid in between (the gap tests in test/contract/postgres.test.ts fail with either).
 *
 * $1 stream id, $2 expected version (-1 any, 0 no stream, k > 0), $3 event ids, $4 types,
 * $5 schema versions, $6 data (JSON text), $7 metadata (JSON text), $8 command id (NULL: none),
 * $9 fingerprint, $10 claims (sorted, distinct), $11 fixed part of the answer (JSON text or NULL),
 * $12 ids and $13 versions of the streams the decision read.
 */
export const APPEND_FUNCTION = `
DROP FUNCTION IF EXISTS ledger_append(text, bigint, uuid[], text[], int[], text[], text, text, text, text[], text);
CREATE OR REPLACE FUNCTION ledger_append(
  p_stream_id text, p_expected bigint, p_event_ids uuid[], p_types text[], p_schema_versions int[],
  p_data text[], p_metadata text, p_command_id text, p_fingerprint text, p_claims text[], p_answer text,
  p_read_ids text[], p_read_versions bigint[],
  OUT r_replayed boolean, OUT r_fingerprint text, OUT r_response jsonb,
  OUT r_version bigint, OUT r_positions bigint[], OUT r_recorded_at timestamptz)
LANGUAGE plpgsql AS $fn$
DECLARE
  n int := cardinality(p_types);
  v_current bigint;
  v_taken text[];
  v_claim text;
  v_holder text;
  v_sub_xid bigint;
  v_top_xid bigint;
  v_visible_after bigint;
  v_moved text;
BEGIN
  r_replayed := false;
  IF p_command_id IS NOT NULL THEN
    INSERT INTO ledger_commands (command_id, fingerprint) VALUES (p_command_id, p_fingerprint)
    ON CONFLICT (command_id) DO NOTHING;
    IF NOT FOUND THEN
      SELECT c.fingerprint, c.response INTO r_fingerprint, r_response FROM ledger_commands c WHERE c.command_id = p_command_id;
      r_replayed := true;
      RETURN;
    END IF;
  END IF;

  IF cardinality(p_read_ids) > 0 THEN
    SELECT r.stream_id, coalesce(s.version, 0) INTO v_moved, v_current
    FROM unnest(p_read_ids, p_read_versions) AS r(stream_id, version)
    LEFT JOIN ledger_streams s ON s.stream_id = r.stream_id
    WHERE coalesce(s.version, 0) <> r.version
    LIMIT 1;
    IF v_moved IS NOT NULL THEN
      RAISE EXCEPTION 'stream % moved since the decision read it', v_moved
        USING ERRCODE = 'LV409', DETAIL = v_current::text, HINT = v_moved;
    END IF;
  END IF;

  IF p_expected = -1 THEN
    INSERT INTO ledger_streams AS s (stream_id, version) VALUES (p_stream_id, n)
    ON CONFLICT (stream_id) DO UPDATE SET version = s.version + EXCLUDED.version
    RETURNING s.version INTO r_version;
  ELSIF p_expected = 0 THEN
    INSERT INTO ledger_streams AS s (stream_id, version) VALUES (p_stream_id, n)
    ON CONFLICT (stream_id) DO NOTHING
    RETURNING s.version INTO r_version;
  ELSE
    UPDATE ledger_streams s SET version = s.version + n
    WHERE s.stream_id = p_stream_id AND s.version = p_expected
    RETURNING s.version INTO r_version;
  END IF;
  IF r_version IS NULL THEN
    SELECT s.version INTO v_current FROM ledger_streams s WHERE s.stream_id = p_stream_id;
    RAISE EXCEPTION 'stream % is not at the expected version', p_stream_id
      USING ERRCODE = 'LV409', DETAIL = coalesce(v_current, 0)::text;
  END IF;

  IF cardinality(p_claims) > 0 THEN
    WITH taken AS (
      INSERT INTO ledger_claims (claim, stream_id)
      SELECT w.claim, p_stream_id FROM unnest(p_claims) AS w(claim) ORDER BY w.claim
      ON CONFLICT (claim) DO NOTHING
      RETURNING claim)
    SELECT coalesce(array_agg(t.claim), '{}') INTO v_taken FROM taken t;
    IF cardinality(v_taken) <> cardinality(p_claims) THEN
      SELECT h.claim, h.stream_id INTO v_claim, v_holder FROM ledger_claims h
      WHERE h.claim = ANY(p_claims) AND NOT (h.claim = ANY(v_taken)) ORDER BY h.claim LIMIT 1;
      RAISE EXCEPTION 'claim % is already held', v_claim
        USING ERRCODE = 'LC409', DETAIL = json_build_object('claim', v_claim, 'holder', v_holder)::text;
    END IF;
  END IF;

  SELECT array_agg(q.position ORDER BY q.position) INTO r_positions
  FROM (SELECT nextval('ledger_position_seq') AS position FROM generate_series(1, n)) q;

  BEGIN
    UPDATE ledger_streams s SET version = s.version WHERE s.stream_id = p_stream_id
    RETURNING s.xmin::text::bigint INTO v_sub_xid;
  EXCEPTION WHEN OTHERS THEN
    RAISE;
  END;
  v_top_xid := pg_current_xact_id()::text::bigint;
  v_visible_after := v_top_xid + ((v_sub_xid - v_top_xid % 4294967296) % 4294967296 + 4294967296) % 4294967296 + 1;

  INSERT INTO ledger_events (position, event_id, stream_id, version, type, schema_version, data, metadata, visible_after)
  SELECT r_positions[i], p_event_ids[i], p_stream_id, r_version - n + i, p_types[i], p_schema_versions[i],
         p_data[i]::jsonb, p_metadata::jsonb, v_visible_after::text::xid8
  FROM generate_subscripts(p_types, 1) AS i;
  r_recorded_at := now();

  IF cardinality(p_claims) > 0 THEN
    UPDATE ledger_claims SET position = r_positions[n] WHERE claim = ANY(p_claims);
  END IF;
  IF p_command_id IS NOT NULL AND p_answer IS NOT NULL THEN
    UPDATE ledger_commands SET response = p_answer::jsonb
      || jsonb_build_object('streamId', p_stream_id, 'version', r_version, 'position', r_positions[n])
    WHERE command_id = p_command_id;
  END IF;
END
$fn$`;
