import { projections } from '../projections/index.js';
import { rebuildProjections } from '../projections/runner/rebuild.js';
import { openStorage } from '../src/storage/storage.js';
import type { BenchRow } from './report.js';
import type { SeededStore } from './seeded.js';

/** Row 5: a rebuild of every projection from the whole seeded log, as `npm run projections:rebuild` runs it. */
export async function rebuildRow(seeded: SeededStore): Promise<BenchRow> {
  const storage = await openStorage({ databaseUrl: seeded.databaseUrl, dataDir: seeded.dataDir });
  try {
    const result = await rebuildProjections(storage, projections, { restart: true, batchSize: 5000 });
    return {
      id: '5',
      store: seeded.kind,
      name: `rebuild of all projections from the ${seeded.size} log`,
      rate: result.eventsPerSecond,
      count: result.events,
      seconds: result.seconds,
      note: `${result.events.toLocaleString('en-US')} events`,
      target: { text: '≥ 50,000 events/s', met: result.eventsPerSecond >= 50_000 },
    };
  } finally {
    await storage.close();
  }
}
