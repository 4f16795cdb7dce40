import { afterAll, describe, expect, it } from '@jest/globals';
import { RegistryDates1764000001320 } from '../../projections/registry/migrations/1764000001320-registry-dates.js';
import { UnitReads } from '../../projections/registry/unit-reads.js';
import { openStorage } from '../../src/storage/storage.js';
import { freshDatabase, freshDataDir, storeKinds } from '../support/databases.js';

/**
 * A registry read model written before the two clocks keeps reading: the migration is taken back
 * (its `down`), rows are written the old way (a registration without an effective date, a move with
 * one, an officer), and its `up` runs again: the move reads as a move from its date.
 */
describe.each(storeKinds('registry dates migration'))('registry dates migration (%s store)', (kind) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('reads rows of before the migration on both clocks', async () => {
    let options: Parameters<typeof openStorage>[0];
    if (kind === 'postgres') {
      const database = await freshDatabase('registry_dates_migration');
      cleanups.push(database.drop);
      options = { databaseUrl: database.url, dataDir: '' };
    } else {
      const dataDir = freshDataDir('registry-dates-migration');
      cleanups.push(dataDir.remove);
      options = { databaseUrl: null, dataDir: dataDir.dir };
    }
    const storage = await openStorage(options);
    cleanups.push(() => storage.close());
    const migration = new RegistryDates1764000001320();
    const runner = storage.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      const sql = (text: string) => runner.query(text);
      await sql(`INSERT INTO rm_units VALUES ('bo-cong-an', 'Bộ Công an', 'ministry', NULL, 1), ('ca-a', 'A', 'province', 'bo-cong-an', 2),
        ('ca-b', 'B', 'province', 'bo-cong-an', 3), ('ca-huyen', 'Huyện', 'district', 'ca-b', 5)`);
      await sql(`INSERT INTO rm_unit_versions (unit_id, position, recorded_at, name, kind, parent_id, effective_on) VALUES
        ('bo-cong-an', 1, now(), 'Bộ Công an', 'ministry', NULL, NULL), ('ca-a', 2, now(), 'A', 'province', 'bo-cong-an', NULL),
        ('ca-b', 3, now(), 'B', 'province', 'bo-cong-an', NULL), ('ca-huyen', 4, now(), 'Huyện', 'district', 'ca-a', NULL),
        ('ca-huyen', 5, now(), 'Huyện', 'district', 'ca-b', '2025-07-01')`);
      await sql(`INSERT INTO rm_officers (officer_id, full_name, rank, unit_id, position) VALUES ('cb-an', 'Nguyễn Văn An', NULL, 'ca-huyen', 6)`);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const reads = new UnitReads(storage.dataSource);
    expect((await reads.unit('ca-huyen', '2025-06-30', 6)).parentId).toBe('ca-a');
    expect((await reads.unit('ca-huyen', '2025-07-01', 6)).parentId).toBe('ca-b');
    expect((await reads.unit('ca-huyen', null, 4)).parentId).toBe('ca-a');
    expect(await reads.lineage('ca-huyen', 6)).toMatchObject({ renamedFrom: [], moves: [{ effectiveOn: '2025-07-01', parentId: 'ca-b', how: 'moved' }] });
    expect(await reads.officer('cb-an', '2025-01-01', 6)).toMatchObject({ unitId: 'ca-huyen', status: 'serving', fullName: 'Nguyễn Văn An' });
  });
});
