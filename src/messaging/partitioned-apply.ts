import type { DataSource, EntityManager } from 'typeorm';
import { applyIsolated, failureOf, readCheckpointRows, type ProjectionFailure } from '../../projections/runner/failure.js';
import { eventsFor, type Projection } from '../../projections/runner/projection.js';
import type { StoredEvent } from '../event-store/event-store.port.js';
import { relayCheckpointName } from './kafka-relay.js';

/** One partition of the topic, as seen by one consumer group. */
export interface PartitionRef {
  groupId: string;
  topic: string;
  partition: number;
}

export interface PartitionMessage {
  offset: number;
  event: StoredEvent;
}

export interface PartitionBatchResult {
  applied: number;
  /** Messages recognised as already applied (redelivered offsets, or events the relay sent again). */
  skipped: number;
  nextOffset: number;
  lastPosition: number;
  /** Projections this batch marked failed (only when applied with `isolate`). */
  failed: { name: string; failure: ProjectionFailure }[];
}

/**
 * Applies one partition's batch to the projections, in the caller's transaction, with the
 * partition's offset. Two different checkpoints, two kinds of duplicate:
 * - `next_offset`: Kafka redelivers offsets it already gave (a rebalance, a worker killed after
 *   its commit but before Kafka heard of it): offsets below it are skipped;
 * - `last_position`: the relay sends a batch again after a crash or a failed acknowledgement, at
 *   new offsets. A partition holds its keys' events in log order, a re-send only repeats a suffix,
 *   so an event at or below the last position applied from this partition was applied already.
 * The partition's row is locked first: a worker that still holds a revoked partition (a zombie
 * after a rebalance) waits, then finds its batch already applied.
 *
 * With `isolate` (a batch that failed three times, kafka-projector.ts), each projection is applied
 * behind a savepoint and a failing one event by event: its poison event marks it failed (source
 * `kafka`), and the workers skip it from then on while the others carry on. Partitions run ahead
 * of each other, so the events of other partitions past the poison may already be applied to it:
 * only a rebuild makes it whole again (a resume is refused: `rebuild-required`).
 *
 * A global checkpoint cannot do this job: partitions run ahead of each other, so "the last position
 * applied" of one partition says nothing of the others. Only the watermark below, an honest lower
 * bound of what every partition has applied, is used across partitions (e.g. after moving from the
 * in-process runner to workers, it makes them skip what the runner had applied).
 */
export async function applyPartitionBatch(
  manager: EntityManager,
  projections: readonly Projection[],
  ref: PartitionRef,
  messages: readonly PartitionMessage[],
  options: { isolate?: boolean } = {},
): Promise<PartitionBatchResult> {
  await manager.query('INSERT INTO kafka_consumer_offsets (group_id, topic, partition) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    ref.groupId,
    ref.topic,
    ref.partition,
  ]);
  const [row]: { next_offset: string; last_position: string }[] = await manager.query(
    'SELECT next_offset, last_position FROM kafka_consumer_offsets WHERE group_id = $1 AND topic = $2 AND partition = $3 FOR UPDATE',
    [ref.groupId, ref.topic, ref.partition],
  );
  let nextOffset = Number(row.next_offset);
  let lastPosition = Number(row.last_position);
  const fresh: StoredEvent[] = [];
  for (const { offset, event } of messages) {
    if (offset < nextOffset) continue;
    nextOffset = offset + 1;
    if (event.position <= lastPosition) continue;
    lastPosition = event.position;
    fresh.push(event);
  }
  const failed: PartitionBatchResult['failed'] = [];
  if (fresh.length > 0) {
    const watermarks = await readCheckpointRows(
      manager,
      projections.map((p) => p.name),
    );
    for (const projection of projections) {
      const { position: watermark, failure } = watermarks.get(projection.name)!;
      if (failure) continue; // failed: skipped by the workers until a rebuild (failure.ts)
      if (!options.isolate) {
        const relevant = eventsFor(projection, fresh, watermark);
        if (relevant.length > 0) await projection.apply(relevant, { manager, tables: projection.tables });
        continue;
      }
      const result = await applyIsolated(manager, projection, fresh, watermark);
      if (result.poison) {
        const marked = failureOf(result.poison.event, result.poison.error, 'kafka');
        // The watermark it had stays its checkpoint: advanceWatermark leaves failed projections alone.
        await manager.query(
          `INSERT INTO processor_checkpoints (name, position, failure) VALUES ($1, 0, $2::jsonb)
           ON CONFLICT (name) DO UPDATE SET failure = EXCLUDED.failure, updated_at = now() WHERE processor_checkpoints.failure IS NULL`,
          [projection.name, JSON.stringify(marked)],
        );
        failed.push({ name: projection.name, failure: marked });
      }
    }
  }
  await manager.query(
    'UPDATE kafka_consumer_offsets SET next_offset = $4, last_position = $5, updated_at = now() WHERE group_id = $1 AND topic = $2 AND partition = $3',
    [ref.groupId, ref.topic, ref.partition, nextOffset, lastPosition],
  );
  return { applied: fresh.length, skipped: messages.length - fresh.length, nextOffset, lastPosition, failed };
}

/**
 * Moves the projections' checkpoints (`processor_checkpoints`, what `minPosition` reads, the
 * status endpoint and the rebuild look at) to the highest position W such that every event at or
 * below W is applied, whatever partition it went to. From what the relay recorded (its checkpoint
 * R: everything up to R is on the topic; per partition the last position it put there, S) and what
 * the workers recorded (per partition the last position applied, L):
 *   a partition with L >= S has applied all its events up to R;
 *   a partition with L < S has applied all its events up to L (it receives them in log order);
 *   so W = min(R, min of L over the partitions with L < S).
 * Reads committed rows only and only ever raises a checkpoint, so any worker may run it any time.
 */
export async function advanceWatermark(
  dataSource: DataSource | EntityManager,
  ref: { groupId: string; topic: string },
  projections: readonly Projection[],
): Promise<number | null> {
  const rows: { position: string }[] = await dataSource.query(
    `WITH relay AS (SELECT position FROM processor_checkpoints WHERE name = $3),
     lagging AS (
       SELECT min(coalesce(o.last_position, 0)) AS position
       FROM kafka_relay_partitions p
       LEFT JOIN kafka_consumer_offsets o ON o.group_id = $2 AND o.topic = p.topic AND o.partition = p.partition
       WHERE p.topic = $1 AND coalesce(o.last_position, 0) < p.last_position),
     watermark AS (SELECT least(relay.position, coalesce(lagging.position, relay.position)) AS position FROM relay, lagging)
     SELECT position FROM watermark`,
    [ref.topic, ref.groupId, relayCheckpointName(ref.topic)],
  );
  if (rows.length === 0) return null;
  const watermark = Number(rows[0].position);
  await dataSource.query(`INSERT INTO processor_checkpoints (name, position) SELECT unnest($1::text[]), 0 ON CONFLICT (name) DO NOTHING`, [
    projections.map((p) => p.name),
  ]);
  // A failed projection keeps its checkpoint: the events past it are not applied to it.
  await dataSource.query(
    'UPDATE processor_checkpoints SET position = $2, updated_at = now() WHERE name = ANY($1::text[]) AND position < $2 AND failure IS NULL',
    [projections.map((p) => p.name), watermark],
  );
  return watermark;
}
