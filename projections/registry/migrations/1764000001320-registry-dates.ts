import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry on two clocks: each unit version says what it changes (`change`: registered,
 * moved, renamed, carried to a successor, merged, dissolved, retired in error) from its
 * `effective_on`, so a read on a date takes each attribute from the version of the latest
 * effective date (not the latest recorded); officers get versions of their own (postings,
 * retirement). Existing rows: a version with an effective date was a move, one without a
 * registration; each officer's registration becomes its first version.
 */
export class RegistryDates1764000001320 implements MigrationInterface {
  name = 'RegistryDates1764000001320';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rm_unit_versions ADD COLUMN IF NOT EXISTS change text NOT NULL DEFAULT 'registered'`);
    await q.query('ALTER TABLE rm_unit_versions ADD COLUMN IF NOT EXISTS successor_id text');
    await q.query(`UPDATE rm_unit_versions SET change = 'moved' WHERE effective_on IS NOT NULL AND change = 'registered'`);
    await q.query('CREATE INDEX IF NOT EXISTS rm_unit_versions_successor ON rm_unit_versions (successor_id) WHERE successor_id IS NOT NULL');
    await q.query(`CREATE TABLE IF NOT EXISTS rm_officer_versions (
      officer_id text NOT NULL, position bigint NOT NULL, change text NOT NULL, unit_id text NOT NULL, effective_on date,
      full_name text, rank text, note text, PRIMARY KEY (officer_id, position))`);
    await q.query('CREATE INDEX IF NOT EXISTS rm_officer_versions_unit ON rm_officer_versions (unit_id, position)');
    await q.query(`INSERT INTO rm_officer_versions (officer_id, position, change, unit_id, effective_on, full_name, rank)
      SELECT officer_id, position, 'registered', unit_id, NULL, full_name, rank FROM rm_officers ON CONFLICT DO NOTHING`);
    await q.query('ALTER TABLE rm_officers ADD COLUMN IF NOT EXISTS retired_on date');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE rm_officers DROP COLUMN IF EXISTS retired_on');
    await q.query('DROP TABLE IF EXISTS rm_officer_versions');
    await q.query('DROP INDEX IF EXISTS rm_unit_versions_successor');
    await q.query(`DELETE FROM rm_unit_versions WHERE change NOT IN ('registered', 'moved')`);
    await q.query('ALTER TABLE rm_unit_versions DROP COLUMN IF EXISTS successor_id, DROP COLUMN IF EXISTS change');
  }
}
