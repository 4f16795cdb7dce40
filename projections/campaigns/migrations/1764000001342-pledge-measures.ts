import type { MigrationInterface, QueryRunner } from 'typeorm';
import { POINTS_COLUMN } from '../../../src/ledger/limits.js';

/**
 * Pledges as users keep them (issue 13): a signatory (unit or officer), targets with a measure and
 * a direction, and the actuals units report. Rows written before held a free label in `measure`:
 * it moves to `unit_label`, their measure null (held against points, as they were).
 */
export class PledgeMeasures1764000001342 implements MigrationInterface {
  name = 'PledgeMeasures1764000001342';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rm_pledge_targets ADD COLUMN IF NOT EXISTS signatory_kind text NOT NULL DEFAULT 'unit',
      ADD COLUMN IF NOT EXISTS signatory_id text, ADD COLUMN IF NOT EXISTS direction text, ADD COLUMN IF NOT EXISTS unit_label text`);
    await q.query(`UPDATE rm_pledge_targets SET unit_label = measure, measure = NULL, signatory_id = unit_id WHERE signatory_id IS NULL`);
    await q.query(`CREATE TABLE IF NOT EXISTS rm_pledge_actuals (
      campaign_id text NOT NULL, pledge_id text NOT NULL, criterion_id text NOT NULL, period text NOT NULL,
      value ${POINTS_COLUMN} NOT NULL, evidence jsonb NOT NULL, position bigint NOT NULL, recorded_at timestamptz NOT NULL, actor text NOT NULL,
      PRIMARY KEY (campaign_id, pledge_id, criterion_id, period))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS rm_pledge_actuals');
    await q.query(`UPDATE rm_pledge_targets SET measure = unit_label`);
    await q.query(`ALTER TABLE rm_pledge_targets DROP COLUMN IF EXISTS signatory_kind, DROP COLUMN IF EXISTS signatory_id,
      DROP COLUMN IF EXISTS direction, DROP COLUMN IF EXISTS unit_label`);
  }
}
