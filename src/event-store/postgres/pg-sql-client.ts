import pg from 'pg';
import type { SqlClient, SqlExecutor } from './sql-client.js';

export interface PgSqlClientOptions {
  /** Pool size; default 20. */
  max?: number;
}

/** PostgreSQL server through a pg.Pool; LISTEN uses its own dedicated connection. */
export class PgSqlClient implements SqlClient {
  private readonly pool: pg.Pool;
  private readonly listeners = new Set<pg.Client>();

  constructor(
    private readonly connectionString: string,
    options: PgSqlClientOptions = {},
  ) {
    this.pool = new pg.Pool({ connectionString, max: options.max ?? 20 });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }> {
    const result = await this.pool.query(sql, params);
    return { rows: result.rows as T[] };
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // Set when the connection may be left inside a transaction or dead: it is then destroyed, not reused.
    let broken: Error | undefined;
    try {
      try {
        await client.query('BEGIN');
      } catch (error) {
        broken = error as Error;
        throw error;
      }
      let result: T;
      try {
        result = await fn(pgExecutor(client));
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      }
      try {
        await client.query('COMMIT');
      } catch (error) {
        broken = error as Error;
        throw error;
      }
      return result;
    } finally {
      client.release(broken);
    }
  }

  async listen(channel: string, onNotify: (payload: string | undefined) => void): Promise<() => Promise<void>> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('error', () => undefined);
    await client.connect();
    client.on('notification', (message) => {
      if (message.channel === channel) onNotify(message.payload);
    });
    await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    this.listeners.add(client);
    return async () => {
      if (!this.listeners.delete(client)) return;
      await client.end().catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    const listeners = [...this.listeners];
    this.listeners.clear();
    await Promise.all(listeners.map((client) => client.end().catch(() => undefined)));
    await this.pool.end();
  }
}

/** Wraps a checked-out client (also used by tests driving a transaction by hand). */
export function pgExecutor(client: pg.ClientBase): SqlExecutor {
  return {
    async query<T>(sql: string, params?: unknown[]) {
      const result = await client.query(sql, params);
      return { rows: result.rows as T[] };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}
