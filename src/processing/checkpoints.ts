/**
 * `processor_checkpoints`: how far each consumer of the log has got, one row each, named
 * `<kind>:<id>` (a projection by its bare name, as before the table held anything else):
 * - `projection`: a read model (projections/runner), moved in the transaction of its rows, with its
 *   failure when it is stopped at a poison event (projections/runner/failure.ts);
 * - `rebuild`: `rebuild:<projection>`, a rebuild in progress (projections/runner/rebuild.ts);
 * - `policy`: `policy:<name>`, a policy issuing commands (src/policies);
 * - `kafka-relay`: `kafka-relay:<topic>`, what the broker acknowledged (src/messaging/kafka-relay.ts).
 */
export type CheckpointKind = 'projection' | 'rebuild' | 'policy' | 'kafka-relay';

/** The row of a processor other than a projection (a projection's row is its bare name). */
export function checkpointName(kind: Exclude<CheckpointKind, 'projection'>, id: string): string {
  return `${kind}:${id}`;
}

/** What runs a statement: a DataSource, an EntityManager inside a transaction, or a query runner. */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** One processor's row: read (created at 0 when missing) and moved forward, never back. */
export class ProcessorCheckpoint {
  constructor(
    private readonly sql: SqlRunner,
    readonly name: string,
    readonly kind: CheckpointKind,
  ) {}

  async load(): Promise<number> {
    await this.sql.query(`INSERT INTO processor_checkpoints (name, kind, position) VALUES ($1, $2, 0) ON CONFLICT (name) DO NOTHING`, [this.name, this.kind]);
    const [row] = (await this.sql.query(`SELECT position FROM processor_checkpoints WHERE name = $1`, [this.name])) as { position: string | number }[];
    return Number(row.position);
  }

  /** Moves it to `position` (if ahead), on `sql`: pass the transaction of the effects to commit with them. */
  async save(position: number, sql: SqlRunner = this.sql): Promise<void> {
    await sql.query(`UPDATE processor_checkpoints SET position = GREATEST(position, $2), updated_at = now() WHERE name = $1`, [this.name, position]);
  }
}
