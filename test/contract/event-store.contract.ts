import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import {
  ClaimTakenError,
  ConcurrencyError,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type StoredEvent,
} from '../../src/event-store/event-store.port.js';
import { UUID_V7_PATTERN } from '../../src/event-store/uuid-v7.js';

export interface ContractStore {
  store: EventStore;
  cleanup: () => Promise<void>;
}

/** Unique per run, so that suites never see each other's streams. */
const run = Math.random().toString(36).slice(2, 8);
let sequence = 0;
const uniqueId = (prefix: string) => `${prefix}-${run}-${++sequence}`;

export function metadata(commandId = uniqueId('cmd')): EventMetadata {
  return { actor: 'user:alice', commandId, correlationId: `corr-${commandId}`, causationId: null };
}

export function newEvents(count: number, type = 'Tested'): NewEvent[] {
  return Array.from({ length: count }, (_, i) => ({ type, data: { i, text: `event "${i}" \\ tiếng Việt` } }));
}

function written(result: AppendResult) {
  if (result.replayed) throw new Error('expected a write, got a replay');
  return result;
}

/** Every deliverable event after `after`, page by page. */
export async function readAllFrom(store: EventStore, after: number, limit = 1000): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after, limit });
    if (page.length === 0) return all;
    all.push(...page);
    after = page[page.length - 1].position;
  }
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * The store, except that an append resolves once its events are deliverable by readAll. The log
 * is gap-safe, so a committed event becomes deliverable only when every transaction on the server
 * that began before it has ended; on a shared server (other suites, other databases) that can be a
 * few milliseconds after the commit. Tests that read right after appending wait for it this way;
 * the tailing-reader tests use the plain store.
 */
function settledAppends(store: EventStore): EventStore {
  return {
    init: () => store.init(),
    append: async (streamId, events, options) => {
      const result = await store.append(streamId, events, options);
      if (!result.replayed) await waitFor(async () => (await store.headPosition()) >= result.position);
      return result;
    },
    readStream: (streamId, options) => store.readStream(streamId, options),
    streamVersion: (streamId) => store.streamVersion(streamId),
    readAll: (options) => store.readAll(options),
    headPosition: () => store.headPosition(),
    positionAt: (timestamp) => store.positionAt(timestamp),
    findCommand: (commandId) => store.findCommand(commandId),
    claimHolder: (claim) => store.claimHolder(claim),
    subscribe: (options) => store.subscribe(options),
    close: () => store.close(),
  };
}

