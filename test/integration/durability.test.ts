import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGliteSqlClient } from '../../src/event-store/postgres/pglite-sql-client.js';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.js';
import { uuidv7 } from '../../src/event-store/uuid-v7.js';
import { buildForChildren } from '../support/child-build.js';
import { call, startChildServer, stopChild } from '../support/child-server.js';
import { freshDataDir } from '../support/databases.js';
import { checkAcknowledgements, parseStrace, straceUnavailable } from '../support/strace.js';

// Issue 11, part 2: an acknowledged write survives a power cut. PGlite as shipped never flushes
// (fsync = off, and its NODEFS has no fsync); the embedded store now runs PostgreSQL with fsync on
// through a NODEFS fsync that reaches the disk, and answers a write only after the WAL flush that
// covers it (README, Durability).

const metadata = () => {
  const id = uuidv7();
  return { actor: 'durability-test', commandId: id, correlationId: id, causationId: null };
};
const event = (i: number) => ({ type: 'UnitRegistered', schemaVersion: 1, data: { unitId: `u-${i}`, name: `Unit ${i}`, kind: 'ministry' } });

describe('the embedded store flushes the WAL before it answers (in process)', () => {
  const data = freshDataDir('ledger-durability');
  let client: PGliteSqlClient;
  let store: PostgresEventStore;

  beforeAll(async () => {
    client = await PGliteSqlClient.open(data.dir);
    store = new PostgresEventStore(client);
    await store.init();
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    data.remove();
  });

  it('runs PostgreSQL with fsync on, the WAL flushed by fsync()', async () => {
    const {
      rows: [settings],
    } = await client.query<Record<string, string>>(
      "SELECT current_setting('fsync') AS fsync, current_setting('wal_sync_method') AS method, current_setting('synchronous_commit') AS commit",
    );
    expect(settings).toEqual({ fsync: 'on', method: 'fsync', commit: 'on' });
    expect(client.status).toEqual({ state: 'ready' });
  });

  // As every HTTP write appends: with the command's response, in a transaction of its own.
  const append = (streamId: string, i: number) => {
    const meta = metadata();
    return store.append(streamId, [event(i)], {
      expectedVersion: 'no-stream',
      metadata: meta,
      command: { id: meta.commandId, fingerprint: 'durability-test', respond: (w) => ({ position: w.position }) },
    });
  };

  it('answers each append after a flush, and one flush serves the appends that commit together', async () => {
    // One at a time: a flush each, before the append answers; a plain one (its own commit) too.
    for (let i = 0; i < 5; i++) {
      const before = client.syncs.fsyncs;
      await append(`seq-${i}`, i);
      expect(client.syncs.fsyncs).toBeGreaterThan(before);
      const plain = client.syncs.fsyncs;
      await store.append(`plain-${i}`, [event(i)], { expectedVersion: 'no-stream', metadata: metadata() });
      expect(client.syncs.fsyncs).toBeGreaterThan(plain);
    }
    // Sixteen at once: they queue behind one another, and the flush queued after the first covers all.
    const before = client.syncs.fsyncs;
    const flushesSeen: number[] = [];
    await Promise.all(Array.from({ length: 16 }, (_, i) => append(`burst-${i}`, i).then(() => flushesSeen.push(client.syncs.fsyncs - before))));
    const flushes = client.syncs.fsyncs - before;
    console.log(`durability: 16 concurrent appends, ${flushes} WAL flush(es); sequential appends, one each`);
    expect(flushesSeen.every((n) => n >= 1)).toBe(true);
    expect(flushes).toBeGreaterThanOrEqual(1);
    expect(flushes).toBeLessThanOrEqual(2);
  });

  it('makes a read that could see an unflushed commit wait for its flush', async () => {
    const before = client.syncs.fsyncs;
    const written = append('read-after', 0);
    // Queued behind the append: it sees the commit, so it answers only after the flush.
    const read = client
      .query<{ n: number }>('SELECT count(*)::int AS n FROM ledger_events WHERE stream_id = $1', ['read-after'])
      .then((r) => ({ n: r.rows[0].n, flushes: client.syncs.fsyncs - before }));
    const [, seen] = await Promise.all([written, read]);
    expect(seen).toEqual({ n: 1, flushes: 1 });
  });
});

const unavailable = straceUnavailable();
if (unavailable) console.warn(`durability: the strace test is skipped: ${unavailable}`);
const withStrace = unavailable ? describe.skip : describe;

withStrace(`an acknowledged write is on disk first: strace of a server process${unavailable ? `: skipped, ${unavailable}` : ''}`, () => {
  let build: Awaited<ReturnType<typeof buildForChildren>>;
  const data = freshDataDir('ledger-durability-strace');

  beforeAll(async () => {
    build = await buildForChildren();
  }, 60_000);

  afterAll(() => {
    build?.remove();
    data.remove();
  });

  it('answers every write 201 only after an fsync of the WAL it wrote since the request', async () => {
    const traceFile = join(data.dir, 'strace.txt');
    const server = await startChildServer({
      buildDir: build.dir,
      dataDir: join(data.dir, 'data'),
      wrap: ['strace', '-f', '--seccomp-bpf', '-y', '-s', '48', '-e', 'trace=read,write,writev,pwrite64,fsync,fdatasync', '-o', traceFile],
      timeoutMs: 90_000,
    });
    const written: number[] = [];
    try {
      // One at a time, then twenty at once (their flushes may be shared).
      for (let i = 0; i < 20; i++) {
        // One root (the unit rules): the first is the Ministry, the others provinces under it.
        const place = i === 0 ? { kind: 'ministry' } : { kind: 'province', parentId: 'seq-0' };
        const res = await call(server.base, 'POST', '/api/units', { id: `seq-${i}`, name: `Đơn vị ${i}`, ...place });
        expect(res.status).toBe(201);
        written.push(res.body.position as number);
      }
      const burst = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          call(server.base, 'POST', '/api/units', { id: `burst-${i}`, name: `Đơn vị ${i}`, kind: 'province', parentId: 'seq-0' }),
        ),
      );
      expect(burst.map((r) => r.status)).toEqual(burst.map(() => 201));
    } finally {
      // SIGTERM to the server (the first process strace traced), not to strace.
      const pid = Number(/^(\d+)\s/.exec(readFileSync(traceFile, 'utf8'))?.[1] ?? server.process.pid);
      const stopped = await stopChild(server, pid);
      expect(stopped.killed).toBe(false);
    }
    const check = checkAcknowledgements(parseStrace(readFileSync(traceFile, 'utf8')));
    console.log(
      `durability (strace): ${check.acks} writes acknowledged, ${check.walFlushes} fsyncs of the WAL, ${check.groups} flush groups before acknowledgements, ${check.violations.length} violations`,
    );
    expect(check.violations).toEqual([]);
    expect(check.acks).toBe(40);
    expect(check.groups).toBeGreaterThanOrEqual(1);
    expect(check.walFlushes).toBeGreaterThanOrEqual(check.groups);
  }, 150_000);
});
