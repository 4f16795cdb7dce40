/**
 * The few database operations the PostgreSQL-family event store needs. Two implementations run the
 * same SQL: `PgSqlClient` (a real PostgreSQL server through a pg.Pool) and `PGliteSqlClient`
 * (embedded PGlite, single connection).
 *
 * Values come back as each driver parses them (pg: int8 as string; PGlite: int8 as number or BigInt).
 * The store normalises what it reads, so callers of `query` must not rely on either.
 */
export interface SqlExecutor {
  /** One statement, with `$1`-style parameters. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Several statements separated by `;`, without parameters (schema creation). */
  exec(sql: string): Promise<void>;
}

export interface SqlClient extends SqlExecutor {
  /** Runs `fn` in one READ COMMITTED transaction: commit when it resolves, roll back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** LISTEN on a channel on a dedicated connection; resolves to an unlisten function. */
  listen?(channel: string, onNotify: (payload: string | undefined) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