export function eventStoreContract(name: string, makeStore: () => Promise<ContractStore>): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      const made = await makeStore();
      store = settledAppends(made.store);
      cleanup = made.cleanup;
    });
    afterAll(async () => {
      await cleanup?.();
    });

    it('starts empty', async () => {
      expect(await store.readAll()).toEqual([]);
      expect(await store.headPosition()).toBe(0);
      expect(await store.readStream('nothing-here')).toEqual([]);
      expect(await store.streamVersion('nothing-here')).toBe(0);
      expect(await store.findCommand('no-such-command')).toBeNull();
      expect(await store.claimHolder('no-such-claim')).toBeNull();
    });

    it('init is idempotent', async () => {
      await store.init();
      await Promise.all([store.init(), store.init()]);
    });

    it('round-trips an append through readStream and readAll', async () => {
      const streamId = uniqueId('campaign');
      const meta = { ...metadata(), causationId: 'cause-1', extra: { nested: true } };
      const events: NewEvent[] = [
        { type: 'CampaignOpened', data: { title: 'Thi đua "quý 1"', n: 1, list: [1, 'a', null] } },
        { type: 'CampaignRenamed', schemaVersion: 2, data: { title: 'x\\y' } },
        { type: 'CampaignClosed', data: {} },
      ];
      const before = await store.headPosition();
      const result = written(await store.append(streamId, events, { expectedVersion: 'no-stream', metadata: meta }));
      expect(result.streamId).toBe(streamId);
      expect(result.version).toBe(3);
      expect(result.position).toBe(result.events[2].position);

      const read = await store.readStream(streamId);
      expect(read).toEqual(result.events);
      expect(read.map((e) => e.version)).toEqual([1, 2, 3]);
      expect(read.map((e) => e.type)).toEqual(['CampaignOpened', 'CampaignRenamed', 'CampaignClosed']);
      expect(read.map((e) => e.schemaVersion)).toEqual([1, 2, 1]);
      expect(read.map((e) => e.data)).toEqual(events.map((e) => e.data));
      for (const event of read) {
        expect(event.id).toMatch(UUID_V7_PATTERN);
        expect(event.streamId).toBe(streamId);
        expect(event.metadata).toEqual(meta);
        expect(event.recordedAt).toBeInstanceOf(Date);
        expect(Math.abs(event.recordedAt.getTime() - Date.now())).toBeLessThan(60_000);
        expect(typeof event.position).toBe('number');
        expect(event.position).toBeGreaterThan(before);
      }
      expect(read[1].position).toBeGreaterThan(read[0].position);
      expect(read[2].position).toBeGreaterThan(read[1].position);
      expect(new Set(read.map((e) => e.id)).size).toBe(3);

      expect(await store.streamVersion(streamId)).toBe(3);
      expect(await store.readAll({ after: before })).toEqual(read);
      expect(await store.headPosition()).toBe(result.position);
    });

    it('rejects an empty append', async () => {
      await expect(store.append(uniqueId('empty'), [], { expectedVersion: 'any', metadata: metadata() })).rejects.toThrow();
    });

    it('enforces the expected version', async () => {
      const streamId = uniqueId('expected');
      const meta = metadata();
      written(await store.append(streamId, newEvents(2), { expectedVersion: 'no-stream', metadata: meta }));
      const head = await store.headPosition();

      const conflicts: [ExpectedVersion, number][] = [
        ['no-stream', 2],
        [0, 2],
        [1, 2],
        [3, 2],
      ];
      for (const [expectedVersion, currentVersion] of conflicts) {
        const error = await store.append(streamId, newEvents(1), { expectedVersion, metadata: meta }).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ streamId, expectedVersion, currentVersion });
      }
      const unknown = await store.append(uniqueId('unknown'), newEvents(1), { expectedVersion: 4, metadata: meta }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(unknown).toMatchObject({ name: 'ConcurrencyError', currentVersion: 0, expectedVersion: 4 });

      // Nothing was written by the failed appends.
      expect(await store.readAll({ after: head })).toEqual([]);
      expect(await store.streamVersion(streamId)).toBe(2);

      expect(written(await store.append(streamId, newEvents(1), { expectedVersion: 2, metadata: meta })).version).toBe(3);
      expect(written(await store.append(streamId, newEvents(2), { expectedVersion: 'any', metadata: meta })).version).toBe(5);
      const fresh = uniqueId('any');
      expect(written(await store.append(fresh, newEvents(1), { expectedVersion: 'any', metadata: meta })).version).toBe(1);
      expect((await store.readStream(streamId)).map((e) => e.version)).toEqual([1, 2, 3, 4, 5]);
    });

    it('writes only if the other streams the decision read are still at the versions it read', async () => {
      const meta = metadata();
      const campaign = uniqueId('read-campaign');
      const absent = uniqueId('read-absent');
      const card = uniqueId('read-card');
      written(await store.append(campaign, newEvents(2), { expectedVersion: 'no-stream', metadata: meta }));
      const read = [
        { streamId: campaign, version: 2 },
        { streamId: absent, version: 0 },
      ];
      expect(written(await store.append(card, newEvents(1), { expectedVersion: 'no-stream', metadata: meta, readStreams: read })).version).toBe(1);

      // The campaign moves (say it is closed); a decision resting on version 2 must not be written.
      written(await store.append(campaign, newEvents(1), { expectedVersion: 2, metadata: meta }));
      const head = await store.headPosition();
      const moved = await store.append(card, newEvents(1), { expectedVersion: 1, metadata: meta, readStreams: read }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(moved).toBeInstanceOf(ConcurrencyError);
      expect(moved).toMatchObject({ streamId: campaign, expectedVersion: 2, currentVersion: 3 });
      // A stream read as absent that has appeared since: the same.
      written(await store.append(absent, newEvents(1), { expectedVersion: 'no-stream', metadata: meta }));
      const appeared = await store
        .append(card, newEvents(1), {
          expectedVersion: 1,
          metadata: meta,
          readStreams: [
            { streamId: campaign, version: 3 },
            { streamId: absent, version: 0 },
          ],
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(appeared).toMatchObject({ name: 'ConcurrencyError', streamId: absent, expectedVersion: 0, currentVersion: 1 });
      expect((await store.readAll({ after: head })).map((e) => e.streamId)).toEqual([absent]);
      expect(await store.streamVersion(card)).toBe(1);

      expect(
        written(
          await store.append(card, newEvents(1), {
            expectedVersion: 1,
            metadata: meta,
            readStreams: [
              { streamId: campaign, version: 3 },
              { streamId: absent, version: 1 },
            ],
          }),
        ).version,
      ).toBe(2);
      await expect(store.append(card, newEvents(1), { expectedVersion: 2, metadata: meta, readStreams: [{ streamId: card, version: 2 }] })).rejects.toThrow(
        /readStreams/,
      );
    });

    it('replays a recorded command instead of writing again', async () => {
      const streamId = uniqueId('idempotent');
      const commandId = uniqueId('command');
      const respond = (w: { version: number; position: number }) => ({
        status: 201,
        body: { version: w.version, position: w.position, note: 'créé' },
      });
      const first = written(
        await store.append(streamId, newEvents(2), {
          expectedVersion: 'no-stream',
          metadata: metadata(commandId),
          command: { id: commandId, fingerprint: 'fp-1', respond },
        }),
      );
      const expectedResponse = respond(first);
      const head = await store.headPosition();

      const again = await store.append(streamId, newEvents(2), {
        expectedVersion: 'no-stream',
        metadata: metadata(commandId),
        command: { id: commandId, fingerprint: 'fp-1', respond: () => ({ status: 500 }) },
      });
      expect(again).toEqual({ replayed: true, outcome: { fingerprint: 'fp-1', response: expectedResponse } });

      const other = await store.append(streamId, newEvents(1), {
        expectedVersion: 'any',
        metadata: metadata(commandId),
        command: { id: commandId, fingerprint: 'fp-OTHER', respond },
      });
      expect(other).toEqual({ replayed: true, outcome: { fingerprint: 'fp-1', response: expectedResponse } });

      expect(await store.findCommand(commandId)).toEqual({ fingerprint: 'fp-1', response: expectedResponse });
      expect(await store.readAll({ after: head })).toEqual([]);
      expect(await store.streamVersion(streamId)).toBe(2);
    });

    it('does not record the command when the append fails', async () => {
      const streamId = uniqueId('failed-command');
      await store.append(streamId, newEvents(1), { expectedVersion: 'any', metadata: metadata() });
      const commandId = uniqueId('command');
      const command = { id: commandId, fingerprint: 'fp', respond: () => ({ ok: true }) };
      await expect(store.append(streamId, newEvents(1), { expectedVersion: 'no-stream', metadata: metadata(commandId), command })).rejects.toBeInstanceOf(
        ConcurrencyError,
      );
      expect(await store.findCommand(commandId)).toBeNull();
      const retried = await store.append(streamId, newEvents(1), { expectedVersion: 1, metadata: metadata(commandId), command });
      expect(retried.replayed).toBe(false);
    });

    it('lets exactly one of concurrent duplicate commands write', async () => {
      const streamId = uniqueId('duplicates');
      const commandId = uniqueId('command');
      const head = await store.headPosition();
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, attempt) =>
          store.append(streamId, newEvents(2), {
            expectedVersion: 'any',
            metadata: metadata(commandId),
            command: { id: commandId, fingerprint: 'fp', respond: (w) => ({ attempt, position: w.position }) },
          }),
        ),
      );
      const writes = results.filter((r) => !r.replayed);
      const replays = results.filter((r) => r.replayed);
      expect(writes).toHaveLength(1);
      expect(replays).toHaveLength(4);
      const winner = written(writes[0]);
      for (const replay of replays) {
        expect(replay).toEqual({
          replayed: true,
          outcome: { fingerprint: 'fp', response: { attempt: expect.any(Number), position: winner.position } },
        });
      }
      expect(await store.streamVersion(streamId)).toBe(2);
      expect(await readAllFrom(store, head)).toEqual(winner.events);
    });

    it('refuses a claim already held: nothing written, the holder named', async () => {
      const claim = uniqueId('achievement:claimed');
      const first = uniqueId('claim-first');
      const second = uniqueId('claim-second');
      const other = uniqueId('claim-other');
      written(await store.append(first, newEvents(1), { expectedVersion: 'no-stream', metadata: metadata(), claims: [claim] }));
      const head = await store.headPosition();
      const commandId = uniqueId('command');
      const refusal = store.append(second, newEvents(2), {
        expectedVersion: 'no-stream',
        metadata: metadata(commandId),
        claims: [other, claim],
        command: { id: commandId, fingerprint: 'fp', respond: () => ({ ok: true }) },
      });
      await expect(refusal).rejects.toBeInstanceOf(ClaimTakenError);
      await expect(refusal).rejects.toMatchObject({ claim, holderStreamId: first });
      expect(await store.streamVersion(second)).toBe(0);
      expect(await store.findCommand(commandId)).toBeNull();
      expect(await store.headPosition()).toBe(head);
      expect(await readAllFrom(store, head)).toEqual([]);
      // The refused append took none of its claims: `other` is still free.
      expect(await store.claimHolder(claim)).toBe(first);
      expect(await store.claimHolder(other)).toBeNull();
      written(await store.append(other, newEvents(1), { expectedVersion: 'no-stream', metadata: metadata(), claims: [other] }));
      // Even the holder's own stream cannot take it again.
      await expect(store.append(first, newEvents(1), { expectedVersion: 1, metadata: metadata(), claims: [claim] })).rejects.toBeInstanceOf(ClaimTakenError);
      expect(await store.streamVersion(first)).toBe(1);
      // A replayed command answers its outcome, whatever its claims.
      const replayId = uniqueId('command');
      const command = { id: replayId, fingerprint: 'fp', respond: () => ({ ok: true }) };
      const replayClaim = uniqueId('achievement:replay');
      written(
        await store.append(uniqueId('claim-replay'), newEvents(1), { expectedVersion: 'any', metadata: metadata(replayId), command, claims: [replayClaim] }),
      );
      expect(
        await store.append(uniqueId('claim-replay'), newEvents(1), { expectedVersion: 'any', metadata: metadata(replayId), command, claims: [replayClaim] }),
      ).toEqual({ replayed: true, outcome: { fingerprint: 'fp', response: { ok: true } } });
    });

    it('lets exactly one of concurrent appends taking the same claim write', async () => {
      const claim = uniqueId('achievement:raced');
      const head = await store.headPosition();
      const streams = Array.from({ length: 6 }, () => uniqueId('claim-race'));
      const results = await Promise.allSettled(
        streams.map((streamId) => store.append(streamId, newEvents(2), { expectedVersion: 'no-stream', metadata: metadata(), claims: [claim] })),
      );
      const wins = results.filter((r): r is PromiseFulfilledResult<AppendResult> => r.status === 'fulfilled');
      const losses = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(wins).toHaveLength(1);
      expect(losses).toHaveLength(streams.length - 1);
      const winner = written(wins[0].value);
      for (const loss of losses) {
        expect(loss.reason).toBeInstanceOf(ClaimTakenError);
        expect(loss.reason).toMatchObject({ claim, holderStreamId: winner.streamId });
      }
      for (const streamId of streams) expect(await store.streamVersion(streamId)).toBe(streamId === winner.streamId ? 2 : 0);
      expect(await readAllFrom(store, head)).toEqual(winner.events);
    });

    it('rejects claims that are not non-empty strings', async () => {
      await expect(store.append(uniqueId('bad-claim'), newEvents(1), { expectedVersion: 'any', metadata: metadata(), claims: [''] })).rejects.toThrow(/claims/);
    });

    it('appends a large batch atomically with contiguous positions', async () => {
      const streamId = uniqueId('large');
      const count = 5000;
      const result = written(await store.append(streamId, newEvents(count, 'Bulk'), { expectedVersion: 'no-stream', metadata: metadata() }));
      expect(result.version).toBe(count);
      const stream: StoredEvent[] = [];
      for (let from = 1; from <= count; from += 1000) stream.push(...(await store.readStream(streamId, { fromVersion: from })));
      expect(stream.map((e) => e.version)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      const first = stream[0].position;
      expect(stream.map((e) => e.position)).toEqual(Array.from({ length: count }, (_, i) => first + i));
      expect(stream.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: count }, (_, i) => i));
      expect(stream).toEqual(result.events);
      const all = await readAllFrom(store, first - 1, 10_000);
      expect(all.map((e) => e.id)).toEqual(result.events.map((e) => e.id));
    });

    it('reads a stream forward, backward, from a version, with a limit', async () => {
      const streamId = uniqueId('directions');
      await store.append(streamId, newEvents(10), { expectedVersion: 'no-stream', metadata: metadata() });
      const versions = (events: StoredEvent[]) => events.map((e) => e.version);
      expect(versions(await store.readStream(streamId))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(versions(await store.readStream(streamId, { fromVersion: 4, limit: 3 }))).toEqual([4, 5, 6]);
      expect(versions(await store.readStream(streamId, { direction: 'forward', fromVersion: 9 }))).toEqual([9, 10]);
      expect(versions(await store.readStream(streamId, { direction: 'backward' }))).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
      expect(versions(await store.readStream(streamId, { direction: 'backward', limit: 2 }))).toEqual([10, 9]);
      expect(versions(await store.readStream(streamId, { direction: 'backward', fromVersion: 3 }))).toEqual([3, 2, 1]);
      expect(versions(await store.readStream(streamId, { direction: 'backward', fromVersion: 7, limit: 2 }))).toEqual([7, 6]);
      expect(await store.readStream(streamId, { fromVersion: 11 })).toEqual([]);
    });

    it('pages through readAll exactly once with after + limit', async () => {
      const head = await store.headPosition();
      const streams = [uniqueId('page'), uniqueId('page'), uniqueId('page')];
      for (let i = 0; i < 12; i++) {
        await store.append(streams[i % 3], newEvents((i % 4) + 1), { expectedVersion: 'any', metadata: metadata() });
      }
      const everything = await store.readAll({ after: head, limit: 10_000 });
      expect(everything).toHaveLength(30);
      for (const limit of [1, 3, 7, 30, 1000]) {
        const paged = await readAllFrom(store, head, limit);
        expect(paged.map((e) => e.id)).toEqual(everything.map((e) => e.id));
      }
      const positions = everything.map((e) => e.position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(new Set(positions).size).toBe(positions.length);
      expect(await store.readAll({ after: positions[positions.length - 1] })).toEqual([]);
      expect(await store.readAll({ after: head, limit: 5 })).toHaveLength(5);
    });

    it('delivers every committed event exactly once, in order, under concurrent writers', async () => {
      const writers = 8;
      const appendsPerWriter = 500;
      const streams = Array.from({ length: 20 }, () => uniqueId('busy'));
      const start = await store.headPosition();

      const seen: StoredEvent[] = [];
      let lastSeen = start;
      let orderViolation: string | null = null;
      const subscription = store.subscribe({
        after: start,
        batchSize: 200,
        handler: async (batch) => {
          for (const event of batch) {
            if (event.position <= lastSeen) orderViolation ??= `position ${event.position} after ${lastSeen}`;
            lastSeen = event.position;
            seen.push(event);
          }
        },
      });

      const writtenIds: string[] = [];
      const writer = async (w: number) => {
        for (let i = 0; i < appendsPerWriter; i++) {
          const streamId = streams[(w * 7 + i * 13 + (i % 3)) % streams.length];
          const count = (i % 3) + 1;
          for (;;) {
            const expectedVersion: ExpectedVersion = i % 5 === 0 ? 'any' : await store.streamVersion(streamId);
            try {
              const result = written(
                await store.append(streamId, newEvents(count, `W${w}`), {
                  expectedVersion: expectedVersion === 0 ? 'no-stream' : expectedVersion,
                  metadata: metadata(),
                }),
              );
              writtenIds.push(...result.events.map((e) => e.id));
              break;
            } catch (error) {
              if (!(error instanceof ConcurrencyError)) throw error; // retry with a fresh version
            }
          }
        }
      };
      try {
        await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
        const head = await store.headPosition();
        await waitFor(() => lastSeen >= head, 30_000);
      } finally {
        await subscription.stop();
      }

      const all = await readAllFrom(store, start, 10_000);
      let perWriter = 0;
      for (let i = 0; i < appendsPerWriter; i++) perWriter += (i % 3) + 1;
      expect(all).toHaveLength(writers * perWriter);
      expect(orderViolation).toBeNull();
      expect(seen.length).toBe(all.length);
      expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id));
      expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
      expect(new Set(writtenIds)).toEqual(new Set(all.map((e) => e.id)));
      for (let i = 1; i < all.length; i++) expect(all[i].position).toBeGreaterThan(all[i - 1].position);

      const versionsByStream = new Map<string, number[]>();
      for (const event of seen) {
        const list = versionsByStream.get(event.streamId) ?? [];
        list.push(event.version);
        versionsByStream.set(event.streamId, list);
      }
      for (const streamId of streams) {
        const versions = versionsByStream.get(streamId) ?? [];
        expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
        expect(await store.streamVersion(streamId)).toBe(versions.length);
      }
    }, 120_000);

    it('subscribes: receives new events, stops, resumes from a checkpoint, retries failing batches', async () => {
      const streamId = uniqueId('subscribed');
      const start = await store.headPosition();
      const received: StoredEvent[] = [];
      const first = store.subscribe({ after: start, handler: async (batch) => void received.push(...batch) });
      // Give it time to find nothing and go to sleep, then append: the wake-up must deliver.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const a = written(await store.append(streamId, newEvents(3), { expectedVersion: 'no-stream', metadata: metadata() }));
      await waitFor(() => received.length >= 3, 5000);
      expect(received.map((e) => e.id)).toEqual(a.events.map((e) => e.id));
      await first.stop();
      await first.stop(); // idempotent

      const b = written(await store.append(streamId, newEvents(2), { expectedVersion: 3, metadata: metadata() }));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(received).toHaveLength(3); // stopped: nothing more delivered

      const checkpoint = received[received.length - 1].position;
      const resumed: StoredEvent[] = [];
      const errors: unknown[] = [];
      let failures = 1;
      const second = store.subscribe({
        after: checkpoint,
        batchSize: 1,
        onError: (error) => errors.push(error),
        handler: async (batch) => {
          if (failures-- > 0) throw new Error('handler failed once');
          resumed.push(...batch);
        },
      });
      await waitFor(() => resumed.length >= 2, 5000);
      await second.stop();
      expect(resumed.map((e) => e.id)).toEqual(b.events.map((e) => e.id));
      expect(errors).toHaveLength(1);
    });
  });
}
