import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The phase-withdrawal proposals recorded before their table existed (the events came one change
 * before the list): filled from the log up to the campaigns projection's checkpoint, as the
 * projector would have written them; what lies beyond it the projector applies as usual. Without a
 * log table (a fresh database, or a store that is not SQL) there is nothing to fill.
 */
export class PhaseWithdrawalProposalsBackfill1764000001347 implements MigrationInterface {
  name = 'PhaseWithdrawalProposalsBackfill1764000001347';

  async up(q: QueryRunner): Promise<void> {
    const [{ log }]: { log: string | null }[] = await q.query(`SELECT to_regclass('ledger_events')::text AS log`);
    if (log === null) return;
    // The checkpoints' table has its later name on a store migrated since (1764000004000), its first on a fresh one.
    const [{ checkpoints }]: { checkpoints: string | null }[] = await q.query(
      `SELECT coalesce(to_regclass('processor_checkpoints'), to_regclass('projection_checkpoints'))::text AS checkpoints`,
    );
    if (checkpoints === null) return;
    const applied = `(SELECT coalesce(max(position), 0) FROM ${checkpoints} WHERE name = 'campaigns')`;
    await q.query(`INSERT INTO rm_phase_withdrawal_proposals
        (campaign_id, proposal_id, phase_id, reason, proposed_by, proposed_on, proposed_position, proposed_at)
      SELECT e.data->>'campaignId', e.data->>'proposalId', e.data->>'phaseId', e.data->>'reason', e.data->>'proposedBy',
             (e.data->>'proposedOn')::date, e.position, e.recorded_at
      FROM ledger_events e WHERE e.type = 'PhaseWithdrawalProposed' AND e.position <= ${applied}
      ON CONFLICT (campaign_id, proposal_id) DO NOTHING`);
    await q.query(`UPDATE rm_phase_withdrawal_proposals r
      SET status = CASE WHEN e.type = 'PhaseWithdrawalApproved' THEN 'approved' ELSE 'rejected' END,
          decided_by = CASE WHEN e.type = 'PhaseWithdrawalApproved' THEN e.data->>'approvedBy' ELSE e.data->>'rejectedBy' END,
          decided_position = e.position, decided_at = e.recorded_at,
          decision_note = CASE WHEN e.type = 'PhaseWithdrawalApproved' THEN e.data->>'note' ELSE e.data->>'reason' END
      FROM ledger_events e
      WHERE e.type IN ('PhaseWithdrawalApproved', 'PhaseWithdrawalRejected') AND e.position <= ${applied}
        AND r.decided_position IS NULL AND r.campaign_id = e.data->>'campaignId' AND r.proposal_id = e.data->>'proposalId'`);
  }

  async down(): Promise<void> {
    // The rows are the projector's to keep: nothing to undo.
  }
}
