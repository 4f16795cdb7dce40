import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchDatabase, scratchDir, serverVersion } from './databases.js';
import { floorEmbedded, floorPostgres } from './floor.js';
import { compareToFloor, markdownTable, type BenchReport, type BenchRow, type Skipped, type StoreKind } from './report.js';
import { httpRows } from './http-rows.js';
import { rebuildRow } from './rebuild-row.js';
import { seededStore } from './seeded.js';
import { openEmbeddedStore, openPostgresStore, storeRows } from './store-rows.js';
import { SIZE_NAMES, type SizeName } from '../src/seed/sizes.js';

const USAGE = `usage: npm run bench -- [--quick] [--only 1,2,4] [--size small|medium|large] [--store postgres|embedded]

Measures the ledger against the floor of plain SQL on the same database (issue 6) and prints a
markdown table; the JSON goes to bench/results/<timestamp>.json (and latest.json).
PostgreSQL rows need DATABASE_URL (the bench creates its own databases on that server);
the embedded store is measured in temporary directories.
  --quick   seconds per workload instead of tens, and the small log for rows 5-7 (what CI runs)
  --only    row numbers to run (1-7; 2 includes 2b)
  --size    the seeded log for rows 5-7 (default medium; quick: small)
  --store   one store only
  --reseed  seed the log for rows 5-7 again even if a finished one is kept`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      size: { type: 'string' },
      store: { type: 'string' },
      reseed: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const quick = values.quick;
  const only = values.only
    ? values.only
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : null;
  const wanted = (id: string) => only === null || only.includes(id.replace(/[a-z]$/, ''));
  const size = (values.size ?? (quick ? 'small' : 'medium')) as SizeName;
  if (!SIZE_NAMES.includes(size)) throw new Error(`--size must be one of ${SIZE_NAMES.join(', ')}`);
  const seconds = quick ? 2 : 20;
  const databaseUrl = process.env.DATABASE_URL?.trim() || null;
  const stores: StoreKind[] = values.store ? [values.store as StoreKind] : ['postgres', 'embedded'];

  const rows: BenchRow[] = [];
  const skipped: Skipped[] = [];
  const startedAt = new Date();
  const log = (text: string) => console.error(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)}s] ${text}`);

  for (const store of stores) {
    if (store === 'postgres' && !databaseUrl) {
      skipped.push({ id: '1-7', store, reason: 'DATABASE_URL is not set' });
      log('PostgreSQL rows skipped: DATABASE_URL is not set');
      continue;
    }
    const floorOptions = { seconds, writers: store === 'postgres' ? 16 : 1, batchSize: 100, pageSize: 1000 };
    if (wanted('1')) {
      log(`${store}: row 1 (floor)`);
      if (store === 'postgres') {
        const db = await benchDatabase(databaseUrl!, `ledger_bench_floor_${process.pid}`, { fresh: true });
        try {
          rows.push(...(await floorPostgres(db.url, floorOptions)));
        } finally {
          await db.drop();
        }
      } else {
        const dir = scratchDir('ledger-bench-floor');
        try {
          rows.push(...(await floorEmbedded(dir.dir, floorOptions)));
        } finally {
          dir.remove();
        }
      }
    }
    if (wanted('2') || wanted('3') || wanted('4')) {
      log(`${store}: rows 2-4 (event store)`);
      const options = { seconds, writers: 16, batchSize: 100, pageSize: 1000, only: wanted };
      if (store === 'postgres') {
        const db = await benchDatabase(databaseUrl!, `ledger_bench_store_${process.pid}`, { fresh: true });
        try {
          rows.push(...(await storeRows(store, openPostgresStore(db.url), options)));
        } finally {
          await db.drop();
        }
      } else {
        const dir = scratchDir('ledger-bench-store');
        try {
          rows.push(...(await storeRows(store, openEmbeddedStore(join(dir.dir, 'data')), options)));
        } finally {
          dir.remove();
        }
      }
    }
    if (wanted('5') || wanted('6') || wanted('7')) {
      // The embedded store writes one command at a time (a few hundred a second): a medium log
      // would take hours to seed, so it is measured on the small one.
      const storeSize: SizeName = store === 'embedded' && (size === 'medium' || size === 'large') ? 'small' : size;
      const seeded = await seededStore(store, storeSize, databaseUrl, log, { reseed: values.reseed });
      if (wanted('5')) {
        log(`${store}: row 5 (rebuild from the ${storeSize} log)`);
        rows.push(await rebuildRow(seeded));
      }
      if (wanted('6') || wanted('7')) {
        rows.push(...(await httpRows(seeded, { writeSeconds: quick ? 2 : 30, readSeconds: quick ? 2 : 15, rates: [250, 500, 1000], only: wanted }, log)));
      }
    }
    compareToFloor(rows, '2', '1a', store, 0.7);
    compareToFloor(rows, '2b', '1a', store, 0.7);
    compareToFloor(rows, '2c', '1a', store, 0.7);
    compareToFloor(rows, '3', '1b', store, 0.6);
    compareToFloor(rows, '4', '1c', store, 0.5);
    for (const row of rows.filter((r) => (r.id === '2b' || r.id === '2c') && r.store === store)) if (row.target) row.target.text += ', informative';
  }

  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      postgres: databaseUrl ? await serverVersion(databaseUrl).catch(() => null) : null,
      platform: `${process.platform} ${process.arch}`,
    },
    options: { quick, size, only, seconds },
    rows,
    skipped,
  };
  const dir = resolve('bench/results');
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(report, null, 2);
  const file = join(dir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, json);
  writeFileSync(join(dir, 'latest.json'), json);
  console.log(markdownTable(report));
  console.log(
    `\nmachine: ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGiB} GiB, node ${report.machine.node}, PostgreSQL ${report.machine.postgres ?? 'n/a'}`,
  );
  console.log(`results: ${file}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
