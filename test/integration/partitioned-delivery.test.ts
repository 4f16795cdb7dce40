import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projections } from '../../projections/index.js';
import { applyToProjections, ProjectionRunner } from '../../projections/runner/projection-runner.js';
import type { StoredEvent } from '../../src/event-store/event-store.port.js';
import { partitionOf } from '../../src/messaging/kafka-client.js';
import { recordKey } from '../../src/messaging/kafka-envelope.js';
import { advanceWatermark, applyPartitionBatch, type PartitionMessage } from '../../src/messaging/partitioned-apply.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { freshDataDir } from '../support/databases.js';
import { appendPlanned, MixedLog } from '../support/mixed-log.js';
import { readModelTables, tableHashes, waitCaughtUp } from './read-model-hashes.js';
import { relayCheckpointName } from '../../src/messaging/kafka-relay.js';

/**
 * What the Kafka-fed workers see, without a broker: the log split into partitions by record key,
 * partitions interleaved at random, batches cut at random, the relay re-sending a stretch after a
 * "crash", Kafka redelivering a batch after a "rebalance". The read models must come out equal to
 * the in-process runner's, and the watermark must never claim a position some partition lacks.
 * (The Kafka suite runs the same code against a real broker and real worker processes.)
 */
const TOPIC = 'ledger.events';
const GROUP = 'partitioned-delivery';
const PARTITIONS = 4;

