import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { projections } from '../../projections/index.js';
import { rebuildProjections } from '../../projections/runner/rebuild.js';
import { ReadModelLookups } from '../../projections/shared/read-model-lookups.js';
import { ScoreReads } from '../../projections/scores/score-reads.js';
import { seedLedger } from '../../src/seed/seed.js';
import { SIZES } from '../../src/seed/sizes.js';
import { openStorage } from '../../src/storage/storage.js';
import { freshDatabase, freshDataDir, storeKinds } from '../support/databases.js';
import { tableHashes } from './read-model-hashes.js';

/**
 * The seed generator (issue 6) on its `tiny` profile, through the real write path on real stores:
 * the same seed gives the same ledger (event types and counts, every stream's length, the final
 * rankings), every body passes the HTTP validation, nothing but a commendation is ever refused,
 * and the read models projected while seeding equal a rebuild from the log.
 */
const SEED = 7;

interface Outcome {
  histogram: Record<string, number>;
  streams: Record<string, number>;
  rankings: Record<string, { rank: number; unitId: string; total: number }[]>;
  refusals: Record<string, number>;
  events: number;
}

async function seedAndInspect(kind: 'embedded' | 'postgres'): Promise<Outcome> {
  const database = kind === 'postgres' ? await freshDatabase('ledger_seed') : null;
  const dir = freshDataDir('ledger-seed');
  const dataDir = join(dir.dir, 'data');
  try {
    const result = await seedLedger({ profile: SIZES.tiny, seed: SEED, databaseUrl: database?.url ?? null, dataDir, concurrency: 4, validate: true });
    const storage = await openStorage({ databaseUrl: database?.url ?? null, dataDir });
    try {
      const { store, dataSource } = storage;
      const histogram: Record<string, number> = {};
      for (const row of await dataSource.query('SELECT type, count(*)::int AS n FROM ledger_events GROUP BY type ORDER BY type')) histogram[row.type] = row.n;
      const streams: Record<string, number> = {};
      for (const row of await dataSource.query('SELECT stream_id, version FROM ledger_streams ORDER BY stream_id'))
        streams[row.stream_id] = Number(row.version);

      const head = await store.headPosition();
      const reads = new ScoreReads(dataSource, new ReadModelLookups(dataSource));
      const rankings: Outcome['rankings'] = {};
      for (const { campaign_id: campaignId, cluster_id: clusterId } of await dataSource.query(
        "SELECT DISTINCT campaign_id, cluster_id FROM rm_clusters WHERE campaign_id LIKE 'vi-an-ninh%' ORDER BY 1, 2",
      )) {
        rankings[`${campaignId}/${clusterId}`] = (await reads.ranking(campaignId, clusterId, null, head)).map((r) => ({
          rank: r.rank,
          unitId: r.unitId,
          total: r.total,
        }));
      }

      // The read models kept while seeding equal the ones rebuilt from the log.
      const live = await tableHashes(dataSource);
      await rebuildProjections(storage, projections, { restart: true });
      expect(await tableHashes(dataSource)).toEqual(live);
      return { histogram, streams, rankings, refusals: result.refusals, events: result.events };
    } finally {
      await storage.close();
    }
  } finally {
    await database?.drop();
    dir.remove();
  }
}

describe('seed generator (tiny)', () => {
  // Two runs of one seed: on the embedded store and on PostgreSQL when DATABASE_URL is set (the
  // same ledger on either store), else twice on the embedded store.
  const [firstKind, secondKind = firstKind] = storeKinds('seed generator');

  it(`is deterministic from its seed and agrees with its projections (${firstKind}, then ${secondKind})`, async () => {
    const first = await seedAndInspect(firstKind);
    const second = await seedAndInspect(secondKind);

    expect(first.events).toBeGreaterThan(1000);
    expect(Object.keys(first.refusals).filter((key) => !key.startsWith('record-commendation:'))).toEqual([]);
    expect(first.histogram.ScoreEntryRecorded).toBeGreaterThan(500);
    expect(first.histogram.CommendationRecorded).toBeGreaterThan(50);
    expect(first.histogram.RankingPublished).toBeGreaterThan(0);
    expect(Object.keys(first.rankings).length).toBeGreaterThanOrEqual(2);

    expect(second.histogram).toEqual(first.histogram);
    expect(second.streams).toEqual(first.streams);
    expect(second.rankings).toEqual(first.rankings);
    expect(second.refusals).toEqual(first.refusals);
  }, 300_000);
});
