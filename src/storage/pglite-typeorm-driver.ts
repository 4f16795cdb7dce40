import { EventEmitter } from 'node:events';
import type { PGlite, Results } from '@electric-sql/pglite';
import type { PGliteSqlClient } from '../event-store/postgres/pglite-sql-client.js';

/**
 * A `pg`-shaped driver for TypeORM's `postgres` type over the PGlite instance the event store
 * already holds: one embedded database, one connection. A TypeORM connection keeps the client's
 * lease until released, so its transactions never interleave with the store's.
 */
export function pgliteTypeormDriver(client: PGliteSqlClient): { Pool: new () => unknown } {
  class PGliteConnection extends EventEmitter {
    query(sql: string, params?: unknown[]) {
      return run(client.db, sql, params);
    }
  }

  class PGlitePool extends EventEmitter {
    connect(callback: (error: Error | null, connection: PGliteConnection | null, release: (error?: Error) => void) => void): void {
      client.acquire().then(
        (release) => callback(null, new PGliteConnection(), () => release()),
        (error: Error) => callback(error, null, () => undefined),
      );
    }

    query(sql: string, params?: unknown[]) {
      return client.lease((db) => run(db, sql, params));
    }

    /** The event store owns the instance and closes it. */
    end(callback?: (error: Error | null) => void): void {
      callback?.(null);
    }
  }

  return { Pool: PGlitePool };
}

/** PGlite results in the shape TypeORM reads from `pg`: rows, rowCount, command. */
async function run(db: PGlite, sql: string, params?: unknown[]) {
  const result: Results<Record<string, unknown>> =
    params && params.length > 0 ? await db.query(sql, params) : ((await db.exec(sql)).at(-1) ?? { rows: [], fields: [] });
  return {
    rows: result.rows,
    rowCount: result.affectedRows ?? result.rows.length,
    command: /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '',
    fields: result.fields,
  };
}
