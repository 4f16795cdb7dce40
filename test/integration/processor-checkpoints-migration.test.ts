import { afterAll, describe, expect, it } from '@jest/globals';
import { rebuildsInProgress } from '../../projections/runner/rebuild.js';
import { relayCheckpointName } from '../../src/messaging/kafka-relay.js';
import { checkpointName, ProcessorCheckpoint } from '../../src/processing/checkpoints.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { freshDatabase, freshDataDir, storeKinds } from '../support/databases.js';

/**
 * An existing database upgraded to the one checkpoint table keeps every position: the projections'
 * (and a failure), the policy's, the Kafka relay's and a rebuild's in progress. The database is
 * taken back to before the migration (its `down`), given rows the old way, then opened again.
 */
describe.each(storeKinds('processor checkpoints migration'))('processor_checkpoints migration (%s store)', (kind) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  const open = async (): Promise<{ options: Parameters<typeof openStorage>[0] }> => {
    if (kind === 'postgres') {
      const database = await freshDatabase('checkpoints_migration');
      cleanups.push(database.drop);
      return { options: { databaseUrl: database.url, dataDir: '' } };
    }
    const dataDir = freshDataDir('checkpoints-migration');
    cleanups.push(dataDir.remove);
    return { options: { databaseUrl: null, dataDir: dataDir.dir } };
  };

  it('carries every position over, nothing to process again', async () => {
    const { options } = await open();
    let storage: Storage = await openStorage(options);
    const failure = {
      position: 13,
      eventId: 'e',
      eventType: 'ScoreRecorded',
      streamId: 's',
      error: { name: 'Error', message: 'x' },
      at: 'now',
      source: 'runner',
      attempts: 1,
    };
    try {
      await storage.dataSource.undoLastMigration({ transaction: 'each' });
      const old: { name: string | null }[] = await storage.dataSource.query(
        `SELECT to_regclass(unnest(ARRAY['projection_checkpoints', 'kafka_relay_checkpoints', 'projection_rebuilds', 'processor_checkpoints']))::text AS name`,
      );
      expect(old.map((r) => r.name)).toEqual(['projection_checkpoints', 'kafka_relay_checkpoints', 'projection_rebuilds', null]);
      await storage.dataSource.query(
        `INSERT INTO projection_checkpoints (name, position, failure) VALUES ('registry', 42, NULL), ('scores', 12, $1::jsonb), ('policy:final-rankings', 17, NULL)`,
        [JSON.stringify(failure)],
      );
      await storage.dataSource.query(`INSERT INTO kafka_relay_checkpoints (topic, position) VALUES ('ledger-events', 99)`);
      await storage.dataSource.query(`INSERT INTO projection_rebuilds (name, position) VALUES ('scores', 7)`);
    } finally {
      await storage.close();
    }

    storage = await openStorage(options);
    try {
      const rows: { name: string; kind: string; position: string; failure: unknown }[] = await storage.dataSource.query(
        'SELECT name, kind, position, failure FROM processor_checkpoints ORDER BY name',
      );
      expect(rows.map((r) => ({ ...r, position: Number(r.position) }))).toEqual([
        { name: 'kafka-relay:ledger-events', kind: 'kafka-relay', position: 99, failure: null },
        { name: 'policy:final-rankings', kind: 'policy', position: 17, failure: null },
        { name: 'rebuild:scores', kind: 'rebuild', position: 7, failure: null },
        { name: 'registry', kind: 'projection', position: 42, failure: null },
        { name: 'scores', kind: 'projection', position: 12, failure },
      ]);
      expect(await new ProcessorCheckpoint(storage.dataSource, checkpointName('policy', 'final-rankings'), 'policy').load()).toBe(17);
      expect(await new ProcessorCheckpoint(storage.dataSource, relayCheckpointName('ledger-events'), 'kafka-relay').load()).toBe(99);
      expect(await rebuildsInProgress(storage.dataSource)).toEqual(new Map([['scores', 7]]));
      const gone: { name: string | null }[] = await storage.dataSource.query(
        `SELECT to_regclass(unnest(ARRAY['projection_checkpoints', 'kafka_relay_checkpoints', 'projection_rebuilds']))::text AS name`,
      );
      expect(gone.map((r) => r.name)).toEqual([null, null, null]);
    } finally {
      await storage.close();
    }
  });
});
