import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two clocks on score entries: rm_score_events keeps the month each row counts for (`period`, the
 * entry's; a reversal's is that of the entry it reverses) and the day it happened when known. Rows
 * written before have their month derived as the upcaster derives a version-1 entry's (the month
 * of its recording time in Vietnam time, UTC+7); a reversal takes its entry's. rm_vetoes keeps
 * the annulment of a veto imposed by mistake.
 */
export class ScorePeriods1764000001370 implements MigrationInterface {
  name = 'ScorePeriods1764000001370';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE rm_score_events ADD COLUMN IF NOT EXISTS period text, ADD COLUMN IF NOT EXISTS occurred_on date');
    await q.query(`UPDATE rm_score_events SET period = to_char((recorded_at AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM')
      WHERE period IS NULL AND event_type = 'ScoreEntryRecorded'`);
    await q.query(`UPDATE rm_score_events r SET period = e.period FROM rm_score_events e
      WHERE r.period IS NULL AND r.event_type = 'ScoreEntryReversed' AND e.event_type = 'ScoreEntryRecorded'
        AND e.campaign_id = r.campaign_id AND e.unit_id = r.unit_id AND e.entry_id = r.entry_id`);
    await q.query(`UPDATE rm_score_events SET period = to_char((recorded_at AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM') WHERE period IS NULL`);
    await q.query('ALTER TABLE rm_score_events ALTER COLUMN period SET NOT NULL');
    await q.query('CREATE INDEX IF NOT EXISTS rm_score_events_period ON rm_score_events (campaign_id, unit_id, period, position)');
    // A veto annulled (imposed by mistake): never in force as of its annulment and after.
    await q.query(`ALTER TABLE rm_vetoes ADD COLUMN IF NOT EXISTS annulled_position bigint, ADD COLUMN IF NOT EXISTS annul_reason text,
      ADD COLUMN IF NOT EXISTS annul_decision_no text, ADD COLUMN IF NOT EXISTS annulled_on date`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE rm_vetoes DROP COLUMN IF EXISTS annulled_position, DROP COLUMN IF EXISTS annul_reason, DROP COLUMN IF EXISTS annul_decision_no, DROP COLUMN IF EXISTS annulled_on',
    );
    await q.query('DROP INDEX IF EXISTS rm_score_events_period');
    await q.query('ALTER TABLE rm_score_events DROP COLUMN IF EXISTS period, DROP COLUMN IF EXISTS occurred_on');
  }
}
