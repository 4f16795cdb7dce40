import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A projection that cannot apply an event is marked failed at it (projections/runner/failure.ts):
 * `failure` holds the position, the event's id and type, the error (class, SQLSTATE, message; never
 * SQL parameters), when and by whom. NULL: healthy. Cleared by a resume or a rebuild.
 */
export class ProjectionFailures1764000003000 implements MigrationInterface {
  name = 'ProjectionFailures1764000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE projection_checkpoints ADD COLUMN IF NOT EXISTS failure jsonb');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE projection_checkpoints DROP COLUMN IF EXISTS failure');
  }
}
