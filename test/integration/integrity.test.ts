import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import request from 'supertest';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { chainHashes, signCheckpoint, type ChainedEvent } from '../../src/integrity/hash-chain.js';
import { parseExpect } from '../../src/integrity/integrity.dto.js';
import { IntegrityProcessor } from '../../src/integrity/integrity-processor.js';
import { loadOrCreateSigningKey, readSigningKey } from '../../src/integrity/signing-key.js';
import { verifyIntegrity, type IntegrityReport, type SqlQuery } from '../../src/integrity/verify.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { accountWithToken } from '../support/accounts.js';
import { listen, TEST_ADMIN_TOKEN, withToken } from '../support/app.js';
import { logHead } from '../support/refusals.js';
import { freshDatabase, freshDataDir, storeKinds } from '../support/databases.js';
import { campaign, cluster, phase, units } from '../support/fixtures.js';

/**
 * The tamper-evident log on the real application: events written over HTTP are chained and signed,
 * GET /api/integrity verifies them; then rows are edited and deleted in the database directly, as a
 * tamperer with DBA rights would (triggers disabled), and verification fails at that position.
 * PostgreSQL: tampered while the server runs, verified over HTTP. Embedded: the server is stopped,
 * the data directory opened and tampered, verified with the same engine and with `npm run verify`.
 */
const root = resolve(import.meta.dirname, '../..');
const scores = (unitId: string) => `/api/campaigns/${campaign.id}/units/${unitId}/score-entries`;
const entry = (entryId: string, points: number) => ({
  entryId,
  kind: 'achievement',
  criterionId: 'c2-1',
  points,
  phaseId: phase.id,
  period: '2026-07',
  source: 'self-assessment',
  reason: `Tự chấm ${entryId}`,
});

