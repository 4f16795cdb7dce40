import 'reflect-metadata';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { planSummary, seedLedger, StoreNotEmptyError } from '../seed/seed.js';
import { SIZE_NAMES, SIZES, type SizeName } from '../seed/sizes.js';
import { bar, formatDuration, formatNumber, ProgressLine, runCli, UsageError } from './cli-support.js';

const USAGE = `usage: npm run seed -- --size tiny|small|medium|large [--seed N] [--concurrency N] [--database-url URL] [--data-dir DIR] [--dry-run]

Fills an EMPTY ledger with realistic data (docs/domain.md §7), deterministic from its seed, through the
ledger's own write path (the command handlers, in process): small ≈ 50,000 events, medium ≈ 1
million, large ≈ 10 million (tiny: a few thousand, for tests). --dry-run prints what it would write.
Storage: --database-url (else DATABASE_URL): PostgreSQL; otherwise the embedded store in --data-dir
(else LEDGER_DATA_DIR, else ./data). Concurrency: lanes of commands written at once (default 16 on
PostgreSQL, 4 on the embedded store, which writes one at a time anyway).`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string' },
      seed: { type: 'string', default: '1' },
      concurrency: { type: 'string' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.size || !SIZE_NAMES.includes(values.size as SizeName)) throw new UsageError(`--size must be one of ${SIZE_NAMES.join(', ')}`);
  const profile = SIZES[values.size as SizeName];
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) throw new UsageError(`--seed must be an integer 0-4294967295, got '${values.seed}'`);

  const planned = planSummary(profile, seed);
  console.error(
    `plan: size ${profile.name}, seed ${seed}: ${formatNumber(planned.events)} events in ${formatNumber(planned.commands)} commands, ${planned.stages} stages (plus the final rankings published on closing)`,
  );
  if (values['dry-run']) return 0;

  const config = loadConfig({
    ...process.env,
    ...(values['database-url'] ? { DATABASE_URL: values['database-url'] } : {}),
    ...(values['data-dir'] ? { LEDGER_DATA_DIR: resolve(values['data-dir']) } : {}),
  });
  const concurrency = values.concurrency === undefined ? (config.databaseUrl ? 16 : 4) : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new UsageError(`--concurrency must be an integer 1-64, got '${values.concurrency}'`);
  console.error(`seeding ${config.databaseUrl ? 'PostgreSQL' : `the embedded store in ${config.dataDir}`} with ${concurrency} concurrent writers`);

  const line = new ProgressLine(process.stderr, 0);
  let shownAt = 0;
  const result = await seedLedger({
    profile,
    seed,
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    concurrency,
    onProgress: (p) => {
      // Called after every command: format only when the line is due (toLocaleString is not free).
      if (performance.now() - shownAt < 250) return;
      shownAt = performance.now();
      const fraction = p.events / planned.events;
      const rate = p.elapsedSeconds > 0 ? p.events / p.elapsedSeconds : 0;
      const eta = rate > 0 ? (planned.events - p.events) / rate : Number.NaN;
      line.update(
        `${bar(fraction)} ${formatNumber(p.events)}/${formatNumber(planned.events)} ${(fraction * 100).toFixed(1)}%  ${formatNumber(rate)} ev/s  ETA ${formatDuration(eta)}  refused ${p.refused}  ${p.settling ? 'waiting for the read models before ' : ''}${p.stage}`,
      );
    },
  });
  line.done();
  console.log(
    `seeded ${formatNumber(result.events)} events (${formatNumber(result.commands)} commands) in ${formatDuration(result.seconds)}: ${formatNumber(result.events / result.seconds)} events/s, read models current`,
  );
  const refusals = Object.entries(result.refusals);
  if (refusals.length > 0) {
    console.log('refused (counted, not written):');
    for (const [key, count] of refusals.sort()) console.log(`  ${key}: ${count}`);
  }
  return 0;
}

runCli(main, USAGE, (error) => (error instanceof StoreNotEmptyError ? error.message : null));
