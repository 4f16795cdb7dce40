import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Historical decisions (issue 15): a decision of before the ledger, recorded from the books, keeps
 * its source and the rules it was recorded against as warnings, shown in reads and the register.
 */
export class HistoricalDecisions1764000001348 implements MigrationInterface {
  name = 'HistoricalDecisions1764000001348';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rm_commendations ADD COLUMN IF NOT EXISTS recorded_as text, ADD COLUMN IF NOT EXISTS source jsonb,
      ADD COLUMN IF NOT EXISTS warnings jsonb NOT NULL DEFAULT '[]'::jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE rm_commendations DROP COLUMN IF EXISTS recorded_as, DROP COLUMN IF EXISTS source, DROP COLUMN IF EXISTS warnings');
  }
}
