import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The register on the recording clock (issue 14, the browse list's `asOf`): rm_commendations holds
 * each decision as it stands now; rm_commendation_changes holds, per decision, each event that
 * changed what the list filters on: recorded (every field), corrected (the fields it changed, null
 * for the others), revoked and annulled (the status). A read as of a position takes each field from
 * the latest change recorded by then. Decisions already in the register get their changes from the
 * log itself (the events are the source; schema version 1 of each of these types, the current one);
 * the projector inserts idempotently, so an event it applies again after this is not doubled.
 */
export class CommendationChanges1764000001410 implements MigrationInterface {
  name = 'CommendationChanges1764000001410';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS rm_commendation_changes (
      commendation_id text NOT NULL, position bigint NOT NULL,
      change text NOT NULL CHECK (change IN ('recorded', 'corrected', 'revoked', 'annulled')),
      decision_no text, decided_on date, achievement_year int, recipient_kind text, recipient_id text,
      PRIMARY KEY (commendation_id, position))`);
    await q.query('CREATE INDEX IF NOT EXISTS rm_commendation_changes_position ON rm_commendation_changes (position)');
    // The list's order, newest decision first: a page is read off the index, not sorted from the whole register.
    await q.query('CREATE INDEX IF NOT EXISTS rm_commendations_decided ON rm_commendations (decided_on DESC, commendation_id)');
    // Rows exist only where the log does; a fresh database may not have the log's table yet.
    const [{ log }]: { log: string | null }[] = await q.query(`SELECT to_regclass('ledger_events')::text AS log`);
    if (log === null) return;
    await q.query(`INSERT INTO rm_commendation_changes (commendation_id, position, change, decision_no, decided_on, achievement_year, recipient_kind, recipient_id)
      SELECT e.data->>'commendationId', e.position,
        CASE e.type WHEN 'CommendationRecorded' THEN 'recorded' WHEN 'CommendationCorrected' THEN 'corrected'
          WHEN 'CommendationRevoked' THEN 'revoked' ELSE 'annulled' END,
        CASE e.type WHEN 'CommendationRecorded' THEN e.data->>'decisionNo' WHEN 'CommendationCorrected' THEN e.data->'changes'->>'decisionNo' END,
        (CASE e.type WHEN 'CommendationRecorded' THEN e.data->>'decidedOn' WHEN 'CommendationCorrected' THEN e.data->'changes'->>'decidedOn' END)::date,
        CASE e.type
          WHEN 'CommendationRecorded' THEN substr(coalesce(e.data->'achievementPeriod'->>'to', e.data->>'decidedOn'), 1, 4)::int
          WHEN 'CommendationCorrected' THEN (e.data->>'achievementYear')::int END,
        CASE e.type WHEN 'CommendationRecorded' THEN e.data->'recipient'->>'kind' WHEN 'CommendationCorrected' THEN e.data->'changes'->'recipient'->>'kind' END,
        CASE e.type WHEN 'CommendationRecorded' THEN e.data->'recipient'->>'id' WHEN 'CommendationCorrected' THEN e.data->'changes'->'recipient'->>'id' END
      FROM ledger_events e
      WHERE e.type IN ('CommendationRecorded', 'CommendationCorrected', 'CommendationRevoked', 'RevocationAnnulled')
      ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS rm_commendations_decided');
    await q.query('DROP TABLE IF EXISTS rm_commendation_changes');
  }
}
