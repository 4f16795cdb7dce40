import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createEventStore } from '../../src/event-store/create-event-store.js';
import { pgExecutor } from '../../src/event-store/postgres/pg-sql-client.js';
import { appendInTransaction } from '../../src/event-store/postgres/postgres-event-store.js';
import { eventStoreContract, metadata, newEvents, readAllFrom, waitFor, type ContractStore } from './event-store.contract.js';

const databaseUrl = process.env.DATABASE_URL;

/** A fresh database on DATABASE_URL's server for each store, dropped by cleanup. */
async function makePostgresStore(): Promise<ContractStore & { url: string }> {
  const name = `ledger_contract_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(databaseUrl!);
  url.pathname = `/${name}`;
  const store = await createEventStore({ databaseUrl: url.toString(), dataDir: '/nonexistent' });
  return {
    store,
    url: url.toString(),
    cleanup: async () => {
      await store.close();
      const dropper = new pg.Client({ connectionString: databaseUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

if (!databaseUrl) {
  console.warn('PostgreSQL contract suite skipped: DATABASE_URL is not set');
  describe.skip('EventStore contract: PostgreSQL', () => {
    it('needs DATABASE_URL', () => undefined);
  });
} else {
  eventStoreContract('PostgreSQL', makePostgresStore);

  describe('PostgreSQL gap safety', () => {
    /**
     * T1 (a raw connection, same SQL and order as the store) appends and stays open; T2 (the store)
     * commits a higher position. readAll must hold T2's event back until T1 ends.
     */
    async function withInFlightAppend(finish: 'COMMIT' | 'ROLLBACK'): Promise<void> {
      const { store, url, cleanup } = await makePostgresStore();
      const t1 = new pg.Client({ connectionString: url });
      await t1.connect();
      try {
        await store.append('warm-up', newEvents(1), { expectedVersion: 'any', metadata: metadata() });
        const start = await store.headPosition();

        await t1.query('BEGIN');
        const inFlight = await appendInTransaction(pgExecutor(t1), 'gap-a', newEvents(2), {
          expectedVersion: 'no-stream',
          metadata: metadata(),
        });
        const later = await store.append('gap-b', newEvents(1), { expectedVersion: 'no-stream', metadata: metadata() });
        if (later.replayed) throw new Error('unexpected replay');
        expect(later.position).toBeGreaterThan(inFlight.position);

        // T2 is committed and visible, but a lower position is still in flight: hold it back.
        expect(await store.readAll({ after: start })).toEqual([]);
        expect(await store.headPosition()).toBe(start);
        expect(await store.readStream('gap-b')).toHaveLength(1);

        await t1.query(finish);
        const expected = finish === 'COMMIT' ? [...inFlight.events, ...later.events] : later.events;
        await waitFor(async () => (await store.readAll({ after: start })).length === expected.length, 10_000);
        const all = await readAllFrom(store, start);
        expect(all.map((e) => e.id)).toEqual(expected.map((e) => e.id));
        expect(all.map((e) => e.position)).toEqual(expected.map((e) => e.position));
        expect(await store.headPosition()).toBe(later.position);
      } finally {
        await t1.end().catch(() => undefined);
        await cleanup();
      }
    }

    it('holds back a later commit while an earlier position is in flight (then commits)', async () => {
      await withInFlightAppend('COMMIT');
    });

    it('releases the later commit once the earlier transaction rolls back', async () => {
      await withInFlightAppend('ROLLBACK');
    });

    /**
     * The order that a visible_after taken from the appending transaction's own xid gets wrong:
     * T_P gets its xid first (the command insert), then waits on its stream row; meanwhile T_X, with
     * a NEWER xid, takes a LOWER position and stays open; T_P then takes the higher position and
     * commits. Delivering P now would skip Q for good if the reader moved on, so readAll must hold P
     * back until T_X ends: visible_after(P) must be above T_X's xid, not just above T_P's own.
     */
    it('holds back a commit whose xid is older than a lower position still in flight', async () => {
      const { store, url, cleanup } = await makePostgresStore();
      const locker = new pg.Client({ connectionString: url });
      const tx = new pg.Client({ connectionString: url });
      await Promise.all([locker.connect(), tx.connect()]);
      try {
        await store.append('gap-p', newEvents(1), { expectedVersion: 'no-stream', metadata: metadata() });
        const start = await store.headPosition();

        await locker.query('BEGIN');
        await locker.query("UPDATE ledger_streams SET version = version WHERE stream_id = 'gap-p'");
        const commandId = `gap-p-${Date.now()}`;
        const pending = store.append('gap-p', newEvents(1), {
          expectedVersion: 1,
          metadata: metadata(commandId),
          command: { id: commandId, fingerprint: 'f', answer: {} },
        });
        // T_P has its xid (the command row) and now waits on the stream row.
        await waitFor(async () => {
          const waiting = await locker.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
          return (waiting.rowCount ?? 0) > 0;
        }, 10_000);

        await tx.query('BEGIN');
        const lower = await appendInTransaction(pgExecutor(tx), 'gap-x', newEvents(1), { expectedVersion: 'no-stream', metadata: metadata() });
        await locker.query('ROLLBACK');
        const higher = await pending;
        if (higher.replayed) throw new Error('unexpected replay');
        expect(higher.position).toBeGreaterThan(lower.position);

        expect(await store.readAll({ after: start })).toEqual([]);
        expect(await store.headPosition()).toBe(start);

        await tx.query('COMMIT');
        await waitFor(async () => (await store.readAll({ after: start })).length === 2, 10_000);
        const all = await readAllFrom(store, start);
        expect(all.map((e) => e.position)).toEqual([lower.position, higher.position]);
      } finally {
        await locker.end().catch(() => undefined);
        await tx.end().catch(() => undefined);
        await cleanup();
      }
    });
  });
}
