import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlClient, SqlExecutor } from './sql-client.js';

/**
 * Embedded PGlite with its data directory on disk. PGlite has one connection, shared by the event
 * store and by TypeORM (the read models). Every use of it takes the lease first, so that a
 * transaction opened by one (BEGIN … COMMIT as plain statements, as TypeORM does) never sees
 * another's statements run inside it. Concurrent appends are serialised: correct, not parallel.
 */
export class PGliteSqlClient implements SqlClient {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly db: PGlite) {}

  static async open(dataDir: string): Promise<PGliteSqlClient> {
    await mkdir(dataDir, { recursive: true });
    return new PGliteSqlClient(await PGlite.create(dataDir));
  }

  /**
   * Exclusive use of the connection until the returned release() is called. Do not use the store
   * while holding a lease: the store waits for the same lease.
   */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.queue.then(() => release);
    this.queue = this.queue.then(() => released);
    return acquired;
  }

  async lease<T>(fn: (db: PGlite) => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn(this.db);
    } finally {
      release();
    }
  }

  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }> {
    return this.lease(async (db) => ({ rows: (await db.query<T>(sql, params)).rows }));
  }

  async exec(sql: string): Promise<void> {
    await this.lease((db) => db.exec(sql));
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.lease((db) => db.transaction((tx) => fn(pgliteExecutor(tx))));
  }

  async close(): Promise<void> {
    await this.lease(async (db) => {
      if (!db.closed) await db.close();
    });
  }
}

function pgliteExecutor(tx: Transaction): SqlExecutor {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      const result = await tx.query<T>(sql, params);
      return { rows: result.rows };
    },
    async exec(sql: string) {
      await tx.exec(sql);
    },
  };
}
