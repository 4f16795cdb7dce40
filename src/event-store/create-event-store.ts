import type { EventStore } from './event-store.port.js';
import { PgSqlClient } from './postgres/pg-sql-client.js';
import { PGliteSqlClient } from './postgres/pglite-sql-client.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';

export interface CreateEventStoreOptions {
  /** PostgreSQL connection string (pass `process.env.DATABASE_URL`); when empty, embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data directory, created if missing (ignored with databaseUrl). */
  dataDir: string;
}

/** PostgreSQL when a database URL is given, else PGlite at dataDir. The schema is created (init). */
export async function createEventStore(options: CreateEventStoreOptions): Promise<EventStore> {
  const client = options.databaseUrl ? new PgSqlClient(options.databaseUrl) : await PGliteSqlClient.open(options.dataDir);
  const store = new PostgresEventStore(client);
  try {
    await store.init();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}
