import 'reflect-metadata';
import { DataSource } from 'typeorm';
import type { EventStore } from '../event-store/event-store.port.js';
import { PgSqlClient } from '../event-store/postgres/pg-sql-client.js';
import { PGliteSqlClient } from '../event-store/postgres/pglite-sql-client.js';
import { PostgresEventStore } from '../event-store/postgres/postgres-event-store.js';
import { pgliteTypeormDriver } from './pglite-typeorm-driver.js';
import { readModelMigrations } from '../../projections/index.js';
import { Kafka1764000001000 } from '../messaging/migrations/1764000001000-kafka.js';
import { Integrity1764000002000 } from '../integrity/migrations/1764000002000-integrity.js';
import { ProcessorCheckpoints1764000004000 } from '../processing/migrations/1764000004000-processor-checkpoints.js';
import { acquireStoreLock } from './storage-lock.js';
import { checkDataDirBeforeOpen, checkStoreIdentity, describeOpenFailure, explainAbort, StoreIdentityKeeper, type CheckedIdentity } from './store-identity.js';

export interface Storage {
  store: EventStore;
  /** The read models (TypeORM), in the same database as the log. */
  dataSource: DataSource;
  close(): Promise<void>;
}

export interface StorageOptions {
  databaseUrl: string | null;
  dataDir: string;
  /** How often the embedded store's identity file records the head position (default 5 s; see store-identity.ts). */
  identityFlushMs?: number;
}

/**
 * Opens the event store and the read-model database: PostgreSQL when a URL is given, else the
 * embedded PGlite, one instance shared by both. Creates the log schema and runs read-model
 * migrations (both idempotent).
 */
export async function openStorage(options: StorageOptions): Promise<Storage> {
  // One process at a time on the embedded store: <dataDir>/ledger.lock (see storage-lock.ts).
  const releaseLock = options.databaseUrl ? () => undefined : acquireStoreLock(options.dataDir);
  let embedded: PGliteSqlClient | null = null;
  let identity: CheckedIdentity | null = null;
  try {
    // Before PGlite touches the folder (it re-initialises one without PG_VERSION), then right after.
    const recorded = options.databaseUrl ? null : checkDataDirBeforeOpen(options.dataDir);
    embedded = options.databaseUrl ? null : await PGliteSqlClient.open(options.dataDir).catch((error: unknown) => describeOpenFailure(options.dataDir, error));
    if (embedded) identity = await checkStoreIdentity(embedded, options.dataDir, recorded);
  } catch (error) {
    await embedded?.close().catch(() => undefined);
    releaseLock();
    throw explainAbort(options.dataDir, error);
  }
  const client = embedded ?? new PgSqlClient(options.databaseUrl!);
  const store = new PostgresEventStore(client);
  const dataSource = new DataSource({
    type: 'postgres',
    ...(embedded ? { driver: pgliteTypeormDriver(embedded) } : { url: options.databaseUrl!, poolSize: 10 }),
    // Read through SQL only: no entities.
    entities: [],
    // The Kafka relay's and workers' bookkeeping lives beside the read models it commits with; the
    // integrity chain and checkpoints beside the log (the same database); every log consumer's
    // checkpoint in one table. TypeORM runs them in timestamp order.
    migrations: [...readModelMigrations, Kafka1764000001000, Integrity1764000002000, ProcessorCheckpoints1764000004000],
    migrationsTableName: 'read_model_migrations',
    synchronize: false,
    logging: false,
  });
  let keeper: StoreIdentityKeeper | null = null;
  try {
    await store.init();
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    if (embedded && identity) keeper = await StoreIdentityKeeper.start(embedded, store, options.dataDir, identity, options.identityFlushMs);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    await store.close().catch(() => undefined);
    releaseLock();
    throw embedded ? explainAbort(options.dataDir, error) : error;
  }
  return {
    store,
    dataSource,
    close: async () => {
      try {
        await keeper?.stop();
        await dataSource.destroy();
        await store.close();
      } finally {
        releaseLock();
      }
    },
  };
}
