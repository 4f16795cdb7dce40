import type { EntityManager } from 'typeorm';

/**
 * Inserts rows (objects keyed by column) in one statement: one JSON document, spread into rows by
 * the table's own row type. JSON values go to json/jsonb columns as they are (pass objects, not
 * strings), arrays to array columns, decimal strings to numeric ones.
 */
export async function insertRows(manager: EntityManager, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]).join(', ');
  await manager.query(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $1::json)`, [JSON.stringify(rows)]);
}

/**
 * Rows waiting to be inserted, per table in arrival order: a batch of registrations or
 * publications is a statement per table, not one per event. A projector flushes before any
 * statement that reads or updates rows an earlier insert of the batch may have written.
 */
export class PendingInserts {
  private readonly byTable = new Map<string, Record<string, unknown>[]>();

  add(table: string, row: Record<string, unknown>): void {
    const rows = this.byTable.get(table);
    if (rows) rows.push(row);
    else this.byTable.set(table, [row]);
  }

  async flush(manager: EntityManager): Promise<void> {
    for (const [table, rows] of this.byTable) await insertRows(manager, table, rows);
    this.byTable.clear();
  }
}
