/**
 * `ledger_append`: one append in ONE round trip (issue 6: the step-by-step append took ten). Created
 * by init (CREATE OR REPLACE, idempotent); PL/pgSQL runs on PostgreSQL and on PGlite alike.
 *
 * It does, in one statement, the steps `appendInTransaction` documents, in the same order, because
 * the order is what makes the global log gap-safe:
 *  1. record the command id (its first write assigns this transaction's xid); a command id already
 *     recorded returns `r_replayed` with the recorded outcome and writes nothing;
 *  1b. check that the other streams the decision read are still at the versions it read; one that
 *     moved raises SQLSTATE LV409 with its current version in DETAIL and its id in HINT;
 *  2. check and bump the stream version (the first write when there is no command), locking the
 *     stream row; a mismatch raises SQLSTATE LV409 with the current version in DETAIL;
 *  2b. take the claims (sorted, distinct), after the xid and before the positions; a claim held
 *     already raises LC409 with `{"claim","holder"}` in DETAIL;
 *  3. reserve the positions (nextval, CACHE 1);
 *  4. in a subtransaction (a BEGIN … EXCEPTION block is one), rewrite the stream row: that write gets
 *     a brand-new xid, assigned after step 3, so larger than the xid of every transaction that
 *     reserved a lower position. visible_after = that xid (made 64-bit with the top-level xid's
 *     epoch) + 1;
 *  5. insert the events, then note the claims' position;
 *  6. record the response when the caller gave its fixed part (`p_answer`): the answer is
 *     p_answer plus streamId, version and position. Without it the caller records the response
 *     itself in the same transaction (AppendOptions.command.respond).
 * An exception rolls back everything the statement wrote (the caller's transaction, or the implicit
 * one of an autocommit call). Listeners are woken by the caller after the commit.
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
