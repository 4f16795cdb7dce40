import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { NewEvent } from '../src/event-store/event-store.port.js';
import { PGliteSqlClient, type EmbeddedDurability } from '../src/event-store/postgres/pglite-sql-client.js';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store.js';
import { uuidv7 } from '../src/event-store/uuid-v7.js';
import { runFor, scorePayload } from './stats.js';

const USAGE = `usage: node dist/bench/durability.js [--modes none,commit,group] [--writers 16] [--rounds 8] [--seconds 1] [--batch 1] [--respond]

What durability costs the embedded store's write path (README, Durability). One fresh data
directory (under .tmp/) per durability mode, each through the event store; then --rounds rounds in
which every mode in turn (the order rotating) runs appends of --batch events by --writers
concurrent writers on their own streams for --seconds. Interleaving keeps the comparison fair on a
machine whose speed drifts; the ratio to the first mode is taken round by round.
  none    PGlite as shipped: fsync off, nothing reaches the disk
  commit  one WAL flush (fsync) at every commit (synchronous_commit = on)
  group   one WAL flush shared by every write committed meanwhile (the default)
--respond records the command's response in the append's transaction, as HTTP writes do.
Prints one JSON line per mode: appends/s (median, min, max over the rounds), the median ratio to
the first mode, p50/p99 latency (ms, all rounds), fsyncs per append.`;

interface Subject {
  mode: EmbeddedDurability;
  client: PGliteSqlClient;
  store: PostgresEventStore;
  versions: number[];
  rates: number[];
  latencies: number[];
  appends: number;
  fsyncs: number;
  fsyncMs: number;
  openMs: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      modes: { type: 'string', default: 'none,commit,group' },
      writers: { type: 'string', default: '16' },
      rounds: { type: 'string', default: '8' },
      seconds: { type: 'string', default: '1' },
      batch: { type: 'string', default: '1' },
      respond: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);
  const modes = values.modes.split(',').map((m) => m.trim()) as EmbeddedDurability[];
  if (modes.some((m) => !['group', 'commit', 'none'].includes(m))) throw new Error(USAGE);
  const writers = Number(values.writers);
  const rounds = Number(values.rounds);
  const seconds = Number(values.seconds);
  const batch = Number(values.batch);
  const root = resolve('.tmp');
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(join(root, 'bench-durability-'));
  const subjects: Subject[] = [];
  try {
    for (const mode of modes) {
      const opened = performance.now();
      const client = await PGliteSqlClient.open(join(dir, mode), { durability: mode });
      const store = new PostgresEventStore(client);
      await store.init();
      subjects.push({
        mode,
        client,
        store,
        versions: new Array<number>(writers).fill(0),
        rates: [],
        latencies: [],
        appends: 0,
        fsyncs: 0,
        fsyncMs: 0,
        openMs: performance.now() - opened,
      });
    }
    const event = (i: number): NewEvent => ({ type: 'ScoreEntryRecorded', schemaVersion: 2, data: scorePayload(i) });
    const burst = async (s: Subject) => {
      const before = s.client.syncs.fsyncs;
      const beforeMs = s.client.syncs.ms;
      const result = await runFor(seconds, writers, async (w, i) => {
        const commandId = uuidv7();
        const appended = await s.store.append(
          `bench-${w}`,
          Array.from({ length: batch }, (_, k) => event(i * batch + k)),
          {
            expectedVersion: s.versions[w] === 0 ? 'no-stream' : s.versions[w],
            metadata: { actor: 'bench', commandId, correlationId: commandId, causationId: null },
            ...(values.respond
              ? { command: { id: commandId, fingerprint: 'bench', respond: (r: { streamId: string; version: number; position: number }) => ({ ...r }) } }
              : {}),
          },
        );
        if (appended.replayed) throw new Error('unexpected replay');
        s.versions[w] = appended.version;
        return 1;
      });
      s.fsyncs += s.client.syncs.fsyncs - before;
      s.fsyncMs += s.client.syncs.ms - beforeMs;
      s.appends += result.units;
      s.rates.push(result.units / result.seconds);
      for (let p = 1; p <= 99; p++) s.latencies.push(result.latencies.percentile(p));
    };
    for (const s of subjects) await burst(s); // warm-up, not counted
    for (const s of subjects) {
      s.rates = [];
      s.latencies = [];
      s.appends = 0;
      s.fsyncs = 0;
      s.fsyncMs = 0;
    }
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < subjects.length; k++) await burst(subjects[(round + k) % subjects.length]);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    for (const s of subjects) {
      const ratios = s.rates.map((r, i) => r / subjects[0].rates[i]);
      const sorted = [...s.latencies].sort((a, b) => a - b);
      console.log(
        JSON.stringify({
          mode: s.mode,
          writers,
          batch,
          respond: values.respond,
          rounds,
          seconds,
          appendsPerSecond: { median: Math.round(median(s.rates)), min: Math.round(Math.min(...s.rates)), max: Math.round(Math.max(...s.rates)) },
          eventsPerSecond: Math.round(median(s.rates) * batch),
          [`vs ${subjects[0].mode}`]: Number(median(ratios).toFixed(2)),
          p50: Number(sorted[Math.floor(sorted.length * 0.5)].toFixed(2)),
          p99: Number(sorted[Math.floor(sorted.length * 0.99)].toFixed(2)),
          fsyncsPerAppend: Number((s.fsyncs / s.appends).toFixed(3)),
          msPerFsync: s.fsyncs ? Number((s.fsyncMs / s.fsyncs).toFixed(2)) : null,
          openMs: Math.round(s.openMs),
        }),
      );
    }
  } finally {
    for (const s of subjects) await s.store.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
