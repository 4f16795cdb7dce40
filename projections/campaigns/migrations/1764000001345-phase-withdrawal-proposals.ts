import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Proposals to withdraw a started phase (two-person rule, issue 13): one row per proposal, pending
 * until approved or rejected, listed by GET /api/proposals beside the score proposals.
 */
export class PhaseWithdrawalProposals1764000001345 implements MigrationInterface {
  name = 'PhaseWithdrawalProposals1764000001345';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE IF NOT EXISTS rm_phase_withdrawal_proposals (
      campaign_id text NOT NULL, proposal_id text NOT NULL, phase_id text NOT NULL, reason text NOT NULL,
      proposed_by text NOT NULL, proposed_on date NOT NULL, proposed_position bigint NOT NULL, proposed_at timestamptz NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
      decided_by text, decided_position bigint, decided_at timestamptz, decision_note text,
      PRIMARY KEY (campaign_id, proposal_id))`);
    await q.query('CREATE INDEX IF NOT EXISTS rm_phase_withdrawal_proposals_status ON rm_phase_withdrawal_proposals (status, proposed_position)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS rm_phase_withdrawal_proposals');
  }
}
