import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Compensations of mistakes (issue 13): a phase withdrawn before it starts, a publication withdrawn or superseded. */
export class Withdrawals1764000001340 implements MigrationInterface {
  name = 'Withdrawals1764000001340';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rm_phases ADD COLUMN IF NOT EXISTS withdrawn_position bigint, ADD COLUMN IF NOT EXISTS withdrawal_reason text`);
    await q.query(`ALTER TABLE rm_publications ADD COLUMN IF NOT EXISTS withdrawn_position bigint, ADD COLUMN IF NOT EXISTS withdrawal_reason text,
      ADD COLUMN IF NOT EXISTS superseded_by text, ADD COLUMN IF NOT EXISTS withdrawn_at timestamptz, ADD COLUMN IF NOT EXISTS withdrawn_by text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE rm_phases DROP COLUMN IF EXISTS withdrawn_position, DROP COLUMN IF EXISTS withdrawal_reason');
    await q.query(`ALTER TABLE rm_publications DROP COLUMN IF EXISTS withdrawn_position, DROP COLUMN IF EXISTS withdrawal_reason,
      DROP COLUMN IF EXISTS superseded_by, DROP COLUMN IF EXISTS withdrawn_at, DROP COLUMN IF EXISTS withdrawn_by`);
  }
}
