import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-person approvals: rm_proposals (one row per proposal, pending until approved or rejected)
 * and, on each audit row written by an approval, who proposed and who approved it.
 */
export class Proposals1764000000800 implements MigrationInterface {
  name = 'Proposals1764000000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rm_score_events
      ADD COLUMN IF NOT EXISTS proposal_id text, ADD COLUMN IF NOT EXISTS proposed_by text, ADD COLUMN IF NOT EXISTS approved_by text`);
    await q.query(`CREATE TABLE IF NOT EXISTS rm_proposals (
      campaign_id text NOT NULL, unit_id text NOT NULL, proposal_id text NOT NULL,
      action text NOT NULL, change jsonb NOT NULL, reason text NOT NULL,
      proposed_by text NOT NULL, proposed_position bigint NOT NULL, proposed_at timestamptz NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
      decided_by text, decided_position bigint, decided_at timestamptz, decision_note text,
      PRIMARY KEY (campaign_id, unit_id, proposal_id))`);
    await q.query('CREATE INDEX IF NOT EXISTS rm_proposals_status ON rm_proposals (status, proposed_position)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS rm_proposals');
    await q.query('ALTER TABLE rm_score_events DROP COLUMN IF EXISTS proposal_id, DROP COLUMN IF EXISTS proposed_by, DROP COLUMN IF EXISTS approved_by');
  }
}
