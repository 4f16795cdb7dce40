import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlClient, SqlExecutor } from './sql-client.js';

/**
 * Embedded PGlite with its data directory on disk. PGlite has one connection: its transactions
 * hold an internal mutex, so concurrent appends are serialised (correct, just not parallel), and
 * queries issued while a transaction runs wait for it.
 */
export class PGliteSqlClient implements SqlClient {
  private constructor(private readonly db: PGlite) {}

  static async open(dataDir: string): Promise<PGliteSqlClient> {
    await mkdir(dataDir, { recursive: true });
    return new PGliteSqlClient(await PGlite.create(dataDir));
  }

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }> {
    const result = await this.db.query<T>(sql, params);
    return { rows: result.rows };
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(pgliteExecutor(tx)));
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
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
