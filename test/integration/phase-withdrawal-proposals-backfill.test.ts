import { afterAll, describe, expect, it } from '@jest/globals';
import { PhaseWithdrawalProposalsBackfill1764000001347 } from '../../projections/campaigns/migrations/1764000001347-phase-withdrawal-proposals-backfill.js';
import { openStorage } from '../../src/storage/storage.js';
import { freshDatabase, freshDataDir, storeKinds } from '../support/databases.js';

/**
 * Phase-withdrawal proposals recorded before their table existed are listed without a rebuild: the
 * migration fills the table from the log up to the campaigns projection's checkpoint (approved and
 * rejected as they were), leaves what lies beyond to the projector, and can run twice.
 */
describe.each(storeKinds('phase withdrawal proposals backfill'))('phase-withdrawal proposals backfill (%s store)', (kind) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('fills the proposals of the log the projector had applied', async () => {
    let options: Parameters<typeof openStorage>[0];
    if (kind === 'postgres') {
      const database = await freshDatabase('phase_withdrawal_backfill');
      cleanups.push(database.drop);
      options = { databaseUrl: database.url, dataDir: '' };
    } else {
      const dataDir = freshDataDir('phase-withdrawal-backfill');
      cleanups.push(dataDir.remove);
      options = { databaseUrl: null, dataDir: dataDir.dir };
    }
    const storage = await openStorage(options);
    cleanups.push(() => storage.close());
    const migration = new PhaseWithdrawalProposalsBackfill1764000001347();
    const runner = storage.dataSource.createQueryRunner();
    let rows: Record<string, unknown>[];
    try {
      const sql = (text: string) => runner.query(text);
      const event = (position: number, type: string, data: Record<string, unknown>) =>
        `(${position}, '0190f0e0-0000-7000-8000-${String(position).padStart(12, '0')}', 'campaign:c-2026', ${position}, '${type}', 1,
          '${JSON.stringify({ campaignId: 'c-2026', phaseId: 'dot-nham', proposedBy: 'admin-a', ...data })}'::jsonb, '{}'::jsonb,
          '2026-07-0${position % 9}T03:00:00Z', pg_current_xact_id())`;
      await sql(`INSERT INTO ledger_events (position, event_id, stream_id, version, type, schema_version, data, metadata, recorded_at, visible_after) VALUES
        ${event(5, 'PhaseWithdrawalProposed', { proposalId: 'rut-1', reason: 'Tạo nhầm', proposedOn: '2026-07-05' })},
        ${event(6, 'PhaseWithdrawalApproved', { proposalId: 'rut-1', approvedBy: 'admin-b', note: 'Đồng ý' })},
        ${event(7, 'PhaseWithdrawalProposed', { proposalId: 'rut-2', reason: 'Trùng đợt', proposedOn: '2026-07-07' })},
        ${event(8, 'PhaseWithdrawalRejected', { proposalId: 'rut-2', rejectedBy: 'admin-b', reason: 'Đợt đúng kế hoạch' })},
        ${event(20, 'PhaseWithdrawalProposed', { proposalId: 'rut-3', reason: 'Sau điểm dừng', proposedOn: '2026-07-20' })}`);
      await sql(`INSERT INTO processor_checkpoints (name, position) VALUES ('campaigns', 10) ON CONFLICT (name) DO UPDATE SET position = 10`);
      await migration.up(runner);
      await migration.up(runner);
      rows = await sql(`SELECT proposal_id, status, reason, proposed_by, proposed_on::text AS proposed_on, proposed_position::int AS proposed_position,
        decided_by, decided_position::int AS decided_position, decision_note FROM rm_phase_withdrawal_proposals ORDER BY proposal_id`);
    } finally {
      await runner.release();
    }
    expect(rows).toEqual([
      {
        proposal_id: 'rut-1',
        status: 'approved',
        reason: 'Tạo nhầm',
        proposed_by: 'admin-a',
        proposed_on: '2026-07-05',
        proposed_position: 5,
        decided_by: 'admin-b',
        decided_position: 6,
        decision_note: 'Đồng ý',
      },
      {
        proposal_id: 'rut-2',
        status: 'rejected',
        reason: 'Trùng đợt',
        proposed_by: 'admin-a',
        proposed_on: '2026-07-07',
        proposed_position: 7,
        decided_by: 'admin-b',
        decided_position: 8,
        decision_note: 'Đợt đúng kế hoạch',
      },
    ]);
  });
});
