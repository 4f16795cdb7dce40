import { Logger } from '@nestjs/common';
import { Kafka, logLevel, Partitioners, type logCreator } from 'kafkajs';
import type { KafkaConfig } from '../config.js';

/** kafkajs namespaces whose failures kafkajs or our own loops retry: warnings, not errors. */
const RETRIED_NAMESPACES = new Set(['Connection', 'BrokerPool']);

/**
 * kafkajs logs through Nest's logger (so LOG_LEVEL governs both), under `Kafka:<namespace>`.
 * kafkajs warns that bounded retries void exactly-once for an idempotent producer: we promise at
 * least once and re-send a failed batch ourselves, so that warning is dropped.
 */
const nestLogCreator: logCreator =
  () =>
  ({ namespace, level, log }) => {
    const { message, ...extra } = log;
    if (message.startsWith('Limiting retries for the idempotent producer')) return;
    const text = `${message}${Object.keys(extra).length > 2 ? ` ${JSON.stringify({ ...extra, timestamp: undefined, logger: undefined })}` : ''}`;
    const logger = new Logger(`Kafka:${namespace}`);
    if (level === logLevel.ERROR && !RETRIED_NAMESPACES.has(namespace)) logger.error(text);
    else if (level === logLevel.ERROR) logger.warn(text);
    else if (level === logLevel.WARN) logger.warn(text);
    else if (level === logLevel.INFO) logger.log(text);
    else logger.debug(text);
  };

export function createKafka(config: KafkaConfig, clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: config.brokers,
    logLevel: logLevel.WARN,
    logCreator: nestLogCreator,
    connectionTimeout: 3000,
    // Broker calls retry with exponential back-off (0.2 s doubling to 2 s, 5 tries, ~5 s); past that
    // the caller's own loop takes over (the relay retries the same batch, never skipping one; a
    // worker's consumer restarts), so an absent broker shows in status and logs within seconds.
    retry: { initialRetryTime: 200, maxRetryTime: 2000, retries: 5 },
  });
}

const partitioner = Partitioners.DefaultPartitioner();

/**
 * The partition of a key: the Java client's murmur2 partitioner (what kafkajs uses by default), so
 * any client keyed the same way agrees. The relay sets it explicitly to know where each event went.
 */
export function partitionOf(topic: string, key: string, partitions: number): number {
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
    partitionErrorCode: 0,
  }));
  return partitioner({ topic, partitionMetadata, message: { key, value: null } });
}

/** Creates the topic if missing; returns its partition count (an existing topic keeps its own). */
export async function ensureTopic(kafka: Kafka, topic: string, partitions: number): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    if (!existing.includes(topic)) {
      await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
      new Logger('KafkaRelay').log(`created topic ${topic} with ${partitions} partitions`);
    }
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    return metadata.topics[0].partitions.length;
  } finally {
    await admin.disconnect();
  }
}