function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('projections fed partition by partition (embedded store)', () => {
  const dataDir = freshDataDir('ledger-partitioned');
  let storage: Storage;
  let events: StoredEvent[];
  let runnerHashes: Record<string, string>;

  const reset = async () => {
    await storage.dataSource.query(`TRUNCATE ${readModelTables().join(', ')}`);
    await storage.dataSource.query('DELETE FROM processor_checkpoints');
    await storage.dataSource.query('DELETE FROM kafka_consumer_offsets');
    await storage.dataSource.query('DELETE FROM kafka_relay_partitions');
  };

  /** The topic as a relay that crashed once would leave it: each partition in log order, a stretch sent twice. */
  const topicWithResend = (rand: () => number): PartitionMessage[][] => {
    const partitions: PartitionMessage[][] = Array.from({ length: PARTITIONS }, () => []);
    const send = (slice: StoredEvent[]) => {
      for (const event of slice) {
        const p = partitionOf(TOPIC, recordKey(event.streamId), PARTITIONS);
        partitions[p].push({ offset: partitions[p].length, event });
      }
    };
    const crashAt = Math.floor(events.length * (0.3 + rand() * 0.4));
    const checkpointAt = Math.max(0, crashAt - 50 - Math.floor(rand() * 400));
    send(events.slice(0, crashAt));
    send(events.slice(checkpointAt));
    return partitions;
  };

  beforeAll(async () => {
    storage = await openStorage({ databaseUrl: null, dataDir: dataDir.dir });
    const log = new MixedLog();
    await appendPlanned(storage.store, log.setup());
    await appendPlanned(
      storage.store,
      Array.from({ length: 1200 }, () => log.next()),
    );
    events = await storage.store.readAll({ after: 0, limit: 10_000 });
    const runner = new ProjectionRunner(storage.store, storage.dataSource, projections);
    await runner.start();
    await waitCaughtUp(storage.store, storage.dataSource);
    await runner.stop();
    runnerHashes = await tableHashes(storage.dataSource);
  }, 120_000);

  afterAll(async () => {
    await storage?.close();
    dataDir.remove();
  });

  it('spreads the log over the partitions, a campaign on one', () => {
    const keys = new Set(events.map((e) => recordKey(e.streamId)));
    const used = new Set(events.map((e) => partitionOf(TOPIC, recordKey(e.streamId), PARTITIONS)));
    expect(keys.size).toBeGreaterThan(30);
    expect(used.size).toBe(PARTITIONS);
    expect(
      new Set(
        events
          .filter((e) => e.streamId.endsWith(':thi-dua-2021') || e.streamId.includes(':thi-dua-2021:'))
          .map((e) => partitionOf(TOPIC, recordKey(e.streamId), PARTITIONS)),
      ).size,
    ).toBe(1);
    // Every read model gets rows (two-person approvals, issue 4, are not generated here).
    expect(Object.keys(runnerHashes).filter((table) => runnerHashes[table].startsWith('0:') && table !== 'rm_proposals')).toEqual([]);
  });

  it.each([1, 2, 3])(
    'equals the in-process runner for a random interleaving, with re-sends and redeliveries (seed %i)',
    async (seed) => {
      await reset();
      const rand = random(seed);
      const partitions = topicWithResend(rand);
      const head = events[events.length - 1].position;
      // What the relay recorded once it had everything on the topic: its checkpoint, the last position per partition.
      await storage.dataSource.query(`INSERT INTO processor_checkpoints (name, kind, position) VALUES ($1, 'kafka-relay', $2)`, [
        relayCheckpointName(TOPIC),
        head,
      ]);
      for (const [p, messages] of partitions.entries()) {
        await storage.dataSource.query('INSERT INTO kafka_relay_partitions (topic, partition, last_position) VALUES ($1, $2, $3)', [
          TOPIC,
          p,
          Math.max(...messages.map((m) => m.event.position)),
        ]);
      }

      const consumed = partitions.map(() => 0);
      const delivered = new Set<number>();
      let redeliveries = 0;
      let skipped = 0;
      while (consumed.some((c, p) => c < partitions[p].length)) {
        const candidates = partitions.map((_, p) => p).filter((p) => consumed[p] < partitions[p].length);
        const p = candidates[Math.floor(rand() * candidates.length)];
        // After a "rebalance", Kafka hands out a stretch again from an earlier offset.
        const redeliver = consumed[p] > 0 && rand() < 0.15;
        const from = redeliver ? Math.max(0, consumed[p] - 1 - Math.floor(rand() * 80)) : consumed[p];
        const batch = partitions[p].slice(from, from + 1 + Math.floor(rand() * 150));
        if (redeliver) redeliveries++;
        const result = await storage.dataSource.transaction((manager) =>
          applyPartitionBatch(manager, projections, { groupId: GROUP, topic: TOPIC, partition: p }, batch),
        );
        skipped += result.skipped;
        consumed[p] = Math.max(consumed[p], from + batch.length);
        for (const m of batch) delivered.add(m.event.position);

        // The watermark never claims a position that some partition has not applied yet.
        const watermark = (await advanceWatermark(storage.dataSource, { groupId: GROUP, topic: TOPIC }, projections))!;
        const firstMissing = events.find((e) => !delivered.has(e.position))?.position ?? Number.POSITIVE_INFINITY;
        expect(watermark).toBeLessThan(firstMissing);
      }

      expect(redeliveries).toBeGreaterThan(0);
      expect(skipped).toBeGreaterThan(50);
      expect(await advanceWatermark(storage.dataSource, { groupId: GROUP, topic: TOPIC }, projections)).toBe(head);
      expect(await tableHashes(storage.dataSource)).toEqual(runnerHashes);
    },
    120_000,
  );

  it("differs with the in-process runner's global-checkpoint skip: the reason the workers do not use it", async () => {
    await reset();
    const rand = random(7);
    const partitions = topicWithResend(rand).map((messages) => messages.map((m) => m.event));
    const consumed = partitions.map(() => 0);
    while (consumed.some((c, p) => c < partitions[p].length)) {
      const candidates = partitions.map((_, p) => p).filter((p) => consumed[p] < partitions[p].length);
      const p = candidates[Math.floor(rand() * candidates.length)];
      const batch = partitions[p].slice(consumed[p], consumed[p] + 1 + Math.floor(rand() * 150));
      consumed[p] += batch.length;
      await storage.dataSource.transaction((manager) => applyToProjections(manager, projections, batch)).catch(() => undefined);
    }
    expect(await tableHashes(storage.dataSource)).not.toEqual(runnerHashes);
  }, 120_000);
});
