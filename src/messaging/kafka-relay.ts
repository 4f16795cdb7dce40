import { Logger } from '@nestjs/common';
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { KafkaConfig } from '../config.js';
import type { EventStore, StoredEvent, Subscription } from '../event-store/event-store.port.js';
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

/**
 * Puts every event of the log on a Kafka topic, at least once and in order per key. The log is the
 * outbox: the relay is a checkpointed subscription of the store whose checkpoint moves only after
 * the broker acknowledged the whole batch (acks from all in-sync replicas, idempotent producer, one
 * request in flight, so a partition never sees a later event before an earlier one of the same
 * send). A failed send leaves the checkpoint where it was; the same batch is sent again after a
 * back-off, with a fresh producer. A crash between the acknowledgement and the checkpoint re-sends
 * that batch: consumers skip what they have (see partitioned-apply.ts).
 */
export class KafkaRelay {
  private readonly kafka: Kafka;
  private readonly logger = new Logger('KafkaRelay');
  private subscription: Subscription | null = null;
  private producer: Producer | null = null;
  private partitions: number | null = null;
  private checkpoint = 0;
  private status: RelayStatus = 'stopped';
  private lastError: string | null = null;
  private failingSince: number | null = null;
  private failures = 0;
  private lastFailureLog = 0;
  private lastLagLog = 0;
  private sent = 0;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly config: KafkaConfig,
    private readonly options: { batchSize?: number } = {},
  ) {
    this.kafka = createKafka(config, 'campaign-ledger-relay');
  }

  /** Subscribes from the checkpoint. Never waits for the broker: the API serves while Kafka is away. */
  async start(): Promise<void> {
    this.status = 'starting';
    await this.dataSource.query('INSERT INTO kafka_relay_checkpoints (topic, position) VALUES ($1, 0) ON CONFLICT (topic) DO NOTHING', [this.config.topic]);
    const [{ position }]: { position: string }[] = await this.dataSource.query('SELECT position FROM kafka_relay_checkpoints WHERE topic = $1', [
      this.config.topic,
    ]);
    this.checkpoint = Number(position);
    this.logger.log(`relaying the log to ${this.config.topic} on ${this.config.brokers.join(',')} from position ${this.checkpoint}`);
    this.subscription = this.store.subscribe({
      after: this.checkpoint,
      batchSize: this.options.batchSize ?? 1000,
      handler: (events) => this.deliver(events),
      onError: (error) => this.failed(error),
    });
  }

  /** Stops after the batch in flight (a send cut short is sent again by the next start). */
  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    const stopping = subscription?.stop();
    // A send waiting on an absent broker would hold the stop for its whole retry budget: cut it.
    await this.disconnect();
    await stopping;
    await this.disconnect();
    if (this.status !== 'stopped') this.logger.log(`stopped at position ${this.checkpoint}`);
    this.status = 'stopped';
  }

  async report(): Promise<RelayReport> {
    const head = await this.store.headPosition();
    const [oldest] = this.checkpoint < head ? await this.store.readAll({ after: this.checkpoint, limit: 1 }) : [];
    const [{ count }]: { count: string }[] = await this.dataSource.query('SELECT count(*) FROM ledger_events WHERE position > $1', [this.checkpoint]);
    const events = Number(count);
    return {
      topic: this.config.topic,
      partitions: this.partitions,
      checkpoint: this.checkpoint,
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
    await this.dataSource.transaction(async (manager) => {
      await manager.query('UPDATE kafka_relay_checkpoints SET position = GREATEST(position, $2), updated_at = now() WHERE topic = $1', [
        this.config.topic,
        last,
      ]);
      await manager.query(
        `INSERT INTO kafka_relay_partitions (topic, partition, last_position) SELECT $1, * FROM unnest($2::int[], $3::bigint[])
         ON CONFLICT (topic, partition) DO UPDATE SET last_position = GREATEST(kafka_relay_partitions.last_position, EXCLUDED.last_position)`,
        [this.config.topic, parts, positions],
      );
    });
    this.checkpoint = last;
    this.sent += events.length;
    this.recovered();
    this.logLag();
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
    if (this.subscription === null) return;
    this.status = 'retrying';
    void this.disconnect();
    const now = Date.now();
    this.failures++;
    if (this.failingSince === null) {
      this.failingSince = now;
      this.lastFailureLog = now;
      this.logger.warn(`cannot deliver after position ${this.checkpoint}: ${this.lastError}; retrying with back-off (nothing is skipped)`);
    } else if (now - this.lastFailureLog >= FAILURE_LOG_EVERY_MS) {
      this.lastFailureLog = now;
      this.logger.warn(`still failing after ${Math.round((now - this.failingSince) / 1000)} s (${this.failures} tries): ${this.lastError}`);
    }
  }

  private recovered(): void {
    if (this.failingSince !== null) {
      this.logger.log(
        `delivering again after ${((Date.now() - this.failingSince) / 1000).toFixed(1)} s (${this.failures} failed tries); at position ${this.checkpoint}`,
      );
    }
    this.failingSince = null;
    this.failures = 0;
    this.lastError = null;
    this.status = 'live';
  }

  private logLag(): void {
    const now = Date.now();
    if (now - this.lastLagLog < LAG_LOG_EVERY_MS) return;
    this.lastLagLog = now;
    void this.store.headPosition().then(
      (head) => {
        if (head > this.checkpoint)
          this.logger.log(`at position ${this.checkpoint} of ${head} (${head - this.checkpoint} positions behind), ${this.sent} events sent`);
      },
      () => undefined,
    );
  }
}
