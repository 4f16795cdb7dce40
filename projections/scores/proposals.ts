import type { RecordedEvent } from '../../src/event-store/recorded-event.js';
import type { ApplyContext } from '../runner/projection.js';

/**
 * rm_proposals: each proposed change to a closed phase or campaign, pending until approved or
 * rejected. Proposals are rare: a statement each, in order (a decision may follow its proposal in
 * the same batch).
 */
export async function applyProposals(events: readonly RecordedEvent[], manager: ApplyContext['manager'], table: string): Promise<void> {
  for (const event of events) {
    if (event.type === 'ChangeProposed') {
      const d = event.data;
      await manager.query(
        `INSERT INTO ${table} (campaign_id, unit_id, proposal_id, action, change, reason, proposed_by, proposed_position, proposed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          d.campaignId,
          d.unitId,
          d.proposalId,
          d.change.action,
          JSON.stringify(d.change),
          d.reason,
          d.proposedBy,
          event.position,
          event.recordedAt.toISOString(),
        ],
      );
    } else if (event.type === 'ChangeApproved' || event.type === 'ChangeRejected') {
      const d = event.data;
      const [status, decidedBy, note] =
        event.type === 'ChangeApproved' ? ['approved', event.data.approvedBy, event.data.note] : ['rejected', event.data.rejectedBy, event.data.reason];
      await manager.query(
        `UPDATE ${table} SET status = $4, decided_by = $5, decided_position = $6, decided_at = $7, decision_note = $8
         WHERE campaign_id = $1 AND unit_id = $2 AND proposal_id = $3`,
        [d.campaignId, d.unitId, d.proposalId, status, decidedBy, event.position, event.recordedAt.toISOString(), note],
      );
    }
  }
}
