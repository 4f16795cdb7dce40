import { resolve } from 'node:path';

/** Configuration from the environment, validated once at start-up (a bad value stops the start). */
export interface LedgerConfig {
  port: number;
  host: string;
  /** PostgreSQL connection string; absent → the embedded store (PGlite) in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  /** Run the projections in this process (PROJECTIONS=off when separate workers do). */
  projections: boolean;
  /** Nest log levels; LOG_LEVEL=debug adds route mapping and start-up detail. */
  logLevels: ('log' | 'warn' | 'error' | 'debug' | 'verbose')[];
  /** Kafka (KAFKA_BROKERS set): the relay runs in this process; absent or null: no Kafka. */
  kafka?: KafkaConfig | null;
}

export interface KafkaConfig {
  brokers: string[];
  /** Every event goes to this topic (created if missing with `partitions` partitions). */
  topic: string;
  partitions: number;
  /** The projector workers' consumer group. */
  groupId: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be an integer 0-65535, got '${env.PORT}'`);
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  const logLevel = env.LOG_LEVEL ?? 'warn';
  const levels = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  const upTo = levels.indexOf(logLevel as (typeof levels)[number]);
  if (upTo < 0) throw new ConfigError(`LOG_LEVEL must be one of ${levels.join(', ')}, got '${logLevel}'`);
  const projections = (env.PROJECTIONS ?? 'on').toLowerCase();
  if (!['on', 'off'].includes(projections)) throw new ConfigError(`PROJECTIONS must be 'on' or 'off', got '${env.PROJECTIONS}'`);
  return {
    port,
    kafka: loadKafkaConfig(env),
    projections: projections === 'on',
    logLevels: [...levels.slice(0, upTo + 1)],
    host: env.HOST ?? '127.0.0.1',
    databaseUrl,
    dataDir: resolve(env.LEDGER_DATA_DIR ?? './data'),
  };
}

/** KAFKA_BROKERS (host:port, comma-separated) turns Kafka on; the other KAFKA_* refine it. */
export function loadKafkaConfig(env: NodeJS.ProcessEnv = process.env): KafkaConfig | null {
  const brokers = (env.KAFKA_BROKERS ?? '').split(',').map((b) => b.trim()).filter((b) => b !== '');
  if (brokers.length === 0) return null;
  const bad = brokers.find((b) => !/^[\w.-]+:\d{1,5}$/.test(b));
  if (bad !== undefined) throw new ConfigError(`KAFKA_BROKERS must be host:port[,host:port…], got '${bad}'`);
  const topic = env.KAFKA_TOPIC?.trim() || 'ledger.events';
  if (!/^[\w.-]{1,249}$/.test(topic)) throw new ConfigError(`KAFKA_TOPIC must be 1-249 of letters, digits, '.', '_', '-', got '${topic}'`);
  const partitions = Number(env.KAFKA_PARTITIONS ?? 6);
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 1000) throw new ConfigError(`KAFKA_PARTITIONS must be an integer 1-1000, got '${env.KAFKA_PARTITIONS}'`);
  const groupId = env.KAFKA_GROUP_ID?.trim() || 'campaign-ledger-projector';
  return { brokers, topic, partitions, groupId };
}

export const LEDGER_CONFIG = Symbol('LedgerConfig');
