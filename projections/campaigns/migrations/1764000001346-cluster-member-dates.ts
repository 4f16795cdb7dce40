import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cluster membership on the business clock (issue 13): each membership row's effective dates,
 * `from_on` (a member from that day) and `to_on` (not a member from that day; null: still one).
 * Rows written before are filled by the rule the events are read by: the members named at
 * formation from the campaign's start, a member added or removed later from the day the change
 * was recorded, in Vietnam time (UTC+7; the event's recording time in ledger_events).
 */
export class ClusterMemberDates1764000001346 implements MigrationInterface {
  name = 'ClusterMemberDates1764000001346';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rm_cluster_members ADD COLUMN IF NOT EXISTS from_on date, ADD COLUMN IF NOT EXISTS to_on date`);
    await q.query(`UPDATE rm_cluster_members m SET from_on = c.starts_on
      FROM rm_campaigns c, rm_clusters k
      WHERE m.from_on IS NULL AND c.campaign_id = m.campaign_id AND k.campaign_id = m.campaign_id AND k.cluster_id = m.cluster_id
        AND k.position = m.from_position`);
    // Rows exist only where the log does; a fresh database may not have the log's table yet.
    const [{ log }]: { log: string | null }[] = await q.query(`SELECT to_regclass('ledger_events')::text AS log`);
    if (log !== null) {
      const vietnamDay = `((e.recorded_at AT TIME ZONE 'UTC') + interval '7 hours')::date`;
      await q.query(`UPDATE rm_cluster_members m SET from_on = ${vietnamDay} FROM ledger_events e WHERE m.from_on IS NULL AND e.position = m.from_position`);
      await q.query(`UPDATE rm_cluster_members m SET to_on = ${vietnamDay}
        FROM ledger_events e WHERE m.to_on IS NULL AND m.to_position IS NOT NULL AND e.position = m.to_position`);
    }
    await q.query(`CREATE INDEX IF NOT EXISTS rm_cluster_members_on ON rm_cluster_members (campaign_id, cluster_id, from_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS rm_cluster_members_on');
    await q.query('ALTER TABLE rm_cluster_members DROP COLUMN IF EXISTS from_on, DROP COLUMN IF EXISTS to_on');
  }
}
