import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { projections } from '../../projections/index.js';
import { ProjectionRunner } from '../../projections/runner/projection-runner.js';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { recordKey } from '../../src/messaging/kafka-envelope.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { TEST_ADMIN_TOKEN, testConfig, withToken } from '../support/app.js';
import { freshDatabase, freshDataDir } from '../support/databases.js';
import { Child, freePort, kafkaSkipReason, readTopic, scriptBroker, until } from '../support/kafka.js';
import { campaign as fixtureCampaign, units } from '../support/fixtures.js';
import { appendConcurrently, appendPlanned, MixedLog } from '../support/mixed-log.js';
import { readModelTables, tableHashes, waitCaughtUp } from './read-model-hashes.js';
import { relayCheckpointName } from '../../src/messaging/kafka-relay.js';

/**
 * On a real broker (scripts/kafka.sh) and real PostgreSQL, with the real API server and projector
 * workers as child processes: the relay loses nothing across a broker restart and a relay crash
 * (kill -9), and workers sharing the partitions build the read models the in-process runner builds.
 */
const skip = kafkaSkipReason();
if (skip) console.warn(`kafka: skipped: ${skip}`);
const suite = skip ? describe.skip : describe;

const root = resolve(import.meta.dirname, '../..');
const PARTITIONS = 4;

