import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One checkpoint table for every consumer of the log (src/processing/checkpoints.ts):
 * `projection_checkpoints` becomes `processor_checkpoints` with a `kind`, and takes in the Kafka
 * relay's checkpoints (`kafka_relay_checkpoints`) and the rebuilds in progress
 * (`projection_rebuilds`, which the rebuild used to create when it first ran). Every position is
 * carried over as it was: nothing is processed again after the upgrade.
 */
export class ProcessorCheckpoints1764000004000 implements MigrationInterface {
  name = 'ProcessorCheckpoints1764000004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE projection_checkpoints RENAME TO processor_checkpoints');
    await q.query('ALTER INDEX IF EXISTS projection_checkpoints_pkey RENAME TO processor_checkpoints_pkey');
    await q.query(`ALTER TABLE processor_checkpoints ADD COLUMN kind text NOT NULL DEFAULT 'projection'`);
    await q.query(`UPDATE processor_checkpoints SET kind = 'policy' WHERE name LIKE 'policy:%'`);
    await q.query(`INSERT INTO processor_checkpoints (name, kind, position, updated_at)
      SELECT 'kafka-relay:' || topic, 'kafka-relay', position, updated_at FROM kafka_relay_checkpoints`);
    await q.query('DROP TABLE kafka_relay_checkpoints');
    await q.query(`DO $$ BEGIN
      IF to_regclass('projection_rebuilds') IS NOT NULL THEN
        INSERT INTO processor_checkpoints (name, kind, position, updated_at)
          SELECT 'rebuild:' || name, 'rebuild', position, started_at FROM projection_rebuilds;
        DROP TABLE projection_rebuilds;
      END IF;
    END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE projection_rebuilds (
      name text PRIMARY KEY,
      position bigint NOT NULL DEFAULT 0,
      started_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`INSERT INTO projection_rebuilds (name, position, started_at)
      SELECT substr(name, length('rebuild:') + 1), position, updated_at FROM processor_checkpoints WHERE kind = 'rebuild'`);
    await q.query(`CREATE TABLE kafka_relay_checkpoints (
      topic text PRIMARY KEY,
      position bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`INSERT INTO kafka_relay_checkpoints (topic, position, updated_at)
      SELECT substr(name, length('kafka-relay:') + 1), position, updated_at FROM processor_checkpoints WHERE kind = 'kafka-relay'`);
    await q.query(`DELETE FROM processor_checkpoints WHERE kind IN ('rebuild', 'kafka-relay')`);
    await q.query('ALTER TABLE processor_checkpoints DROP COLUMN kind');
    await q.query('ALTER INDEX IF EXISTS processor_checkpoints_pkey RENAME TO projection_checkpoints_pkey');
    await q.query('ALTER TABLE processor_checkpoints RENAME TO projection_checkpoints');
  }
}
