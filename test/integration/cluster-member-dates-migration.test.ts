import { afterAll, describe, expect, it } from '@jest/globals';
import { ClusterMemberDates1764000001346 } from '../../projections/campaigns/migrations/1764000001346-cluster-member-dates.js';
import { openStorage } from '../../src/storage/storage.js';
import { freshDatabase, freshDataDir, storeKinds } from '../support/databases.js';

/**
 * Cluster members written before the business clock keep reading: the migration is taken back, rows
 * are written the old way (formation members, a member added then removed, by position only), and
 * its `up` fills their dates: formation members from the campaign's start, the later changes from
 * the day they were recorded in Vietnam time (UTC+7).
 */
describe.each(storeKinds('cluster member dates migration'))('cluster member dates migration (%s store)', (kind) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('fills the dates of rows of before the migration', async () => {
    let options: Parameters<typeof openStorage>[0];
    if (kind === 'postgres') {
      const database = await freshDatabase('cluster_member_dates_migration');
      cleanups.push(database.drop);
      options = { databaseUrl: database.url, dataDir: '' };
    } else {
      const dataDir = freshDataDir('cluster-member-dates-migration');
      cleanups.push(dataDir.remove);
      options = { databaseUrl: null, dataDir: dataDir.dir };
    }
    const storage = await openStorage(options);
    cleanups.push(() => storage.close());
    const migration = new ClusterMemberDates1764000001346();
    const runner = storage.dataSource.createQueryRunner();
    let rows: { unit_id: string; from_on: string; to_on: string | null }[];
    try {
      await migration.down(runner);
      const sql = (text: string) => runner.query(text);
      await sql(`INSERT INTO rm_campaigns (campaign_id, title, form, organizer_unit_id, starts_on, ends_on, scale, position)
        VALUES ('c-2025', 'Phong trào 2025', 'regular', 'bo-cong-an', '2025-01-01', '2025-12-31', '{}'::jsonb, 2)`);
      await sql(`INSERT INTO rm_clusters (campaign_id, cluster_id, name, kind, head_unit_id, deputy_unit_id, position)
        VALUES ('c-2025', 'cum-1', 'Cụm 1', 'cluster', 'ca-a', NULL, 3)`);
      await sql(`INSERT INTO rm_cluster_members (campaign_id, cluster_id, unit_id, from_position, to_position)
        VALUES ('c-2025', 'cum-1', 'ca-a', 3, NULL), ('c-2025', 'cum-1', 'ca-b', 3, NULL), ('c-2025', 'cum-1', 'ca-x', 10, 11)`);
      // The log's own rows for the addition and the removal: 4 March 18:00 UTC is 5 March in Vietnam; 31 May 17:30 UTC is 1 June.
      await sql(`INSERT INTO ledger_events (position, event_id, stream_id, version, type, schema_version, data, metadata, recorded_at, visible_after) VALUES
        (10, '0190f0e0-0000-7000-8000-00000000000a', 'cluster:c-2025:cum-1', 2, 'ClusterMemberAdded', 1, '{}'::jsonb, '{}'::jsonb, '2025-03-04T18:00:00Z', pg_current_xact_id()),
        (11, '0190f0e0-0000-7000-8000-00000000000b', 'cluster:c-2025:cum-1', 3, 'ClusterMemberRemoved', 1, '{}'::jsonb, '{}'::jsonb, '2025-05-31T17:30:00Z', pg_current_xact_id())`);
      await migration.up(runner);
      rows = await sql(`SELECT unit_id, from_on::text AS from_on, to_on::text AS to_on FROM rm_cluster_members ORDER BY unit_id`);
    } finally {
      await runner.release();
    }
    expect(rows).toEqual([
      { unit_id: 'ca-a', from_on: '2025-01-01', to_on: null },
      { unit_id: 'ca-b', from_on: '2025-01-01', to_on: null },
      { unit_id: 'ca-x', from_on: '2025-03-05', to_on: '2025-06-01' },
    ]);
  });
});
