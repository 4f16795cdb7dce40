import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Compensations of mistakes (issue 13): revocations annulled and decisions corrected, each kept as history. */
export class CommendationCorrections1764000001341 implements MigrationInterface {
  name = 'CommendationCorrections1764000001341';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rm_commendations ADD COLUMN IF NOT EXISTS annulments jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN IF NOT EXISTS corrections jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE rm_commendations DROP COLUMN IF EXISTS annulments, DROP COLUMN IF EXISTS corrections');
  }
}
