import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { projections } from '../../projections/index.js';
import { readCheckpointRows, retryFailedProjection } from '../../projections/runner/failure.js';
import { loadConfig } from '../config.js';
import { describeError } from '../safe-error.js';
import { openStorage } from '../storage/storage.js';
import { runCli, UsageError } from './cli-support.js';

const USAGE = `usage: npm run projections:resume [-- <name>]

Tries a failed projection again from the event it failed at, after a fix (a migration widening a
column, a corrected projector): on success the failure is cleared and the projector carries on from
there (a running API notices within a second); if the event still fails it stays failed (exit 1).
Without a name: lists the failed projections. Projections: ${projections.map((p) => p.name).join(', ')}.
Storage: DATABASE_URL (PostgreSQL, beside a running API), else the embedded store in
LEDGER_DATA_DIR (./data; stop the API first: the store belongs to one process). The API does the
same on POST /api/projections/:name/resume.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h', default: false } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError('one projection at a time');
  const [name] = positionals;
  const projection = name === undefined ? null : projections.find((p) => p.name === name);
  if (name !== undefined && !projection) throw new UsageError(`unknown projection: ${name}. Valid projections: ${projections.map((p) => p.name).join(', ')}`);

  const storage = await openStorage(loadConfig());
  try {
    if (!projection) {
      const rows = await readCheckpointRows(
        storage.dataSource.manager,
        projections.map((p) => p.name),
      );
      const failed = [...rows].filter(([, row]) => row.failure !== null);
      if (failed.length === 0) console.log('no projection is failed');
      for (const [failedName, { failure }] of failed) {
        console.log(
          `${failedName}: failed at position ${failure!.position} (${failure!.eventType}) since ${failure!.at}, ${failure!.attempts} attempt(s): ${describeError(failure!.error)}`,
        );
      }
      return 0;
    }
    const result = await retryFailedProjection(storage, projection);
    console.log(
      `${result.name}: the event at position ${result.failedAt} applies now; failure cleared, checkpoint ${result.checkpoint} (the projector carries on from there)`,
    );
    return 0;
  } finally {
    await storage.close();
  }
}

runCli(main, USAGE);
