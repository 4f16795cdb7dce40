import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProjectionCheckpoints1764000000000 implements MigrationInterface {
  name = 'ProjectionCheckpoints1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS projection_checkpoints (
      name text PRIMARY KEY,
      position bigint NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS projection_checkpoints');
  }
}
