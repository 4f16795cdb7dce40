import { Logger } from '@nestjs/common';
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { KafkaConfig } from '../config.js';
import type { EventStore, StoredEvent } from '../event-store/event-store.port.js';
import { checkpointName, ProcessorCheckpoint } from '../processing/checkpoints.js';
import { LogProcessor } from '../processing/log-processor.js';
import { createKafka, ensureTopic, partitionOf } from './kafka-client.js';
import { toRecord } from './kafka-envelope.js';

export type RelayStatus = 'starting' | 'live' | 'retrying' | 'stopped';

export interface RelayReport {
  topic: string;
  partitions: number | null;
  /** Every event up to here is acknowledged by the broker. */
  checkpoint: number;
  headPosition: number;
  lag: { events: number; seconds: number };
  status: RelayStatus | 'catching-up';
  lastError: string | null;
  /** Events sent since this process started (a re-sent batch counts again). */
  sent: number;
}

/** A record batch stays well under the broker's default 1 MB limit per request. */
const MAX_SEND_BYTES = 512 * 1024;
const FAILURE_LOG_EVERY_MS = 15_000;
const LAG_LOG_EVERY_MS = 30_000;

/** The relay's row in `processor_checkpoints`: every event up to its position is acknowledged on `topic`. */
export function relayCheckpointName(topic: string): string {
  return checkpointName('kafka-relay', topic);
}

/**
 * Puts every event of the log on a Kafka topic, at least once and in order per key. The log is the
 * outbox: the relay is a LogProcessor whose checkpoint moves only after the broker acknowledged the
 * whole batch (acks from all in-sync replicas, idempotent producer, one request in flight, so a
 * partition never sees a later event before an earlier one of the same send). A failed send leaves
 * the checkpoint where it was; the same batch is sent again after a back-off, with a fresh
 * producer. A crash between the acknowledgement and the checkpoint re-sends that batch: consumers
 * skip what they have (see partitioned-apply.ts).
 */
