import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Vetoes (điểm liệt) with the positions they were imposed and lifted at, for as-of reads. */
export class Vetoes1764000000500 implements MigrationInterface {
  name = 'Vetoes1764000000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS rm_vetoes (
      campaign_id text NOT NULL, unit_id text NOT NULL, imposed_position bigint NOT NULL,
      reason text NOT NULL, decision_no text NOT NULL, decided_on date NOT NULL,
      lifted_position bigint, lift_reason text, lift_decision_no text, lifted_on date,
      PRIMARY KEY (campaign_id, unit_id, imposed_position))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS rm_vetoes');
  }
}
