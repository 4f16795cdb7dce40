import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Units (with their history, for as-of reads of the tree) and officers. */
export class Registry1764000000200 implements MigrationInterface {
  name = 'Registry1764000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS rm_units (
      unit_id text PRIMARY KEY, name text NOT NULL, kind text NOT NULL, parent_id text, position bigint NOT NULL)`);
    await q.query('CREATE INDEX IF NOT EXISTS rm_units_parent ON rm_units (parent_id)');
    await q.query(`CREATE TABLE IF NOT EXISTS rm_unit_versions (
      unit_id text NOT NULL, position bigint NOT NULL, recorded_at timestamptz NOT NULL, name text NOT NULL, kind text NOT NULL,
      parent_id text, effective_on date, PRIMARY KEY (unit_id, position))`);
    await q.query('CREATE INDEX IF NOT EXISTS rm_unit_versions_parent ON rm_unit_versions (parent_id, position)');
    await q.query(`CREATE TABLE IF NOT EXISTS rm_officers (
      officer_id text PRIMARY KEY, full_name text NOT NULL, rank text, unit_id text NOT NULL, position bigint NOT NULL)`);
    await q.query('CREATE INDEX IF NOT EXISTS rm_officers_unit ON rm_officers (unit_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS rm_units, rm_unit_versions, rm_officers');
  }
}
