import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { fromRecordValue } from '../../src/messaging/kafka-envelope.js';
import type { StoredEvent } from '../../src/event-store/event-store.port.js';

const root = resolve(import.meta.dirname, '../..');

/** Why the Kafka suite cannot run here, or null when it can (a broker and PostgreSQL). */
export function kafkaSkipReason(): string | null {
  if (!process.env.KAFKA_BROKERS) return 'KAFKA_BROKERS is not set (start a broker with scripts/kafka.sh start; .ci/run does)';
  if (!process.env.DATABASE_URL) return 'DATABASE_URL is not set (the projector workers share PostgreSQL)';
  return null;
}

/**
 * The broker scripts/kafka.sh runs on KAFKA_BROKERS' port: stop and start it again on the same
 * data, mid-test. Null when that broker is not the script's (e.g. one in Docker).
 */
export function scriptBroker(): { stop: () => void; start: () => void } | null {
  const port = process.env.KAFKA_BROKERS?.split(',')[0].split(':')[1];
  const env = { ...process.env, KAFKA_PORT: port };
  const run = (command: string) =>
    execFileSync('bash', [resolve(root, 'scripts/kafka.sh'), command], { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  try {
    run('status');
  } catch {
    return null;
  }
  return { stop: () => run('stop'), start: () => run('start') };
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export interface TopicRecord {
  partition: number;
  offset: number;
  key: string;
  headers: Record<string, string>;
  event: StoredEvent;
}

/** Everything on the topic, partition by partition in offset order (read with a throw-away group). */
export async function readTopic(brokers: string[], topic: string): Promise<TopicRecord[]> {
  const kafka = new Kafka({ clientId: 'ledger-test-reader', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.high)]));
  await admin.disconnect();
  const records: TopicRecord[] = [];
  const reached = () => [...ends].every(([partition, end]) => end === 0 || records.some((r) => r.partition === partition && r.offset === end - 1));
  if (reached()) return records;
  const consumer = kafka.consumer({ groupId: `ledger-test-reader-${Date.now()}-${Math.random().toString(36).slice(2)}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`topic ${topic} not read to its end within 60 s`)), 60_000);
    void consumer.run({
      eachMessage: async ({ partition, message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        records.push({ partition, offset: Number(message.offset), key: message.key!.toString(), headers, event: fromRecordValue(message.value!) });
        if (reached()) {
          clearTimeout(timer);
          done();
        }
      },
    });
  });
  await consumer.disconnect();
  return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

/** A child process of ours (the API server or a projector worker), its output kept for assertions and failures. */
export class Child {
  readonly process: ChildProcess;
  output = '';

  constructor(
    readonly name: string,
    args: string[],
    env: NodeJS.ProcessEnv,
  ) {
    this.process = spawn(
      process.execPath,
      args.map((a) => (a.endsWith('.js') ? resolve(root, a) : a)),
      { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // eslint-disable-next-line no-control-regex -- strips the broker's ANSI colour codes
    const keep = (chunk: Buffer) => (this.output += chunk.toString().replace(/\x1b\[[0-9;]*m/g, ''));
    this.process.stdout!.on('data', keep);
    this.process.stderr!.on('data', keep);
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  async stop(signal: NodeJS.Signals): Promise<void> {
    if (!this.running) return;
    const exited = new Promise<void>((done) => this.process.once('exit', () => done()));
    this.process.kill(signal);
    await exited;
  }

  /** Lines of its output matching `pattern`. */
  lines(pattern: RegExp): string[] {
    return this.output.split('\n').filter((line) => pattern.test(line));
  }
}

export async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, children: Child[] = [], everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    for (const child of children)
      if (!child.running)
        throw new Error(
          `${child.name} exited (${child.process.exitCode ?? child.process.signalCode}) while waiting for ${what}:\n${child.output.slice(-3000)}`,
        );
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${children.map((c) => `--- ${c.name}:\n${c.output.slice(-2000)}`).join('\n')}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