export class KafkaRelay {
  private readonly kafka: Kafka;
  private readonly logger = new Logger('KafkaRelay');
  private readonly processor: LogProcessor;
  private readonly checkpoint: ProcessorCheckpoint;
  private producer: Producer | null = null;
  private partitions: number | null = null;
  private status: RelayStatus = 'stopped';
  private lastError: string | null = null;
  private lastLagLog = 0;
  private sent = 0;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly config: KafkaConfig,
    options: { batchSize?: number } = {},
  ) {
    this.kafka = createKafka(config, 'campaign-ledger-relay');
    this.checkpoint = new ProcessorCheckpoint(dataSource, relayCheckpointName(config.topic), 'kafka-relay');
    this.processor = new LogProcessor(store, {
      handle: (events) => this.deliver(events),
      batchSize: options.batchSize ?? 1000,
      logger: this.logger,
      onFailure: (error) => this.failed(error),
      repeatEveryMs: FAILURE_LOG_EVERY_MS,
      messages: {
        failing: () => `cannot deliver after position ${this.position()}: ${this.lastError}; retrying with back-off (nothing is skipped)`,
        stillFailing: (_error, { seconds, failures }) => `still failing after ${Math.round(seconds)} s (${failures} tries): ${this.lastError}`,
        recovered: ({ seconds, failures }, position) => `delivering again after ${seconds.toFixed(1)} s (${failures} failed tries); at position ${position}`,
      },
    });
  }

  /** Follows the log from the checkpoint. Never waits for the broker: the API serves while Kafka is away. */
  async start(): Promise<void> {
    this.status = 'starting';
    const from = await this.checkpoint.load();
    this.logger.log(`relaying the log to ${this.config.topic} on ${this.config.brokers.join(',')} from position ${from}`);
    this.processor.start(from);
  }

  /** Stops after the batch in flight (a send cut short is sent again by the next start). */
  async stop(): Promise<void> {
    const stopping = this.processor.stop();
    // A send waiting on an absent broker would hold the stop for its whole retry budget: cut it.
    await this.disconnect();
    await stopping;
    await this.disconnect();
    if (this.status !== 'stopped') this.logger.log(`stopped at position ${this.position()}`);
    this.status = 'stopped';
  }

  /** Every event up to here is acknowledged by the broker. */
  private position(): number {
    return this.processor.processedPosition();
  }

  async report(): Promise<RelayReport> {
    const checkpoint = this.position();
    const head = await this.store.headPosition();
    const [oldest] = checkpoint < head ? await this.store.readAll({ after: checkpoint, limit: 1 }) : [];
    const [{ count }]: { count: string }[] = await this.dataSource.query('SELECT count(*) FROM ledger_events WHERE position > $1', [checkpoint]);
    const events = Number(count);
    return {
      topic: this.config.topic,
      partitions: this.partitions,
      checkpoint,
      headPosition: head,
      lag: { events, seconds: oldest ? Math.max(0, (Date.now() - oldest.recordedAt.getTime()) / 1000) : 0 },
      status: this.status === 'live' && events > 0 ? 'catching-up' : this.status,
      lastError: this.lastError,
      sent: this.sent,
    };
  }

  private async deliver(events: StoredEvent[]): Promise<void> {
    const producer = await this.connect();
    const partitions = this.partitions!;
    const lastInPartition = new Map<number, number>();
    let chunk: Message[] = [];
    let bytes = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      await producer.send({ topic: this.config.topic, acks: -1, messages: chunk });
      chunk = [];
      bytes = 0;
    };
    for (const event of events) {
      const record = toRecord(event);
      const partition = partitionOf(this.config.topic, record.key, partitions);
      lastInPartition.set(partition, event.position);
      if (bytes + record.value.length > MAX_SEND_BYTES) await flush();
      chunk.push({ ...record, partition });
      bytes += record.value.length + record.key.length;
    }
    await flush();

    const last = events[events.length - 1].position;
    const [parts, positions] = [[...lastInPartition.keys()], [...lastInPartition.values()]];
    // One transaction: the workers' watermark reads the checkpoint and the partitions together.
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO kafka_relay_partitions (topic, partition, last_position) SELECT $1, * FROM unnest($2::int[], $3::bigint[])
         ON CONFLICT (topic, partition) DO UPDATE SET last_position = GREATEST(kafka_relay_partitions.last_position, EXCLUDED.last_position)`,
        [this.config.topic, parts, positions],
      );
      await this.checkpoint.save(last, manager);
    });
    this.sent += events.length;
    this.lastError = null;
    this.status = 'live';
    this.logLag(last);
  }

  private async connect(): Promise<Producer> {
    if (this.producer) return this.producer;
    this.partitions = await ensureTopic(this.kafka, this.config.topic, this.config.partitions);
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      // A short retry budget per send (~1.5 s): past it the relay's own loop retries the batch with
      // back-off, reports 'retrying' and logs, rather than hang inside kafkajs while Kafka is away.
      retry: { initialRetryTime: 200, maxRetryTime: 1000, retries: 3 },
    });
    await producer.connect();
    this.producer = producer;
    return producer;
  }

  private async disconnect(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    await producer?.disconnect().catch(() => undefined);
  }

  /** A failed batch: the next try uses a fresh producer (its sequence numbers start over cleanly). */
  private failed(error: unknown): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    this.status = 'retrying';
    void this.disconnect();
  }

  private logLag(position: number): void {
    const now = Date.now();
    if (now - this.lastLagLog < LAG_LOG_EVERY_MS) return;
    this.lastLagLog = now;
    void this.store.headPosition().then(
      (head) => {
        if (head > position) this.logger.log(`at position ${position} of ${head} (${head - position} positions behind), ${this.sent} events sent`);
      },
      () => undefined,
    );
  }
}
