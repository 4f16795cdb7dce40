import { afterAll, beforeAll, expect } from '@jest/globals';
import type { DataSource, EntityManager } from 'typeorm';
import type { Projection } from '../../projections/runner/projection.js';
import type { EventMetadata } from '../../src/event-store/event-store.port.js';
import type { RecordedEvent } from '../../src/event-store/recorded-event.js';
import { SCHEMA_VERSIONS, type LedgerEvent } from '../../src/ledger/events.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { freshDatabase, freshDataDir } from './databases.js';

/**
 * given(events).when(projection).then({ table: rows }): a projector's behaviour as data, on a real
 * database (the embedded PGlite, or PostgreSQL). Each spec applies its events to fresh copies of
 * the projection's tables inside a transaction that is rolled back, so specs share one database
 * and leave it empty.
 *
 * A projector must not depend on how the log is cut into batches: every `then` applies the events
 * three times, as given, all in one batch and one event per batch, and checks the rows of each.
 *
 * Rows are read as `to_jsonb` gives them (numeric and bigint as numbers, dates and timestamps as
 * ISO strings), in primary-key order; each row on the columns its expected row names.
 */

/** The events as given: a bare event is a batch of its own, an array is one batch. */
export type Given = (RecordedEvent | RecordedEvent[])[];

export type ExpectedRows = Readonly<Record<string, readonly Record<string, unknown>[]>>;

/** A stored event as a projector receives it, at `position`; the envelope is fixed so rows are predictable. */
export function at<E extends LedgerEvent>(position: number, event: E, metadata: Partial<EventMetadata> = {}): RecordedEvent {
  return {
    id: `event-${position}`,
    streamId: `spec-${position}`,
    version: 1,
    position,
    schemaVersion: SCHEMA_VERSIONS[event.type],
    metadata: { actor: 'spec', commandId: `command-${position}`, correlationId: `command-${position}`, causationId: null, ...metadata },
    recordedAt: recordedAtOf(position),
    ...event,
  };
}

/** When the event at `position` was recorded, as `at` records it: a second per position from 2026-01-01. */
export function recordedAtOf(position: number): Date {
  return new Date(Date.UTC(2026, 0, 1) + position * 1000);
}

/** Opens a fresh store of this kind for the suite (beforeAll) and drops it after (afterAll). */
export function projectionSpecs(kind: 'embedded' | 'postgres') {
  let storage: Storage;
  let cleanUp: () => Promise<void> | void;
  beforeAll(async () => {
    if (kind === 'postgres') {
      const database = await freshDatabase('ledger_projection_spec');
      storage = await openStorage({ databaseUrl: database.url, dataDir: '' });
      cleanUp = database.drop;
    } else {
      const dataDir = freshDataDir('ledger-projection-spec');
      storage = await openStorage({ databaseUrl: null, dataDir: dataDir.dir });
      cleanUp = dataDir.remove;
    }
  }, 120_000);
  afterAll(async () => {
    await storage?.close();
    await cleanUp?.();
  });

  return {
    given: (...given: Given) => ({
      when: (projection: Projection) => ({
        /** Asserts the rows of each table (named as the projection's live tables: rm_…). */
        then: async (expected: ExpectedRows): Promise<void> => {
          if (typeof expected === 'function') throw new TypeError('a projection spec is not a promise: call .then({ table: rows })');
          const events = given.flat();
          const batchings: [string, RecordedEvent[][]][] = [
            ['as given', given.map((batch) => (Array.isArray(batch) ? batch : [batch]))],
            ['in one batch', [events]],
            ['one event per batch', events.map((event) => [event])],
          ];
          for (const [batching, batches] of batchings) {
            const actual = await applyAndRead(storage.dataSource, projection, batches, expected);
            for (const table of Object.keys(expected)) {
              expect({ batching, table, rows: actual[table] }).toEqual({ batching, table, rows: expected[table] });
            }
          }
        },
      }),
    }),
  };
}

async function applyAndRead(dataSource: DataSource, projection: Projection, batches: RecordedEvent[][], expected: ExpectedRows) {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    const manager = runner.manager;
    // Timestamps read back the same on every server.
    await manager.query(`SET LOCAL TimeZone = 'UTC'`);
    const copies = Object.fromEntries(Object.entries(projection.tables).map(([logical, live]) => [logical, `${live}_spec`]));
    for (const [logical, live] of Object.entries(projection.tables)) {
      await manager.query(`CREATE TEMP TABLE ${copies[logical]} (LIKE ${live} INCLUDING ALL) ON COMMIT DROP`);
    }
    const handles: ReadonlySet<string> = projection.handles;
    for (const batch of batches) {
      const handled = batch.filter((event) => handles.has(event.type));
      if (handled.length > 0) await projection.apply(handled, { manager, tables: copies });
    }
    const copyOf = new Map(Object.values(projection.tables).map((live, i) => [live, Object.values(copies)[i]]));
    const rows: Record<string, Record<string, unknown>[]> = {};
    for (const [table, expectedRows] of Object.entries(expected)) {
      const copy = copyOf.get(table);
      if (!copy) throw new Error(`projection '${projection.name}' has no table '${table}' (it has ${[...copyOf.keys()].join(', ')})`);
      // Each row is compared on the columns its expected row names; rows beyond the expected ones on all of them.
      const named = [...new Set(expectedRows.flatMap((row) => Object.keys(row)))];
      rows[table] = (await readRows(manager, copy)).map((row, i) => {
        const columns = i < expectedRows.length ? Object.keys(expectedRows[i]) : named;
        return columns.length === 0 ? row : Object.fromEntries(columns.map((c) => [c, row[c]]));
      });
    }
    return rows;
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

async function readRows(manager: EntityManager, table: string): Promise<Record<string, unknown>[]> {
  const key: { column: string }[] = await manager.query(
    `SELECT a.attname AS column FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
     WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [table],
  );
  const orderBy = key.length > 0 ? `ORDER BY ${key.map((k) => `t.${k.column}`).join(', ')}` : '';
  const rows: { row: Record<string, unknown> | string }[] = await manager.query(`SELECT to_jsonb(t) AS row FROM ${table} t ${orderBy}`);
  return rows.map((r) => (typeof r.row === 'string' ? JSON.parse(r.row) : r.row));
}
