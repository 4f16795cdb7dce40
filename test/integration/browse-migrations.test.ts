import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CommendationChanges1764000001410 } from '../../projections/commendations/migrations/1764000001410-commendation-changes.js';
import { projections } from '../../projections/index.js';
import { SearchNames1764000001400 } from '../../projections/registry/migrations/1764000001400-search-names.js';
import { ProjectionRunner } from '../../projections/runner/projection-runner.js';
import type { NewEvent } from '../../src/event-store/event-store.port.js';
import type {
  CommendationCorrected,
  CommendationRecorded,
  CommendationRevoked,
  OfficerRegistered,
  RevocationAnnulled,
  UnitRegistered,
  UnitRenamed,
} from '../../src/ledger/events.js';
import { streamIds } from '../../src/ledger/ids.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { freshDatabase, freshDataDir, storeKinds } from '../support/databases.js';
import { waitCaughtUp } from './read-model-hashes.js';

/**
 * The browse migrations on a read model that was there before them: the projector fills the new
 * column and table from a log, the migration is taken back (its `down`) and run again (its `up`),
 * and what it fills from the rows (search names) or from the log (commendation changes) equals what
 * the projector wrote.
 */
describe.each(storeKinds('browse migrations'))('browse migrations fill what the projector writes (%s store)', (kind) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  let storage: Storage;

  const append = async (streamId: string, events: NewEvent[]) =>
    storage.store.append(streamId, events, {
      expectedVersion: 'any',
      metadata: { actor: 'test', commandId: `c-${streamId}-${events[0].type}`, correlationId: 'c', causationId: null },
    });
  const rows = (sql: string) => storage.dataSource.query(sql);

  beforeAll(async () => {
    if (kind === 'postgres') {
      const database = await freshDatabase('browse_migrations');
      cleanups.push(database.drop);
      storage = await openStorage({ databaseUrl: database.url, dataDir: '' });
    } else {
      const dataDir = freshDataDir('browse-migrations');
      cleanups.push(dataDir.remove);
      storage = await openStorage({ databaseUrl: null, dataDir: dataDir.dir });
    }
    cleanups.push(() => storage.close());
    const unit = (unitId: string, name: string, parentId: string | null): UnitRegistered['data'] => ({
      unitId,
      name,
      kind: parentId ? 'province' : 'ministry',
      parentId,
    });
    await append(streamIds.unit('bo-cong-an'), [{ type: 'UnitRegistered', data: unit('bo-cong-an', 'Bộ Công an', null) }]);
    await append(streamIds.unit('ca-hai-phong'), [{ type: 'UnitRegistered', data: unit('ca-hai-phong', 'Công an thành phố Hải Phòng', 'bo-cong-an') }]);
    await append(streamIds.unit('ca-hai-phong'), [
      {
        type: 'UnitRenamed',
        data: {
          unitId: 'ca-hai-phong',
          fromName: 'Công an thành phố Hải Phòng',
          fromKind: 'province',
          name: 'CÔNG AN TP. HẢI PHÒNG',
          kind: 'province',
          effectiveOn: '2025-07-01',
        } satisfies UnitRenamed['data'],
      },
    ]);
    await append(streamIds.officer('cb-do-thi-dung'), [
      {
        type: 'OfficerRegistered',
        data: { officerId: 'cb-do-thi-dung', fullName: 'Đỗ Thị Dung', rank: null, unitId: 'ca-hai-phong' } satisfies OfficerRegistered['data'],
      },
    ]);
    const recorded = (commendationId: string, extra: Partial<CommendationRecorded['data']> = {}): CommendationRecorded['data'] => ({
      commendationId,
      form: 'diploma-of-merit',
      authority: 'minister',
      recipient: { kind: 'collective', id: 'ca-hai-phong' },
      title: null,
      campaignId: null,
      phaseId: null,
      achievementId: null,
      decisionNo: `${commendationId}/QĐ-BCA`,
      decidedOn: '2025-12-20',
      achievementPeriod: null,
      amountVnd: null,
      ...extra,
    });
    const revoked: CommendationRevoked['data'] = {
      commendationId: 'qd-1',
      ground: 'false-declaration',
      reason: 'Kê khai không đúng',
      decisionNo: '9/QĐ-BCA',
      decidedOn: '2026-01-05',
    };
    await append(streamIds.commendation('qd-1'), [{ type: 'CommendationRecorded', data: recorded('qd-1') }]);
    await append(streamIds.commendation('qd-2'), [
      { type: 'CommendationRecorded', data: recorded('qd-2', { achievementPeriod: { from: '2024-01-01', to: '2024-12-31' }, decidedOn: '2025-01-10' }) },
    ]);
    await append(streamIds.commendation('qd-1'), [{ type: 'CommendationRevoked', data: revoked }]);
    await append(streamIds.commendation('qd-1'), [
      {
        type: 'RevocationAnnulled',
        data: {
          commendationId: 'qd-1',
          reason: 'Thu hồi nhầm',
          decisionNo: '10/QĐ-BCA',
          decidedOn: '2026-01-20',
          authority: 'minister',
          annulledRevocationNo: '9/QĐ-BCA',
        } satisfies RevocationAnnulled['data'],
      },
    ]);
    await append(streamIds.commendation('qd-2'), [
      {
        type: 'CommendationCorrected',
        data: {
          commendationId: 'qd-2',
          reason: 'Ghi nhầm',
          changes: { decidedOn: '2026-01-12', recipient: { kind: 'individual', id: 'cb-do-thi-dung' } },
          previous: { decidedOn: '2025-01-10', recipient: { kind: 'collective', id: 'ca-hai-phong' } },
          achievementYear: 2025,
        } satisfies CommendationCorrected['data'],
      },
    ]);
    const runner = new ProjectionRunner(storage.store, storage.dataSource, projections);
    await runner.start();
    await waitCaughtUp(storage.store, storage.dataSource);
    await runner.stop();
  }, 120_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('folds the names of the rows already there as the projector does', async () => {
    const names = () =>
      rows(`SELECT 'unit' AS t, unit_id AS id, position, change, search_name FROM rm_unit_versions
            UNION ALL SELECT 'officer', officer_id, position, change, search_name FROM rm_officer_versions ORDER BY 1, 2, 3`);
    const written = await names();
    expect(written.map((r: { search_name: string | null }) => r.search_name)).toEqual([
      'do thi dung',
      'bo cong an',
      'cong an thanh pho hai phong',
      'cong an tp. hai phong',
    ]);
    const runner = storage.dataSource.createQueryRunner();
    try {
      await new SearchNames1764000001400().down(runner);
      await new SearchNames1764000001400().up(runner);
    } finally {
      await runner.release();
    }
    expect(await names()).toEqual(written);
  });

  it('takes each decision’s changes from the log as the projector does', async () => {
    const changes = () => rows('SELECT *, decided_on::text AS decided_on FROM rm_commendation_changes ORDER BY commendation_id, position');
    const written = await changes();
    expect(
      written.map((r: { commendation_id: string; change: string; achievement_year: number | null; recipient_id: string | null }) => [
        r.commendation_id,
        r.change,
        r.achievement_year,
        r.recipient_id,
      ]),
    ).toEqual([
      ['qd-1', 'recorded', 2025, 'ca-hai-phong'],
      ['qd-1', 'revoked', null, null],
      ['qd-1', 'annulled', null, null],
      ['qd-2', 'recorded', 2024, 'ca-hai-phong'],
      ['qd-2', 'corrected', 2025, 'cb-do-thi-dung'],
    ]);
    const runner = storage.dataSource.createQueryRunner();
    try {
      await new CommendationChanges1764000001410().down(runner);
      await new CommendationChanges1764000001410().up(runner);
      // Run again over rows already there (another instance, a retried start): nothing is doubled.
      await new CommendationChanges1764000001410().up(runner);
    } finally {
      await runner.release();
    }
    expect(await changes()).toEqual(written);
  });
});
