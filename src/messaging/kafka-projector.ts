import { Logger } from '@nestjs/common';
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { Projection } from '../../projections/runner/projection.js';
import type { KafkaConfig } from '../config.js';
import { createKafka, ensureTopic } from './kafka-client.js';
import { fromRecordValue } from './kafka-envelope.js';
import { advanceWatermark, applyPartitionBatch, type PartitionMessage } from './partitioned-apply.js';
import { describeError } from '../safe-error.js';

const RETRY_DELAYS_MS = [100, 300, 1000];

export interface KafkaProjectorStats {
  /** Partitions this worker holds now. */
  partitions: number[];
  applied: number;
  skipped: number;
  /** Every projection has applied the log up to here (see advanceWatermark). */
  watermark: number | null;
}

export interface KafkaProjectorOptions {
  /** A worker that stops heart-beating loses its partitions after this long (kill -9, a hung host). */
  sessionTimeoutMs?: number;
  /** How often the watermark (processor_checkpoints) is moved. */
  watermarkEveryMs?: number;
  onAssigned?: (partitions: number[]) => void;
}

/**
 * A projector worker fed by the topic in a consumer group: the same projections as the in-process
 * runner. Kafka spreads the partitions over the group's workers and moves them when one joins or
 * leaves. Each partition batch commits in one PostgreSQL transaction with the partition's offset
 * (partitioned-apply.ts): PostgreSQL, not Kafka, is the record of what is applied; the offset is
 * also committed to Kafka afterwards, only so a restart does not re-read from the beginning.
 */
export class KafkaProjector {
  private readonly kafka: Kafka;
  private readonly logger = new Logger('KafkaProjector');
  private consumer: Consumer | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly stats: KafkaProjectorStats = { partitions: [], applied: 0, skipped: 0, watermark: null };

  constructor(
    private readonly dataSource: DataSource,
    private readonly projections: readonly Projection[],
    private readonly config: KafkaConfig,
    private readonly options: KafkaProjectorOptions = {},
  ) {
    this.kafka = createKafka(config, 'campaign-ledger-projector');
  }

  async start(): Promise<void> {
    await ensureTopic(this.kafka, this.config.topic, this.config.partitions);
    const sessionTimeout = this.options.sessionTimeoutMs ?? 10_000;
    const consumer = this.kafka.consumer({
      groupId: this.config.groupId,
      sessionTimeout,
      heartbeatInterval: Math.max(500, Math.floor(sessionTimeout / 10)),
      rebalanceTimeout: 2 * sessionTimeout,
      maxWaitTimeInMs: 200,
      // ~1,000 envelopes per partition fetch: the projectors' batch size.
      maxBytesPerPartition: 1024 * 1024,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const partitions = [...(payload.memberAssignment[this.config.topic] ?? [])].sort((a, b) => a - b);
      this.stats.partitions = partitions;
      this.options.onAssigned?.(partitions);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => this.logger.error(`consumer crashed (restart: ${payload.restart}): ${payload.error.message}`));
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [this.config.topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        // Partitions are independent: two batches may commit side by side (the pool has 10 connections).
        partitionsConsumedConcurrently: 2,
        eachBatch: (payload) => this.applyBatch(payload),
      });
    } catch (error) {
      this.consumer = null;
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    this.timer = setInterval(() => void this.moveWatermark(), this.options.watermarkEveryMs ?? 200);
  }

  /** Leaves the group (its partitions go to the other workers at once), then moves the watermark a last time. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.consumer?.disconnect();
    this.consumer = null;
    this.stats.partitions = [];
    await this.moveWatermark();
  }

  report(): KafkaProjectorStats {
    return { ...this.stats, partitions: [...this.stats.partitions] };
  }

  private async applyBatch({ batch, resolveOffset, heartbeat }: EachBatchPayload): Promise<void> {
    if (batch.messages.length === 0) return;
    const messages: PartitionMessage[] = batch.messages.map((m) => ({ offset: Number(m.offset), event: fromRecordValue(m.value!) }));
    const ref = { groupId: this.config.groupId, topic: batch.topic, partition: batch.partition };
    const result = await this.applyWithRetries(ref, messages, heartbeat);
    this.stats.applied += result.applied;
    this.stats.skipped += result.skipped;
    resolveOffset(batch.lastOffset());
    await this.consumer
      ?.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(result.nextOffset) }])
      .catch((error: Error) => this.logger.warn(`offset not committed to Kafka (PostgreSQL has it): ${error.message}`));
    await heartbeat();
  }

  /**
   * The same isolation as the in-process runner: a failing batch is tried again after 100 ms,
   * 300 ms and 1 s, then applied projection by projection and event by event, its poison event
   * marking that projection failed (logged once) while the others carry on. A batch that still
   * fails (the database is away) goes back to kafkajs, which retries it, as an error holding no
   * SQL and no parameters (kafkajs logs the error object it gets).
   */
  private async applyWithRetries(ref: { groupId: string; topic: string; partition: number }, messages: PartitionMessage[], heartbeat: () => Promise<void>) {
    let lastError: unknown;
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
      if (attempt > 0) {
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt - 1]));
        await heartbeat().catch(() => undefined);
      }
      try {
        return await this.dataSource.transaction((manager) => applyPartitionBatch(manager, this.projections, ref, messages));
      } catch (error) {
        lastError = error;
      }
    }
    try {
      const result = await this.dataSource.transaction((manager) => applyPartitionBatch(manager, this.projections, ref, messages, { isolate: true }));
      for (const { name, failure } of result.failed) {
        this.logger.error(
          `projection '${name}' failed at position ${failure.position} (${failure.eventType}, event ${failure.eventId}): ${describeError(failure.error)}. ` +
            `The workers skip it and carry on with the others; after a fix: npm run projections:rebuild -- ${name}`,
        );
      }
      return result;
    } catch (error) {
      throw new Error(
        `partition ${ref.partition}: the batch of offsets ${messages[0].offset} to ${messages[messages.length - 1].offset} failed: ${describeError(error ?? lastError)}`,
        { cause: error },
      );
    }
  }

  private async moveWatermark(): Promise<void> {
    try {
      this.stats.watermark = await advanceWatermark(this.dataSource, this.config, this.projections);
    } catch (error) {
      this.logger.warn(`watermark not moved: ${describeError(error)}`);
    }
  }
}
