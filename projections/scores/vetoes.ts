import type { RecordedEvent } from '../../src/event-store/recorded-event.js';
import type { ApplyContext } from '../runner/projection.js';

/**
 * rm_vetoes: each veto (điểm liệt) with the positions it was imposed, lifted or annulled at, for as-of reads.
 * Vetoes are rare: a statement each, in order (a lift may follow its veto in the same batch).
 */
export async function applyVetoes(events: readonly RecordedEvent[], manager: ApplyContext['manager'], table: string): Promise<void> {
  for (const event of events) {
    if (event.type === 'VetoImposed') {
      const d = event.data;
      await manager.query(`INSERT INTO ${table} (campaign_id, unit_id, imposed_position, reason, decision_no, decided_on) VALUES ($1, $2, $3, $4, $5, $6)`, [
        d.campaignId,
        d.unitId,
        event.position,
        d.reason,
        d.decisionNo,
        d.decidedOn,
      ]);
    } else if (event.type === 'VetoLifted') {
      const d = event.data;
      await manager.query(
        `UPDATE ${table} SET lifted_position = $3, lift_reason = $4, lift_decision_no = $5, lifted_on = $6
         WHERE campaign_id = $1 AND unit_id = $2 AND lifted_position IS NULL AND annulled_position IS NULL`,
        [d.campaignId, d.unitId, event.position, d.reason, d.decisionNo, d.decidedOn],
      );
    } else if (event.type === 'VetoAnnulled') {
      // The veto in force, annulled: kept with the position of its annulment, so reads as of before still show it.
      const d = event.data;
      await manager.query(
        `UPDATE ${table} SET annulled_position = $3, annul_reason = $4, annul_decision_no = $5, annulled_on = $6
         WHERE campaign_id = $1 AND unit_id = $2 AND lifted_position IS NULL AND annulled_position IS NULL`,
        [d.campaignId, d.unitId, event.position, d.reason, d.decisionNo, d.decidedOn],
      );
    }
  }
}