describe.each(storeKinds('integrity'))('tamper-evident log on the %s store', (kind) => {
  const dataDir = freshDataDir('ledger-integrity');
  let database: { url: string; drop: () => Promise<void> } | null = null;
  let app: NestExpressApplication | null = null;
  const http = () => withToken(request(app!.getHttpServer()), TEST_ADMIN_TOKEN);
  const processor = () => app!.get(IntegrityProcessor);
  const store = () => app!.get<EventStore>(EVENT_STORE);
  /** Positions of a few events, and of the two checkpoints. */
  const at = { unit: 0, entry1: 0, entry2: 0, checkpoint1: 0, checkpoint2: 0, hash1: '' };

  const chainedToHead = async () => {
    // The settled head: every committed event deliverable (on a shared PostgreSQL server another
    // suite's open transaction can hold the gap-safe head back for a moment).
    const head = await logHead({ app: app!, store: store() } as Parameters<typeof logHead>[0]);
    expect(await processor().waitFor(head, 20_000)).toBe(true);
    return head;
  };
  const integrity = async (published?: string): Promise<IntegrityReport> => {
    const res = await http().get(`/api/integrity${published ? `?expect=${published}` : ''}`);
    expect(res.status).toBe(200);
    return res.body as IntegrityReport;
  };

  beforeAll(async () => {
    database = kind === 'postgres' ? await freshDatabase('ledger_integrity') : null;
    app = await listen(database?.url ?? null, dataDir.dir);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    dataDir.remove();
  });

  it('chains every event written and signs a checkpoint once the log is idle', async () => {
    for (const u of Object.values(units)) {
      const res = await http().post('/api/units').send(u).expect(201);
      if (u.id === units.socTrang.id) at.unit = res.body.position;
    }
    await http().post('/api/campaigns').send(campaign).expect(201);
    await http().post(`/api/campaigns/${campaign.id}/phases`).send(phase).expect(201);
    await http().post(`/api/campaigns/${campaign.id}/clusters`).send(cluster).expect(201);
    at.entry1 = (await http().post(scores('ca-hau-giang')).send(entry('hg-1', 40)).expect(201)).body.position;
    const head = await chainedToHead();

    // No checkpointEvery (1,000) reached: signed after ~3 s without new events.
    const deadline = Date.now() + 15_000;
    while ((processor().report().lastCheckpoint?.position ?? 0) < head && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(processor().report().lastCheckpoint?.position).toBe(head);
    at.checkpoint1 = head;

    const report = await integrity();
    expect(report).toMatchObject({
      status: 'verified',
      verifiedThrough: head,
      chainedThrough: head,
      unchained: 0,
      unsignedAfter: 0,
      checkpoints: 1,
      lastCheckpoint: { position: head, hash: report.headHash, signatureValid: true, keyId: expect.stringMatching(/^[0-9a-f]{64}$/) },
      publicKey: expect.stringContaining('-----BEGIN PUBLIC KEY-----'),
      processor: { status: 'live', chainedThrough: head, lastError: null },
    });
    expect(report.eventsChecked).toBe(head);
    at.hash1 = report.headHash;
    expect(report.firstFailure).toBeUndefined();
    // The public key answered is the one of the key file in the data directory.
    expect(report.publicKey).toBe(createPublicKey(readSigningKey(join(dataDir.dir, 'signing-key.pem'))).export({ type: 'spki', format: 'pem' }));
  }, 60_000);

  it('GET /api/integrity: auditors and administrators only', async () => {
    expect((await request(app!.getHttpServer()).get('/api/integrity')).status).toBe(401);
    const auditor = await accountWithToken({ http }, 'kiem-toan-vien', [{ role: 'auditor' }]);
    expect((await withToken(request(app!.getHttpServer()), auditor).get('/api/integrity')).status).toBe(200);
    const viewer = await accountWithToken({ http }, 'nguoi-xem', [{ role: 'viewer' }]);
    expect((await withToken(request(app!.getHttpServer()), viewer).get('/api/integrity')).status).toBe(403);
  });

  it('keeps chaining later writes (two instances on one database write the same links)', async () => {
    // A second instance on the same database (PostgreSQL): both processors chain the same events.
    const second = kind === 'postgres' ? await listen(database!.url, dataDir.dir) : null;
    try {
      for (let i = 2; i <= 12; i++) {
        const res = await http()
          .post(scores(i % 2 ? 'ca-can-tho' : 'ca-soc-trang'))
          .send(entry(`e-${i}`, i))
          .expect(201);
        if (i === 5) at.entry2 = res.body.position;
      }
      const head = await chainedToHead();
      if (second) expect(await second.get(IntegrityProcessor).waitFor(head, 20_000)).toBe(true);
      const signed = await processor().signNow();
      expect(signed?.position).toBe(head);
      at.checkpoint2 = head;
      if (second) expect(second.get(IntegrityProcessor).report().lastError).toBeNull();
    } finally {
      await second?.close();
    }
    expect(processor().report().lastError).toBeNull();
    const report = await integrity();
    expect(report).toMatchObject({ status: 'verified', verifiedThrough: at.checkpoint2, lastCheckpoint: { position: at.checkpoint2, signatureValid: true } });
    expect(report.checkpoints).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('?expect=<position>:<hash> checks hashes kept outside the system (a published ranking, an official letter)', async () => {
    expect(await integrity(`${at.checkpoint1}:${at.hash1}`)).toMatchObject({
      status: 'verified',
      published: [{ position: at.checkpoint1, hash: at.hash1, matches: true }],
    });
    const wrong = 'ab'.repeat(32);
    expect(await integrity(`${at.checkpoint1}:${at.hash1},${at.entry2}:${wrong}`)).toMatchObject({
      status: 'failed',
      firstFailure: { position: at.entry2, reason: 'published-hash-mismatch', expected: wrong },
      failureCount: 1,
    });
    expect(await integrity(`999999:${wrong}`)).toMatchObject({
      status: 'failed',
      firstFailure: { position: 999999, reason: 'published-hash-mismatch', actual: null },
    });
    const bad = await http().get('/api/integrity?expect=12:not-a-hash');
    expect(bad.status).toBe(400);
  });

  if (kind === 'embedded') {
    it('npm run verify while the server holds the store asks the server over HTTP', async () => {
      buildOnce();
      const { port } = app!.getHttpServer().address() as AddressInfo;
      const out = await verifyCli({ PORT: String(port), LEDGER_TOKEN: TEST_ADMIN_TOKEN });
      expect(out.stderr).toContain(`asking that server instead: GET http://127.0.0.1:${port}/api/integrity`);
      expect(out.stdout).toMatch(new RegExp(`^verified through position ${at.checkpoint2}, head hash [0-9a-f]{64}, checkpoint signed at \\S+Z`));
      await expect(verifyCli({ PORT: String(port), LEDGER_TOKEN: 'wrong-token-0123456789' })).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining('answered 401: set LEDGER_TOKEN'),
      });
    }, 120_000);
  }

  describe('tampering in the database', () => {
    /** SQL as someone with the database's owner rights; `verify` the way this store is checked. */
    let sql: SqlQuery;
    let verify: (published?: string) => Promise<IntegrityReport>;
    let cleanup: () => Promise<void>;
    let storage: Storage | null = null;
    let key: KeyObject;

    beforeAll(async () => {
      key = readSigningKey(join(dataDir.dir, 'signing-key.pem'));
      if (kind === 'postgres') {
        const client = new pg.Client({ connectionString: database!.url });
        await client.connect();
        sql = async (text, params) => (await client.query(text, params)).rows;
        verify = integrity; // the server keeps running
        cleanup = () => client.end();
      } else {
        await app!.close(); // the embedded store belongs to one process
        app = null;
        storage = await openStorage({ databaseUrl: null, dataDir: dataDir.dir });
        sql = (text, params) => storage!.dataSource.query(text, params);
        verify = (published) => verifyIntegrity(sql, { keys: [key], expect: parseExpect(published) });
        cleanup = async () => {
          await storage?.close();
          storage = null;
        };
      }
      // What a tamperer with DBA rights does first: the append-only triggers are in the way.
      await expect(sql(`UPDATE ledger_integrity_chain SET hash = hash WHERE position = ${at.entry1}`)).rejects.toThrow(/append-only/);
      for (const table of ['ledger_events', 'ledger_integrity_chain', 'ledger_integrity_checkpoints']) await sql(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
      for (const table of ['ledger_events', 'ledger_integrity_chain', 'ledger_integrity_checkpoints'])
        await sql(`CREATE TABLE saved_${table} AS SELECT * FROM ${table}`);
      expect((await verify()).status).toBe('verified');
    }, 60_000);
    afterAll(async () => cleanup?.());

    /** Puts every row back as it was; the log verifies again (hashes are deterministic). */
    const restore = async () => {
      for (const table of ['ledger_events', 'ledger_integrity_chain', 'ledger_integrity_checkpoints']) {
        await sql(`DELETE FROM ${table}`);
        await sql(`INSERT INTO ${table} SELECT * FROM saved_${table}`);
      }
      expect(await verify()).toMatchObject({ status: 'verified', verifiedThrough: at.checkpoint2 });
    };
    const expectFailure = async (position: number, reason: string, failureCount?: number) => {
      const report = await verify();
      expect(report).toMatchObject({ status: 'failed', firstFailure: { position, reason } });
      if (failureCount !== undefined) expect(report.failureCount).toBe(failureCount);
      expect(report.verifiedThrough).toBeLessThan(position);
      return report;
    };

    it("an edited event's data fails at its position (and only there)", async () => {
      await sql(`UPDATE ledger_events SET data = jsonb_set(data, '{points}', '"90"') WHERE position = ${at.entry1}`);
      const report = await expectFailure(at.entry1, 'hash-mismatch', 1);
      expect(report.firstFailure).toMatchObject({ expected: expect.stringMatching(/^[0-9a-f]{64}$/), actual: expect.stringMatching(/^[0-9a-f]{64}$/) });
      await restore();
    });

    it("an edited event's type fails at its position", async () => {
      await sql(`UPDATE ledger_events SET type = 'ScoreEntryReversed' WHERE position = ${at.entry2}`);
      await expectFailure(at.entry2, 'hash-mismatch', 1);
      await restore();
    });

    it('a deleted event fails at its position', async () => {
      await sql(`DELETE FROM ledger_events WHERE position = ${at.unit}`);
      await expectFailure(at.unit, 'event-missing', 1);
      await restore();
    });

    it('a deleted event with its link deleted too still fails at its position (the next link names it)', async () => {
      await sql(`DELETE FROM ledger_events WHERE position = ${at.unit}`);
      await sql(`DELETE FROM ledger_integrity_chain WHERE position = ${at.unit}`);
      const report = await expectFailure(at.unit, 'event-missing', 2);
      expect(report.failures?.[1]).toMatchObject({ reason: 'hash-mismatch' }); // the next link was computed after the deleted one
      expect(report.failures?.[1].position).toBeGreaterThan(at.unit);
      await restore();
    });

    it('an event whose link was deleted fails at its position', async () => {
      await sql(`DELETE FROM ledger_integrity_chain WHERE position = ${at.entry2}`);
      await expectFailure(at.entry2, 'event-unchained', 1);
      await restore();
    });

    it('an edit with the chain recomputed after it fails at the signed checkpoint covering it', async () => {
      await sql(`UPDATE ledger_events SET data = jsonb_set(data, '{points}', '"90"') WHERE position = ${at.entry1}`);
      await rewriteChainFrom(sql, at.entry1);
      const report = await expectFailure(at.checkpoint1, 'checkpoint-mismatch');
      expect(report.failures?.every((f) => f.reason === 'checkpoint-mismatch')).toBe(true); // every link checks: only the signatures tell
      await restore();
    });

    it('…and re-writing the checkpoint to match breaks its signature', async () => {
      await sql(`UPDATE ledger_events SET data = jsonb_set(data, '{points}', '"90"') WHERE position = ${at.entry1}`);
      await rewriteChainFrom(sql, at.entry1);
      await sql(`UPDATE ledger_integrity_checkpoints c SET head_hash = l.hash FROM ledger_integrity_chain l WHERE l.position = c.position`);
      const report = await verify();
      expect(report).toMatchObject({ status: 'failed', firstFailure: { position: at.checkpoint1, reason: 'checkpoint-signature-invalid' } });
      await restore();
    });

    it('a thief of the signing key who rewrites the chain and re-signs every checkpoint is caught by the hash published outside', async () => {
      await sql(`UPDATE ledger_events SET data = jsonb_set(data, '{points}', '"90"') WHERE position = ${at.entry1}`);
      await rewriteChainFrom(sql, at.entry1);
      for (const row of await sql(
        'SELECT c.position, l.hash, c.signed_at FROM ledger_integrity_checkpoints c JOIN ledger_integrity_chain l USING (position)',
      )) {
        const forged = signCheckpoint(key, {
          position: Number(row.position),
          headHash: String(row.hash),
          signedAt: new Date(row.signed_at as string).toISOString(),
        });
        await sql('UPDATE ledger_integrity_checkpoints SET head_hash = $1, signature = $2 WHERE position = $3', [
          forged.headHash,
          forged.signature,
          forged.position,
        ]);
      }
      expect((await verify()).status).toBe('verified'); // inside the system, nothing shows
      const report = await verify(`${at.checkpoint1}:${at.hash1}`);
      expect(report).toMatchObject({ status: 'failed', firstFailure: { position: at.checkpoint1, reason: 'published-hash-mismatch', expected: at.hash1 } });
      await restore();
    });

    it('the end of the log cut off (events and links) fails at the checkpoint that signed it', async () => {
      const [{ next }] = await sql(`SELECT min(position) AS next FROM ledger_integrity_checkpoints WHERE position > ${at.checkpoint1}`);
      await sql(`DELETE FROM ledger_events WHERE position > ${at.checkpoint1}`);
      await sql(`DELETE FROM ledger_integrity_chain WHERE position > ${at.checkpoint1}`);
      const report = await expectFailure(Number(next), 'chain-truncated');
      expect(report.failures?.at(-1)).toMatchObject({ position: at.checkpoint2, reason: 'chain-truncated' });
      await restore();
    });

    if (kind === 'postgres') {
      it('npm run verify on PostgreSQL (beside the running server): one line, exit 0; the first failing position and exit 1 once tampered', async () => {
        buildOnce();
        const env = { DATABASE_URL: database!.url };
        const ok = await verifyCli(env);
        expect(ok.stdout).toMatch(
          new RegExp(`^verified through position ${at.checkpoint2}, head hash [0-9a-f]{64}, checkpoint signed at \\S+Z \\(position ${at.checkpoint2}`),
        );
        await sql(`UPDATE ledger_events SET type = 'UnitMoved' WHERE position = ${at.unit}`);
        await expect(verifyCli(env)).rejects.toMatchObject({
          code: 1,
          stdout: expect.stringMatching(new RegExp(`^FAILED at position ${at.unit}: hash-mismatch`)),
        });
        await restore();
      }, 120_000);
    }

    if (kind === 'embedded') {
      it('npm run verify on the store: one line, exit 0; the first failing position and exit 1 once tampered', async () => {
        await storage!.close(); // the CLI opens the store itself
        storage = null;
        buildOnce();
        const ok = await verifyCli({}, '--expect', `${at.checkpoint1}:${at.hash1}`);
        expect(ok.stdout).toMatch(
          new RegExp(`^verified through position ${at.checkpoint2}, head hash [0-9a-f]{64}, checkpoint signed at \\S+Z \\(position ${at.checkpoint2}`),
        );
        expect(ok.stdout).toContain(`published hash at ${at.checkpoint1} match`);
        await expect(verifyCli({}, '--expect', '12:nope')).rejects.toMatchObject({ code: 2 });

        storage = await openStorage({ databaseUrl: null, dataDir: dataDir.dir });
        await sql(`UPDATE ledger_events SET type = 'UnitMoved' WHERE position = ${at.unit}`);
        await storage.close();
        storage = null;
        const failed = verifyCli({});
        await expect(failed).rejects.toMatchObject({ code: 1, stdout: expect.stringMatching(new RegExp(`^FAILED at position ${at.unit}: hash-mismatch`)) });
        const json = await verifyCli({}, '--json').catch((error: { stdout: string }) => error);
        expect(JSON.parse(json.stdout)).toMatchObject({ status: 'failed', firstFailure: { position: at.unit, reason: 'hash-mismatch' } });
      }, 120_000);
    }
  });

  const verifyCli = (env: Record<string, string>, ...args: string[]) =>
    promisify(execFile)(process.execPath, [resolve(root, 'dist/src/cli/verify.js'), ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', LEDGER_DATA_DIR: dataDir.dir, HOST: '127.0.0.1', LEDGER_SIGNING_KEY_FILE: '', ...env },
    });
});

let built = false;
function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, [resolve(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  built = true;
}

/** What a tamperer covering their tracks does: every link from `position` on recomputed from the rows. */
async function rewriteChainFrom(sql: SqlQuery, position: number): Promise<void> {
  const [previous] = await sql(`SELECT hash FROM ledger_integrity_chain WHERE position < ${position} ORDER BY position DESC LIMIT 1`);
  const rows = await sql(`SELECT e.* FROM ledger_events e JOIN ledger_integrity_chain l USING (position) WHERE e.position >= ${position} ORDER BY e.position`);
  const events: ChainedEvent[] = rows.map((row) => ({
    position: Number(row.position),
    id: String(row.event_id),
    streamId: String(row.stream_id),
    version: Number(row.version),
    type: String(row.type),
    schemaVersion: Number(row.schema_version),
    data: row.data as Record<string, unknown>,
    metadata: row.metadata as ChainedEvent['metadata'],
    recordedAt: new Date(row.recorded_at as string | Date),
  }));
  const hashes = chainHashes(String(previous?.hash ?? '0'.repeat(64)), events);
  for (const [i, event] of events.entries()) await sql('UPDATE ledger_integrity_chain SET hash = $1 WHERE position = $2', [hashes[i], event.position]);
}

describe('integrity processor on its own', () => {
  const dataDir = freshDataDir('ledger-integrity-processor');
  let storage: Storage;
  let key: KeyObject;
  const query: SqlQuery = (text, params) => storage.dataSource.query(text, params);
  const appendScores = async (count: number, from: number) => {
    for (let i = 0; i < count; i += 50) {
      const events = Array.from({ length: Math.min(50, count - i) }, (_, j) => ({
        type: 'ScoreEntryRecorded',
        data: { entryId: `e-${from + i + j}`, points: String((i + j) % 97), reason: 'Tự chấm' },
      }));
      await storage.store.append(`scorecard:thi-dua:don-vi-${(from + i) % 7}`, events, {
        expectedVersion: 'any',
        metadata: { actor: 'seed', commandId: `c-${from + i}`, correlationId: `c-${from + i}`, causationId: null },
      });
    }
  };
  const checkpointPositions = async () => (await query('SELECT position FROM ledger_integrity_checkpoints ORDER BY position')).map((r) => Number(r.position));

  beforeAll(async () => {
    storage = await openStorage({ databaseUrl: null, dataDir: dataDir.dir });
    key = loadOrCreateSigningKey(join(dataDir.dir, 'signing-key.pem')).key;
  });
  afterAll(async () => {
    await storage?.close();
    dataDir.remove();
  });

  it('signs every 1,000 events, and what is left when it stops; a restart resumes the chain where it ended', async () => {
    await appendScores(2500, 0);
    const first = new IntegrityProcessor(storage.store, query, key, { idleMs: 60_000 });
    await first.start();
    expect(await first.waitFor(2500, 30_000)).toBe(true);
    expect(await checkpointPositions()).toEqual([1000, 2000]);
    await first.stop(); // signs the last 500
    expect(await checkpointPositions()).toEqual([1000, 2000, 2500]);

    const second = new IntegrityProcessor(storage.store, query, key, { idleMs: 60_000 });
    await second.start();
    await appendScores(30, 2500);
    expect(await second.waitFor(2530, 30_000)).toBe(true);
    // Another processor on the same database at the same time: the same links, no conflict.
    const third = new IntegrityProcessor(storage.store, query, key, { idleMs: 60_000 });
    await third.start();
    await appendScores(20, 2530);
    expect(await second.waitFor(2550, 30_000)).toBe(true);
    expect(await third.waitFor(2550, 30_000)).toBe(true);
    await second.stop();
    await third.stop();
    expect(second.report().lastError).toBeNull();
    expect(third.report().lastError).toBeNull();
    expect(await checkpointPositions()).toEqual([1000, 2000, 2500, 2550]);

    const report = await verifyIntegrity(query, { keys: [key], pageSize: 700 }); // pages not aligned with anything
    expect(report).toMatchObject({
      status: 'verified',
      verifiedThrough: 2550,
      eventsChecked: 2550,
      checkpoints: 4,
      unsignedAfter: 0,
      lastCheckpoint: { position: 2550, signatureValid: true },
    });
  }, 120_000);

  it('a checkpoint signed by another key fails as checkpoint-key-unknown unless that key is given', async () => {
    const other = loadOrCreateSigningKey(join(dataDir.dir, 'other-key.pem')).key;
    await appendScores(5, 2550);
    const processor = new IntegrityProcessor(storage.store, query, other, { idleMs: 60_000 });
    await processor.start();
    expect(await processor.waitFor(2555, 30_000)).toBe(true);
    await processor.stop();
    expect(await verifyIntegrity(query, { keys: [key] })).toMatchObject({
      status: 'failed',
      firstFailure: { position: 2555, reason: 'checkpoint-key-unknown' },
    });
    expect(await verifyIntegrity(query, { keys: [key, createPublicKey(other)] })).toMatchObject({
      status: 'verified',
      verifiedThrough: 2555,
      lastCheckpoint: { position: 2555 },
    });
  }, 60_000);
});
