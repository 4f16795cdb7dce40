import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { projections } from '../../projections/index.js';
import { rebuildProjections, type RebuildProgress } from '../../projections/runner/rebuild.js';
import { loadConfig } from '../config.js';
import { openStorage } from '../storage/storage.js';
import { bar, formatDuration, formatNumber, ProgressLine, runCli, UsageError } from './cli-support.js';

const USAGE = `usage: npm run projections:rebuild [-- [name…] [--restart] [--batch-size N]]

Rebuilds read models from the event log into shadow tables while the live ones keep serving,
then switches them over atomically. An interrupted rebuild resumes; --restart starts over.
Projections: ${projections.map((p) => p.name).join(', ')} (default: all).
Storage: DATABASE_URL (PostgreSQL), else the embedded store in LEDGER_DATA_DIR (./data).`;

class Interrupted extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { restart: { type: 'boolean', default: false }, 'batch-size': { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const valid = projections.map((p) => p.name);
  const unknown = positionals.filter((name) => !valid.includes(name));
  if (unknown.length > 0)
    throw new UsageError(`unknown projection${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Valid projections: ${valid.join(', ')}`);
  const batchSize = values['batch-size'] === undefined ? 5000 : Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10000)
    throw new UsageError(`--batch-size must be an integer 1-10000, got '${values['batch-size']}'`);
  const selected = positionals.length === 0 ? projections : projections.filter((p) => positionals.includes(p.name));

  const config = loadConfig();
  const storage = await openStorage(config);
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write('\ninterrupt: stopping after the current batch (run again to resume; Ctrl-C again to quit now)\n');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const line = new ProgressLine();
  try {
    console.error(
      `rebuilding ${selected.map((p) => p.name).join(', ')} from ${config.databaseUrl ? 'PostgreSQL' : `the embedded store in ${config.dataDir}`}${values.restart ? ' (restart)' : ''}`,
    );
    const result = await rebuildProjections(storage, selected, {
      batchSize,
      restart: values.restart,
      onProgress: (p) => {
        line.update(describe(p), p.phase !== 'catching-up');
        if (interrupted) throw new Interrupted('interrupted');
      },
    });
    line.done();
    for (const p of result.projections) {
      console.log(`  ${p.name.padEnd(14)} ${p.resumedFrom > 0 ? `resumed from position ${p.resumedFrom}, ` : ''}switched over at position ${p.switchedAt}`);
    }
    console.log(
      `rebuilt ${result.projections.length} projection(s): ${formatNumber(result.events)} events in ${result.seconds.toFixed(2)} s (${formatNumber(result.eventsPerSecond)} events/s)`,
    );
    return 0;
  } catch (error) {
    line.done();
    if (error instanceof Interrupted) {
      console.error('rebuild interrupted: the shadow tables and their position are kept; run the command again to resume');
      return 130;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await storage.close();
  }
}

function describe(p: RebuildProgress): string {
  const total = Math.max(0, p.head - p.startPosition);
  const done = Math.min(total, Math.max(0, p.position - p.startPosition));
  const fraction = total === 0 ? 1 : done / total;
  const eta = p.eventsPerSecond > 0 ? (total - done) / p.eventsPerSecond : Number.NaN;
  const phase = p.phase === 'catching-up' ? '' : ` (${p.phase === 'switching' ? 'switching over' : 'done'})`;
  return `${p.names.join('+')} ${bar(fraction)} ${formatNumber(done)}/${formatNumber(total)} ${(fraction * 100).toFixed(1)}%  ${formatNumber(p.eventsPerSecond)} ev/s  ETA ${formatDuration(eta)}${phase}`;
}

runCli(main, USAGE);
