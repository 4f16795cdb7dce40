import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readSigningKey, SigningKeyError } from './integrity/signing-key.js';

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
  /**
   * The Ed25519 key (PEM, PKCS#8) that signs the integrity checkpoints: LEDGER_SIGNING_KEY_FILE, else
   * `<dataDir>/signing-key.pem`, generated on first start (PostgreSQL too). Never in the database.
   */
  signingKeyFile: string;
  auth: AuthConfig;
}

export interface AuthConfig {
  /** LEDGER_ADMIN_TOKEN: the bootstrap administrator `admin` holds this token (scripts, CI, containers). */
  adminToken: string | null;
  /** Single sign-on: an identity provider's JWTs, verified against its JWKS. */
  jwksUrl: string | null;
  issuer: string | null;
  audience: string | null;
  /** The claim naming the ledger account (AUTH_ACCOUNT_CLAIM, default `sub`). */
  accountClaim: string;
  /** How long a session (POST /api/sessions) lasts. */
  sessionHours: number;
  /** Origins a browser may call the API from (CORS_ORIGINS, comma-separated); empty: none but the service's own. */
  corsOrigins: string[];
  /** Writes per account per minute (RATE_LIMIT_WRITES, 0: no limit); sign-ins per address per minute (RATE_LIMIT_SIGN_INS). */
  writesPerMinute: number;
  signInsPerMinute: number;
}

export const DEFAULT_AUTH: AuthConfig = {
  adminToken: null,
  jwksUrl: null,
  issuer: null,
  audience: null,
  accountClaim: 'sub',
  sessionHours: 8,
  corsOrigins: [],
  writesPerMinute: 60_000,
  signInsPerMinute: 20,
};

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
    auth: loadAuthConfig(env),
    kafka: loadKafkaConfig(env),
    projections: projections === 'on',
    logLevels: [...levels.slice(0, upTo + 1)],
    host: env.HOST ?? '127.0.0.1',
    databaseUrl,
    dataDir: resolve(env.LEDGER_DATA_DIR ?? './data'),
    signingKeyFile: loadSigningKeyFile(env, resolve(env.LEDGER_DATA_DIR ?? './data')),
  };
}

export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const adminToken = env.LEDGER_ADMIN_TOKEN?.trim() || null;
  if (adminToken !== null && adminToken.length < 16) throw new ConfigError('LEDGER_ADMIN_TOKEN must be at least 16 characters');
  const jwksUrl = env.AUTH_JWKS_URL?.trim() || null;
  if (jwksUrl !== null && !/^https?:\/\//.test(jwksUrl)) throw new ConfigError(`AUTH_JWKS_URL must be an http(s) URL, got '${jwksUrl}'`);
  const count = (name: string, fallback: number, max: number) => {
    const value = Number(env[name] ?? fallback);
    if (!Number.isInteger(value) || value < 0 || value > max) throw new ConfigError(`${name} must be an integer 0-${max}, got '${env[name]}'`);
    return value;
  };
  const corsOrigins = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  const badOrigin = corsOrigins.find((o) => !/^https?:\/\/[^/\s]+$/.test(o));
  if (badOrigin !== undefined) throw new ConfigError(`CORS_ORIGINS must be origins such as https://thiduacand.example.vn, got '${badOrigin}'`);
  return {
    adminToken,
    jwksUrl,
    issuer: env.AUTH_ISSUER?.trim() || null,
    audience: env.AUTH_AUDIENCE?.trim() || null,
    accountClaim: env.AUTH_ACCOUNT_CLAIM?.trim() || 'sub',
    sessionHours: count('SESSION_HOURS', 8, 24 * 30) || 8,
    corsOrigins,
    writesPerMinute: count('RATE_LIMIT_WRITES', DEFAULT_AUTH.writesPerMinute, 10_000_000),
    signInsPerMinute: count('RATE_LIMIT_SIGN_INS', DEFAULT_AUTH.signInsPerMinute, 100_000),
  };
}

export function defaultSigningKeyFile(dataDir: string): string {
  return join(dataDir, 'signing-key.pem');
}

/**
 * LEDGER_SIGNING_KEY_FILE must name an existing Ed25519 PKCS#8 PEM key (a typo must not quietly start
 * a new key); the default file is generated on first start, and checked when it exists.
 */
export function loadSigningKeyFile(env: NodeJS.ProcessEnv, dataDir: string): string {
  const explicit = env.LEDGER_SIGNING_KEY_FILE?.trim();
  const file = explicit ? resolve(explicit) : defaultSigningKeyFile(dataDir);
  if (explicit && !existsSync(file))
    throw new ConfigError(
      `LEDGER_SIGNING_KEY_FILE: ${file} does not exist (create one with: openssl genpkey -algorithm ed25519 -out ${file}; or unset it to use ${defaultSigningKeyFile(dataDir)})`,
    );
  if (existsSync(file)) {
    try {
      readSigningKey(file);
    } catch (error) {
      if (error instanceof SigningKeyError) throw new ConfigError(`${explicit ? 'LEDGER_SIGNING_KEY_FILE' : 'signing key'}: ${error.message}`);
      throw error;
    }
  }
  return file;
}

/** KAFKA_BROKERS (host:port, comma-separated) turns Kafka on; the other KAFKA_* refine it. */
export function loadKafkaConfig(env: NodeJS.ProcessEnv = process.env): KafkaConfig | null {
  const brokers = (env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
  if (brokers.length === 0) return null;
  const bad = brokers.find((b) => !/^[\w.-]+:\d{1,5}$/.test(b));
  if (bad !== undefined) throw new ConfigError(`KAFKA_BROKERS must be host:port[,host:port…], got '${bad}'`);
  const topic = env.KAFKA_TOPIC?.trim() || 'ledger.events';
  if (!/^[\w.-]{1,249}$/.test(topic)) throw new ConfigError(`KAFKA_TOPIC must be 1-249 of letters, digits, '.', '_', '-', got '${topic}'`);
  const partitions = Number(env.KAFKA_PARTITIONS ?? 6);
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 1000)
    throw new ConfigError(`KAFKA_PARTITIONS must be an integer 1-1000, got '${env.KAFKA_PARTITIONS}'`);
  const groupId = env.KAFKA_GROUP_ID?.trim() || 'campaign-ledger-projector';
  return { brokers, topic, partitions, groupId };
}

export const LEDGER_CONFIG = Symbol('LedgerConfig');
