import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { DurableNodeFS, durableStartParams } from '../src/event-store/postgres/pglite-durability.js';
import type { BenchRow, StoreKind } from './report.js';
import { runFor, scorePayload } from './stats.js';

/**
 * Row 1, the floor: what plain SQL reaches on the same database, with no event store in between.
 * The table holds what an event row holds (an id, the event's JSON, its metadata), so rows 2-4
 * compare like with like; the store's rows do more (stream versions, positions, indexes), and the
 * targets say how close to this floor they must come.
 */
const CREATE = `
DROP TABLE IF EXISTS bench_floor;
CREATE TABLE bench_floor (id bigserial PRIMARY KEY, data jsonb NOT NULL, metadata jsonb NOT NULL)`;
const INSERT_ONE = 'INSERT INTO bench_floor (data, metadata) VALUES ($1::jsonb, $2::jsonb)';
const INSERT_BATCH = 'INSERT INTO bench_floor (data, metadata) SELECT d, $2::jsonb FROM unnest($1::jsonb[]) AS d';
// The whole row, as readAll reads whole events (reading the id and the data alone would compare
// a narrower read with the store's).
const SCAN = 'SELECT id, data, metadata FROM bench_floor WHERE id > $1 ORDER BY id LIMIT $2';

interface Connection {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

const metadataJson = JSON.stringify({
  actor: 'bench',
  commandId: '0190b3c2-0000-7000-8000-000000000000',
  correlationId: '0190b3c2-0000-7000-8000-000000000001',
  causationId: null,
});

export interface FloorOptions {
  seconds: number;
  /** Concurrent connections for the insert rows (PGlite has one). */
  writers: number;
  batchSize: number;
  pageSize: number;
}

async function measure(store: StoreKind, connections: Connection[], options: FloorOptions): Promise<BenchRow[]> {
  const [first] = connections;
  const single = await runFor(options.seconds, connections.length, async (w, i) => {
    await connections[w].query(INSERT_ONE, [JSON.stringify(scorePayload(i)), metadataJson]);
    return 1;
  });
  const batch = await runFor(options.seconds, connections.length, async (w, i) => {
    const rows = Array.from({ length: options.batchSize }, (_, k) => JSON.stringify(scorePayload(i * options.batchSize + k)));
    await connections[w].query(INSERT_BATCH, [rows, metadataJson]);
    return options.batchSize;
  });
  // The keyset scan reads every row written above and folds the points (parsed as the store parses them).
  const started = performance.now();
  let after = 0;
  let rows = 0;
  let sum = 0;
  for (;;) {
    const page = (await first.query(SCAN, [after, options.pageSize])).rows;
    if (page.length === 0) break;
    for (const row of page) sum += Number((row.data as { points: string }).points);
    rows += page.length;
    after = Number(page[page.length - 1].id);
  }
  const scanSeconds = (performance.now() - started) / 1000;
  const conns = `${connections.length} connection${connections.length > 1 ? 's' : ''}`;
  return [
    {
      id: '1a',
      store,
      name: `floor: single-row autocommit inserts, ${conns}`,
      rate: single.units / single.seconds,
      p50: single.latencies.percentile(50),
      p99: single.latencies.percentile(99),
      count: single.units,
      seconds: single.seconds,
    },
    {
      id: '1b',
      store,
      name: `floor: ${options.batchSize}-row unnest batch inserts, ${conns}`,
      rate: batch.units / batch.seconds,
      p50: batch.latencies.percentile(50),
      p99: batch.latencies.percentile(99),
      count: batch.units,
      seconds: batch.seconds,
    },
    {
      id: '1c',
      store,
      name: `floor: keyset scan of the whole table folding a sum (pages of ${options.pageSize})`,
      rate: rows / scanSeconds,
      count: rows,
      seconds: scanSeconds,
      note: `${rows.toLocaleString('en-US')} rows, sum ${Math.round(sum)}`,
    },
  ];
}

export async function floorPostgres(url: string, options: FloorOptions): Promise<BenchRow[]> {
  const clients = Array.from({ length: options.writers }, () => new pg.Client({ connectionString: url }));
  await Promise.all(clients.map((c) => c.connect()));
  try {
    await clients[0].query(CREATE);
    return await measure('postgres', clients, options);
  } finally {
    await clients[0].query('DROP TABLE IF EXISTS bench_floor').catch(() => undefined);
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}

export async function floorEmbedded(dataDir: string, options: FloorOptions): Promise<BenchRow[]> {
  // The same database the store runs: PGlite with fsync on (README, Durability), every autocommit
  // insert flushed at its commit as a server would; PGlite as shipped with LEDGER_EMBEDDED_DURABILITY=none.
  const durable = (process.env.LEDGER_EMBEDDED_DURABILITY?.trim() || 'group') !== 'none';
  const db = durable
    ? await PGlite.create({ fs: new DurableNodeFS(dataDir, { fsyncs: 0, ms: 0 }), startParams: durableStartParams() })
    : await PGlite.create(dataDir);
  try {
    await db.exec(CREATE);
    const connection: Connection = { query: (sql, params) => db.query(sql, params) };
    return await measure('embedded', [connection], options);
  } finally {
    await db.close();
  }
}