suite(`Kafka relay and projector workers (real broker, PostgreSQL)${skip ? `: skipped, ${skip}` : ''}`, () => {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const topic = `ledger.events.test-${suffix}`;
  const dataDir = freshDataDir('ledger-kafka');
  const log = new MixedLog();
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let storage: Storage;
  let server: Child | null = null;
  let port = 0;
  const workers: Child[] = [];
  const measured: string[] = [];

  const kafkaEnv = (extra: NodeJS.ProcessEnv = {}) => ({
    ...process.env,
    DATABASE_URL: database.url,
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC: topic,
    KAFKA_PARTITIONS: String(PARTITIONS),
    KAFKA_GROUP_ID: `projectors-${suffix}`,
    LOG_LEVEL: 'log',
    LEDGER_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    ...extra,
  });
  const startServer = () => (server = new Child('api', ['dist/src/main.js'], kafkaEnv({ PORT: String(port), HOST: '127.0.0.1', PROJECTIONS: 'off' })));
  const startWorker = (name: string) => {
    const worker = new Child(name, ['dist/src/cli/projector.js', '--source', 'kafka'], kafkaEnv());
    workers.push(worker);
    return worker;
  };
  /**
   * The head once every committed event is deliverable: a transaction anywhere on the server (other
   * suites, other databases) holds back delivery of later positions, never loses them.
   */
  const settledHead = async () => {
    let head = 0;
    await until(
      'every committed event to be deliverable',
      async () => {
        head = await storage.store.headPosition();
        const [{ max }]: { max: string | null }[] = await storage.dataSource.query('SELECT max(position) AS max FROM ledger_events');
        return head === Number(max ?? 0);
      },
      120_000,
      [],
      20,
    );
    return head;
  };
  const relayCheckpoint = async () =>
    Number(
      (await storage.dataSource.query('SELECT coalesce(max(position), 0) AS p FROM processor_checkpoints WHERE name = $1', [relayCheckpointName(topic)]))[0].p,
    );
  const relayReport = async () =>
    (await fetch(`http://127.0.0.1:${port}/api/projections/relay`, { headers: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` } })).json() as Promise<{
      status: string;
      checkpoint: number;
      lag: { events: number };
    }>;
  const watermark = async () =>
    Number(
      (
        await storage.dataSource.query('SELECT coalesce(min(position), 0) AS p FROM processor_checkpoints WHERE name = ANY($1::text[])', [
          projections.map((p) => p.name),
        ])
      )[0].p,
    );
  /** The partitions a worker said it holds last. */
  const assigned = (worker: Child) => {
    const last = worker.lines(/assigned partitions \[/).at(-1);
    return last === undefined ? null : (JSON.parse(/\[([\d,]*)\]/.exec(last)![0]) as number[]);
  };
  const writing: { halt: () => void; done: Promise<number> }[] = [];
  /** Writers running in the background until the returned function is called (it resolves with the count). */
  const keepWriting = (pauseMs = 20) => {
    let stop = false;
    const done = appendConcurrently(storage.store, log, { writers: 4, until: () => stop, pauseMs });
    const halt = () => (stop = true);
    writing.push({ halt, done });
    return async () => {
      halt();
      return done;
    };
  };
  let brokerStopped: { start: () => void } | null = null;

  beforeAll(async () => {
    if (!existsSync(resolve(root, 'dist/src/cli/projector.js'))) {
      execFileSync(process.execPath, [resolve(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
    }
    database = await freshDatabase('ledger_kafka');
    storage = await openStorage({ databaseUrl: database.url, dataDir: dataDir.dir });
    await appendPlanned(storage.store, log.setup());
    port = await freePort();
  }, 60_000);

  afterAll(async () => {
    for (const { halt } of writing) halt();
    await Promise.allSettled(writing.map(({ done }) => done));
    brokerStopped?.start();
    for (const child of [server, ...workers]) await child?.stop('SIGKILL');
    if (measured.length > 0) console.log(`kafka: ${measured.join('; ')}`);
    await storage?.close();
    await database?.drop();
    dataDir.remove();
  });

  it('puts every event on the topic at least once, in log order per key, across a broker restart and a relay crash', async () => {
    const testStarted = performance.now();
    const broker = scriptBroker();
    if (!broker) console.warn('kafka: the broker is not the one scripts/kafka.sh runs: the broker-restart step is left out');
    startServer();
    const stopWriting = keepWriting();
    await until('the relay to deliver', async () => (await relayCheckpoint()) >= 300, 30_000, [server!]);

    // 1. The broker goes away mid-stream; writes go on; it comes back on the same data.
    if (broker) {
      const outage = performance.now();
      broker.stop();
      brokerStopped = broker;
      const atStop = await relayCheckpoint();
      await until('the relay to report the broker gone', async () => (await relayReport()).status === 'retrying', 20_000, [server!]);
      await new Promise((r) => setTimeout(r, 1000));
      expect((await relayReport()).lag.events).toBeGreaterThan(0);
      expect(await relayCheckpoint()).toBe(atStop);
      broker.start();
      brokerStopped = null;
      const restarted = performance.now();
      await until('the relay to deliver again after the broker restart', async () => (await relayCheckpoint()) > atStop, 60_000, [server!], 10);
      measured.push(
        `broker away for ${((restarted - outage) / 1000).toFixed(1)} s; relay delivering ${((performance.now() - restarted) / 1000).toFixed(1)} s after the broker was up`,
      );
      expect(server!.lines(/KafkaRelay.*cannot deliver after position/).length).toBeGreaterThan(0);
      await until('the relay to log its recovery', () => server!.lines(/KafkaRelay.*delivering again after/).length > 0, 10_000, [server!]);
    }

    // 2. The relay dies between the broker's acknowledgement and its checkpoint (kill -9 of the API
    // process while the test holds the relay's partitions table locked, written in the transaction
    // of its checkpoint, so the acknowledged batch cannot be recorded); writes go on; it restarts and must send that batch again. A table lock, not a row
    // lock: a row lock takes a transaction id, and a long-lived one holds back the gap-safe horizon
    // of every store on this server (other suites running meanwhile would see their heads stall).
    await until('the relay to catch up after the outage', async () => (await relayCheckpoint()) >= (await storage.store.headPosition()) - 50, 60_000, [
      server!,
    ]);
    const lock = new pg.Client({ connectionString: database.url });
    lock.on('error', () => undefined);
    await lock.connect();
    let atCrash: number;
    try {
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE kafka_relay_partitions IN EXCLUSIVE MODE');
      atCrash = await relayCheckpoint();
      const blocked = async () =>
        Number(
          (
            await storage.dataSource.query(
              `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO kafka_relay_partitions%'`,
            )
          )[0].n,
        ) > 0;
      await until('the relay, its batch acknowledged, to wait on its checkpoint', blocked, 30_000, [server!]);
      await server!.stop('SIGKILL');
      await lock.query('ROLLBACK');
    } finally {
      await lock.end();
    }
    expect(await relayCheckpoint()).toBe(atCrash);
    await new Promise((r) => setTimeout(r, 500));
    startServer();
    const total = await stopWriting();
    const head = await settledHead();
    expect(head).toBeGreaterThan(atCrash);
    await until('the relay to catch up with the log', async () => (await relayCheckpoint()) >= head, 60_000, [server!]);

    // Everything in the log is on the topic, as the store has it.
    const events = [];
    for (
      let page = await storage.store.readAll({ after: 0, limit: 5000 });
      page.length > 0;
      page = await storage.store.readAll({ after: page.at(-1)!.position, limit: 5000 })
    )
      events.push(...page);
    expect(events.length).toBeGreaterThan(total);
    expect(events.at(-1)!.position).toBe(head);
    const records = await readTopic(brokers, topic);
    const firstOf = new Map<number, (typeof records)[number]>();
    for (const r of records) if (!firstOf.has(r.event.position)) firstOf.set(r.event.position, r);
    expect(events.filter((e) => !firstOf.has(e.position)).map((e) => e.position)).toEqual([]);
    const unlike = events.filter((event) => {
      const record = firstOf.get(event.position)!;
      return (
        !isDeepStrictEqual(record.event, event) ||
        record.key !== recordKey(event.streamId) ||
        !isDeepStrictEqual(record.headers, { type: event.type, id: event.id, position: String(event.position) })
      );
    });
    expect(unlike.map((e) => e.position)).toEqual([]);
    expect(firstOf.get(head)!.event).toEqual(events.at(-1));
    // One partition per key; within it, the key's events in log order, a re-sent stretch only ever
    // repeating earlier ones: dropping what is at or below the highest position seen gives the log.
    const byKey = new Map<string, typeof records>();
    for (const r of records) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
    expect(byKey.size).toBeGreaterThan(30);
    for (const [key, keyed] of byKey) {
      expect(new Set(keyed.map((r) => r.partition)).size).toBe(1);
      let highest = 0;
      const fresh: number[] = [];
      for (const r of keyed) {
        if (r.event.position > highest) fresh.push((highest = r.event.position));
      }
      expect({ key, positions: fresh }).toEqual({ key, positions: events.filter((e) => recordKey(e.streamId) === key).map((e) => e.position) });
    }
    const duplicates = records.length - firstOf.size;
    expect(duplicates).toBeGreaterThan(0);
    measured.push(`checks done at ${Math.round((performance.now() - testStarted) / 1000)} s`);
    measured.push(
      `${events.length} events, ${records.length} records on ${PARTITIONS} partitions (${duplicates} re-sent after the crash at checkpoint ${atCrash})`,
    );

    // Throughput: the relay stopped (SIGTERM), a backlog appended, the relay started: how fast it drains.
    await server!.stop('SIGTERM');
    // Nest closes the application (the relay stops before the storage closes), then re-raises the signal.
    expect(server!.lines(/KafkaRelay.*stopped at position/).length).toBe(1);
    await appendPlanned(
      storage.store,
      Array.from({ length: 2500 }, () => log.next()),
    );
    const backlogHead = await settledHead();
    const stoppedAt = await relayCheckpoint();
    startServer();
    await until('the relay to start draining', async () => (await relayCheckpoint()) > stoppedAt, 30_000, [server!], 5);
    const [drainFrom, started] = [await relayCheckpoint(), performance.now()];
    await until('the backlog on the topic', async () => (await relayCheckpoint()) >= backlogHead, 60_000, [server!], 5);
    const seconds = (performance.now() - started) / 1000;
    // Latency: single appends, the relay live, from the append's return to the broker's acknowledgement recorded.
    const latencies: number[] = [];
    for (let i = 0; i < 11; i++) {
      const { streamId, events: single } = log.next();
      const t0 = performance.now();
      const written = await storage.store.append(streamId, single, {
        expectedVersion: 'any',
        metadata: { actor: 'test', commandId: `latency-${i}-${suffix}`, correlationId: `latency-${i}`, causationId: null },
      });
      const at = written.replayed ? 0 : written.position;
      await until('a single event on the topic', async () => (await relayCheckpoint()) >= at, 30_000, [server!], 2);
      latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    measured.push(
      `relay drained ${backlogHead - drainFrom} events in ${seconds.toFixed(2)} s (${Math.round((backlogHead - drainFrom) / seconds)} events/s); append→acknowledged median ${latencies[5].toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms`,
    );
    const finalHead = await settledHead();
    await until('the relay at the head', async () => (await relayCheckpoint()) >= finalHead, 30_000, [server!]);
    expect(await relayReport()).toMatchObject({ status: 'live', checkpoint: finalHead, lag: { events: 0, seconds: 0 } });
  }, 420_000);

  afterEach(async () => {
    // A failed test must not leave its writers appending under the next one.
    for (const { halt } of writing) halt();
    await Promise.allSettled(writing.map(({ done }) => done));
  });

  it('relays from the embedded store too: writes through HTTP arrive on the topic', async () => {
    const embeddedTopic = `${topic}.embedded`;
    const embeddedDir = freshDataDir('ledger-kafka-embedded');
    const app = await createApp(
      {
        ...testConfig(null, embeddedDir.dir),
        kafka: { brokers, topic: embeddedTopic, partitions: 2, groupId: `embedded-${suffix}` },
      },
      { logger: false },
    );
    try {
      await app.listen(0, '127.0.0.1');
      const http = () => withToken(request(app.getHttpServer()), TEST_ADMIN_TOKEN);
      const registered: number[] = [];
      for (const unit of Object.values(units)) registered.push((await http().post('/api/units').send(unit).expect(201)).body.position);
      const launched = await http().post('/api/campaigns').send(fixtureCampaign).expect(201);
      await until('the relay to catch up', async () => (await http().get('/api/projections/relay')).body.checkpoint >= launched.body.position, 30_000);
      const status = await http().get('/api/projections/relay').expect(200);
      expect(status.body).toMatchObject({ enabled: true, topic: embeddedTopic, partitions: 2, status: 'live', lag: { events: 0 } });
      const records = await readTopic(brokers, embeddedTopic);
      const onTopic = records.map((r) => [r.key, r.event.type, r.event.position]).sort((x, y) => (x[2] as number) - (y[2] as number));
      // The bootstrap administrator's account comes first; a password hash never reaches the topic.
      expect(onTopic.filter(([key]) => (key as string).startsWith('account:')).map(([, type]) => type)).toEqual([
        'AccountCreated',
        'RoleGranted',
        'RoleGranted',
        'TokenIssued',
      ]);
      expect(onTopic.filter(([key]) => !(key as string).startsWith('account:'))).toEqual([
        ...Object.values(units).map((u, i) => [`unit:${u.id}`, 'UnitRegistered', registered[i]]),
        [fixtureCampaign.id, 'CampaignLaunched', launched.body.position],
      ]);
    } finally {
      await app.close();
      embeddedDir.remove();
    }
  }, 60_000);

  it('two workers share the partitions, hand them over when one stops or dies, and build what the in-process runner builds', async () => {
    expect(server?.running).toBe(true);
    const a = startWorker('worker-a');
    await until('worker a to take the partitions', () => assigned(a)?.length === PARTITIONS, 30_000, [a]);
    const b = startWorker('worker-b');
    const shared = (x: Child, y: Child) => {
      const [px, py] = [assigned(x), assigned(y)];
      return px !== null && py !== null && px.length > 0 && py.length > 0 && [...px, ...py].sort().join() === [0, 1, 2, 3].join();
    };
    await until('a and b to share the partitions', () => shared(a, b), 30_000, [a, b]);
    const stopWriting = keepWriting();
    await until('the workers to apply', async () => (await watermark()) > 1000, 60_000, [a, b, server!]);

    // A clean stop hands a's partitions to b at once.
    const beforeStop = Date.now();
    await a.stop('SIGTERM');
    expect(a.process.exitCode).toBe(0);
    await until('b to take every partition', () => assigned(b)?.length === PARTITIONS, 30_000, [b]);
    measured.push(`handover after SIGTERM: ${Date.now() - beforeStop} ms`);

    // A third worker joins; then b is killed (kill -9): c takes its partitions once b's session times out.
    const c = startWorker('worker-c');
    await until('b and c to share the partitions', () => shared(b, c), 30_000, [b, c]);
    const progressed = await watermark();
    await until('more to apply', async () => (await watermark()) > progressed + 200, 60_000, [b, c]);
    const beforeKill = Date.now();
    await b.stop('SIGKILL');
    await until('c to take every partition', () => assigned(c)?.length === PARTITIONS, 60_000, [c]);
    measured.push(`takeover after kill -9: ${Date.now() - beforeKill} ms (session timeout 10 s)`);

    await stopWriting();
    const head = await settledHead();
    await until('the relay to reach the head', async () => (await relayCheckpoint()) >= head, 60_000, [server!]);
    const t0 = Date.now();
    await until('the workers to reach the head', async () => (await watermark()) >= head, 60_000, [c]);
    measured.push(`workers at the head ${Date.now() - t0} ms after the relay`);
    await c.stop('SIGTERM');
    expect(c.lines(/projector: stopped; applied/).length).toBe(1);

    const fromWorkers = await tableHashes(storage.dataSource);
    expect(fromWorkers.rm_score_events).not.toMatch(/^0:/);
    const scorePositions = async () =>
      ((await storage.dataSource.query('SELECT position FROM rm_score_events ORDER BY position')) as { position: string }[]).map((r) => Number(r.position));
    const appliedByWorkers = await scorePositions();

    // The same log through the in-process runner, in the same database, from nothing.
    await storage.dataSource.query(`TRUNCATE ${readModelTables().join(', ')}`);
    await storage.dataSource.query('DELETE FROM processor_checkpoints WHERE name = ANY($1::text[])', [projections.map((p) => p.name)]);
    const runner = new ProjectionRunner(storage.store, storage.dataSource, projections);
    await runner.start();
    await waitCaughtUp(storage.store, storage.dataSource, 60_000);
    await runner.stop();
    const appliedByRunner = await scorePositions();
    // On a mismatch, name the score events one side lacks (an empty pair when the difference is elsewhere).
    expect([appliedByRunner.filter((p) => !appliedByWorkers.includes(p)), appliedByWorkers.filter((p) => !appliedByRunner.includes(p))]).toEqual([[], []]);
    expect(await tableHashes(storage.dataSource)).toEqual(fromWorkers);
  }, 300_000);
});
