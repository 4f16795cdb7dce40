import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { LoggerService } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { scoresProjection } from '../../projections/scores/scores.projection.js';
import { ProjectionFailedError } from '../../projections/runner/failure.js';
import { ProjectionRunner } from '../../projections/runner/projection-runner.js';
import { rebuildProjections } from '../../projections/runner/rebuild.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import type { ScoreEntryRecorded } from '../../src/ledger/events.js';
import { streamIds } from '../../src/ledger/ids.js';
import { projections } from '../../projections/index.js';
import { registryProjection } from '../../projections/registry/registry.projection.js';
import type { Projection } from '../../projections/runner/projection.js';
import { RebuildRequiredError, retryFailedProjection } from '../../projections/runner/failure.js';
import { advanceWatermark, applyPartitionBatch } from '../../src/messaging/partitioned-apply.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { startApp, type TestApp } from '../support/app.js';
import { freshDataDir, storeKinds } from '../support/databases.js';
import { appendSyntheticLog } from './read-model-hashes.js';
import { relayCheckpointName } from '../../src/messaging/kafka-relay.js';
import { campaign, cluster, units } from '../support/fixtures.js';

/**
 * Events the validation refuses, appended anyway straight through the store port (a bug, an old
 * ledger, another writer): each stops its own projection, marked failed at it, never the others
 * nor the writes; said once in the log without the SQL or its parameters; cleared after a fix by a
 * resume or a rebuild.
 */
const HUGE = '999999999999.99'; // fits numeric(14,2) once, not twice
const metadata = (n: string) => ({ actor: 'test:poison', commandId: `poison-${n}`, correlationId: `poison-${n}`, causationId: null });

describe.each(storeKinds('poison'))('a poison event stops only its projection (%s store)', (kind) => {
  let t: TestApp;
  let dataSource: DataSource;
  let runner: ProjectionRunner;
  const lines: { level: string; text: string }[] = [];
  const capture =
    (level: string) =>
    (message: unknown, ...rest: unknown[]) => {
      lines.push({ level, text: [message, ...rest].map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ') });
    };
  const logger: LoggerService = {
    log: capture('log'),
    error: capture('error'),
    warn: capture('warn'),
    debug: capture('debug'),
    verbose: capture('verbose'),
    fatal: capture('fatal'),
  };
  const failureLines = (name: string) => lines.filter((l) => l.text.includes(`projection '${name}' failed at position`));
  let scoresPoison = 0;
  let campaignsPoison = 0;
  const timings: string[] = [];

  const projectionsStatus = async () => {
    const res = await t.http().get('/api/projections').expect(200);
    return new Map<string, Record<string, unknown>>(res.body.projections.map((p: { name: string }) => [p.name, p]));
  };
  const until = async <T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> => {
    for (const deadline = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 25))) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    }
  };
  const record = (unitId: string, body: Record<string, unknown>) =>
    t
      .http()
      .post(`/api/campaigns/${campaign.id}/units/${unitId}/score-entries`)
      .send({ period: '2026-07', source: 'self-assessment', reason: 'Tự chấm', ...body })
      .expect(201);

  beforeAll(async () => {
    t = await startApp(kind, {}, { logger });
    dataSource = t.app.get(DataSource);
    runner = t.app.get(ProjectionRunner);
    for (const unit of Object.values(units)) await t.http().post('/api/units').send(unit).expect(201);
    await t.http().post('/api/campaigns').send(campaign).expect(201);
    await t.http().post(`/api/campaigns/${campaign.id}/clusters`).send(cluster).expect(201);
    await record('ca-hau-giang', { entryId: 'truoc', kind: 'achievement', criterionId: 'c1-1', points: 12.5 });
  }, 60_000);

  afterAll(async () => {
    if (timings.length > 0) console.log(`poison (${kind}): ${timings.join('; ')}`);
    await t?.close();
  });

  it('marks the poisoned projections failed at the poison event, with the error; the others stay live', async () => {
    const store: EventStore = t.store;
    const penalty = (entryId: string): ScoreEntryRecorded['data'] => ({
      campaignId: campaign.id,
      unitId: 'ca-hau-giang',
      entryId,
      kind: 'penalty',
      criterionId: null,
      points: HUGE,
      phaseId: null,
      period: '2026-07',
      source: 'ministry',
      reason: 'Nguyễn Văn A vi phạm',
      evidence: [],
      replaces: null,
    });
    // Schema version 1 (appended without one): a label as `measure`, upcast when read.
    const pledge = {
      campaignId: campaign.id,
      pledgeId: 'gu-tran',
      unitId: 'ca-can-tho',
      signedOn: '2026-02-15',
      targets: [{ criterionId: 'c2-1', description: 'Kéo giảm tội phạm', target: '999999999999999', measure: 'điểm' }],
    };
    const started = Date.now();
    const scores = await store.append(
      streamIds.scorecard(campaign.id, 'ca-hau-giang'),
      [
        { type: 'ScoreEntryRecorded', data: penalty('tru-1') },
        { type: 'ScoreEntryRecorded', data: penalty('tru-2') },
      ],
      { expectedVersion: 'any', metadata: metadata('scores') },
    );
    if (scores.replayed) throw new Error('replayed');
    scoresPoison = scores.position;
    const campaigns = await store.append(streamIds.pledge(campaign.id, 'gu-tran'), [{ type: 'PledgeSigned', data: pledge }], {
      expectedVersion: 'any',
      metadata: metadata('pledge'),
    });
    if (campaigns.replayed) throw new Error('replayed');
    campaignsPoison = campaigns.position;

    await until('scores failed', async () => runner.reports().find((r) => r.name === 'scores')!.status === 'failed');
    timings.push(`scores marked failed ${Date.now() - started} ms after the append`);
    await until('campaigns failed', async () => runner.reports().find((r) => r.name === 'campaigns')!.status === 'failed');
    timings.push(`campaigns ${Date.now() - started} ms`);
    const status = await projectionsStatus();
    expect(status.get('scores')).toMatchObject({
      status: 'failed',
      failedAt: scoresPoison,
      checkpoint: scoresPoison - 1,
      attempts: 1,
      error: { class: 'QueryFailedError', code: '22003', message: expect.stringMatching(/numeric field overflow/) },
      failedEvent: { type: 'ScoreEntryRecorded', streamId: streamIds.scorecard(campaign.id, 'ca-hau-giang') },
      failedSince: expect.any(String),
      lastError: expect.stringMatching(/^QueryFailedError: numeric field overflow/),
    });
    expect(status.get('campaigns')).toMatchObject({
      status: 'failed',
      failedAt: campaignsPoison,
      checkpoint: campaignsPoison - 1,
      error: { class: 'QueryFailedError', code: '22003' },
    });
    for (const name of ['registry', 'commendations']) expect(status.get(name)).toMatchObject({ status: 'live', failedAt: null, error: null });
    // The first penalty fits: the scores projection applied it, and stopped at the second.
    const rows: { entry_id: string }[] = await dataSource.query(`SELECT entry_id FROM rm_score_events WHERE unit_id = 'ca-hau-giang' ORDER BY position`);
    expect(rows.map((r) => r.entry_id)).toEqual(['truoc', 'tru-1']);

    const health = await t.anonymous().get('/health').expect(200);
    expect(health.body).toMatchObject({
      status: 'ok',
      liveness: 'ok',
      readiness: 'degraded',
      checks: { eventStore: { status: 'up' }, projections: { status: 'failed' } },
    });
    expect(health.body.checks.projections.failed).toEqual([
      { name: 'campaigns', failedAt: campaignsPoison, checkpoint: campaignsPoison - 1, since: expect.any(String) },
      { name: 'scores', failedAt: scoresPoison, checkpoint: scoresPoison - 1, since: expect.any(String) },
    ]);
  }, 30_000);

  it('keeps writing and keeps the other read models applying later events; reads of a failed one answer 503 at once', async () => {
    const unit = await t.http().post('/api/units').send({ id: 'ca-moi', name: 'Công an đơn vị mới', kind: 'team', parentId: 'ca-hai-phong' }).expect(201);
    const read = await t.http().get(`/api/units/ca-moi?minPosition=${unit.body.position}`).expect(200);
    expect(read.body.asOf.position).toBeGreaterThanOrEqual(unit.body.position);
    const decision = await t
      .http()
      .post('/api/commendations')
      .send({
        id: 'qd-sau-poison',
        form: 'diploma-of-merit',
        authority: 'minister',
        recipient: { kind: 'collective', id: 'ca-moi' },
        decisionNo: '77/QĐ-BCA',
        decidedOn: '2026-01-20',
      })
      .expect(201);
    const register = await t.http().get(`/api/commendations/register?unitId=ca-moi&minPosition=${decision.body.position}`).expect(200);
    expect(register.body.total.count).toBe(1);

    const written = await record('ca-soc-trang', { entryId: 'sau', kind: 'achievement', criterionId: 'c6-1', points: 1 });
    const started = Date.now();
    const refused = await t.http().get(`/api/campaigns/${campaign.id}/units/ca-soc-trang/scorecard?minPosition=${written.body.position}`).expect(503);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(refused.body).toMatchObject({
      code: 'read-model-failed',
      projection: expect.stringMatching(/^(campaigns|scores)$/),
      minPosition: written.body.position,
    });
    // A read of the failed projection without minPosition is served as of what it has applied, and says so.
    const stale = await t.http().get(`/api/campaigns/${campaign.id}/units/ca-hau-giang/scorecard`).expect(200);
    expect(stale.body.asOf.position).toBeLessThan(Math.min(scoresPoison, campaignsPoison));
  });

  it('logs each failure once, without SQL or parameters, and does not retry in a loop', async () => {
    const before = { ...runner.stats };
    const logged = lines.length;
    // Three seconds with writes going on: each is applied (an attempt that succeeds), nothing failing is tried again.
    for (let i = 0; i < 6; i++) {
      await t
        .http()
        .post('/api/units')
        .send({ id: `ca-doi-${i}`, name: `Đội ${i}`, kind: 'team', parentId: 'ca-hai-phong' })
        .expect(201);
      await new Promise((r) => setTimeout(r, 500));
    }
    const after = { ...runner.stats };
    timings.push(`${after.attempts - before.attempts} batch attempts in 3 s of writes, ${after.failedAttempts - before.failedAttempts} failed`);
    expect(after.failedAttempts).toBe(before.failedAttempts);
    expect(after.isolations).toBe(before.isolations);
    expect(after.attempts - before.attempts).toBeGreaterThanOrEqual(1);
    expect(after.attempts - before.attempts).toBeLessThanOrEqual(12);
    expect(lines.slice(logged).filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
    expect(failureLines('scores')).toHaveLength(1);
    expect(failureLines('campaigns')).toHaveLength(1);
    expect(failureLines('scores')[0].text).toMatch(
      new RegExp(`failed at position ${scoresPoison} \\(ScoreEntryRecorded.*QueryFailedError \\[22003\\]: numeric field overflow`),
    );
    // The first failure was tried 4 times (then isolated once), per batch: nothing since.
    expect(before.isolations).toBeGreaterThanOrEqual(1);
    expect(before.isolations).toBeLessThanOrEqual(2);
    expect(before.failedAttempts).toBe(4 * before.isolations);
    timings.push(
      `${before.failedAttempts} failed attempts and ${before.isolations} isolation(s) in all; ${failureLines('scores').length + failureLines('campaigns').length} failure lines logged`,
    );
    const everything = lines.map((l) => l.text).join('\n');
    expect(everything).not.toMatch(/INSERT INTO|json_populate_recordset|999999999999|Nguyễn Văn A|"parameters"|driverError/);
    // A read refused because its read model is failed is an answer, not an error of the server: not logged.
    expect(everything).not.toMatch(/ReadModelFailedError/);
    expect(
      Buffer.byteLength(
        everything
          .split('\n')
          .filter((l) => /Projections|projection/.test(l))
          .join('\n'),
      ),
    ).toBeLessThan(2000);
  }, 20_000);

  it('a resume fails again while the poison remains, and so does a rebuild; both say where, without the SQL', async () => {
    const resumed = await t.http().post('/api/projections/scores/resume').send({}).expect(422);
    expect(resumed.body).toMatchObject({
      code: 'projection-failed',
      projection: 'scores',
      failedAt: scoresPoison,
      error: { class: 'QueryFailedError', code: '22003' },
    });
    expect((await projectionsStatus()).get('scores')).toMatchObject({ status: 'failed', failedAt: scoresPoison, attempts: 2 });
    await t
      .http()
      .post('/api/projections/registry/resume')
      .send({})
      .expect(422)
      .expect((res) => expect(res.body.code).toBe('projection-not-failed'));
    await t
      .http()
      .post('/api/projections/khong-co/resume')
      .send({})
      .expect(404)
      .expect((res) => expect(res.body.code).toBe('projection-not-found'));

    const rebuild = rebuildProjections({ store: t.store, dataSource }, [scoresProjection], { batchSize: 100 });
    await expect(rebuild).rejects.toBeInstanceOf(ProjectionFailedError);
    const error = (await rebuild.catch((e: unknown) => e)) as ProjectionFailedError;
    expect(error.message).toMatch(new RegExp(`^rebuild: projection 'scores' failed at position ${scoresPoison} \\(ScoreEntryRecorded`));
    expect(JSON.stringify({ ...error, message: error.message })).not.toMatch(/INSERT|999999999999|Nguyễn/);
    expect((await projectionsStatus()).get('scores')!.status).toBe('failed');
  }, 30_000);

  it('after a fix, a rebuild clears the failure and a resume applies the event: every projection live again', async () => {
    // The fix: a migration widening the columns the poison overflows.
    for (const column of ['points', 'delta', 'total_after', 'bonus_after', 'penalty_after', 'phase_total_after', 'phase_bonus_after', 'phase_penalty_after']) {
      await dataSource.query(`ALTER TABLE rm_score_events ALTER COLUMN ${column} TYPE numeric(16,2)`);
    }
    const rebuilt = await rebuildProjections({ store: t.store, dataSource }, [scoresProjection], { batchSize: 100 });
    expect(rebuilt.projections[0].resumedFrom).toBe(0); // the shadow made before the fix is not resumed
    // The runner notices the rebuild (its own poll, within a second) and applies the projection again.
    await until('the runner no longer holds scores failed', async () => runner.reports().find((r) => r.name === 'scores')!.status !== 'failed', 5000);
    expect(lines.filter((l) => l.text.startsWith("projection 'scores' is no longer failed"))).toHaveLength(1);

    await dataSource.query('ALTER TABLE rm_pledge_targets ALTER COLUMN target TYPE numeric(20,2)');
    const resumed = await t.http().post('/api/projections/campaigns/resume').send({}).expect(200);
    expect(resumed.body).toMatchObject({ name: 'campaigns', status: 'resumed', failedAt: campaignsPoison, checkpoint: campaignsPoison });

    // The events after the poisons are applied: the entry recorded meanwhile shows in the scorecard, the poisons in the tables.
    const head = (await t.http().get('/api/events?after=0&limit=1000').expect(200)).body.events.at(-1).position;
    const card = await t.http().get(`/api/campaigns/${campaign.id}/units/ca-soc-trang/scorecard?minPosition=${head}`).expect(200);
    expect(card.body.total).toBe(1);
    const penalties: { penalty_after: string }[] = await dataSource.query(`SELECT penalty_after FROM rm_score_events WHERE entry_id = 'tru-2'`);
    expect(penalties).toEqual([{ penalty_after: '1999999999999.98' }]);
    const targets: { target: string }[] = await dataSource.query(`SELECT target FROM rm_pledge_targets WHERE pledge_id = 'gu-tran'`);
    expect(targets).toEqual([{ target: '999999999999999.00' }]);
    const status = await projectionsStatus();
    for (const p of status.values()) expect(p).toMatchObject({ status: 'live', failedAt: null, error: null });
    const health = await t.anonymous().get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', readiness: 'ready', checks: { projections: { status: 'up', failed: [] } } });
    expect(lines.filter((l) => l.text.startsWith("projection 'campaigns' resumed"))).toHaveLength(1);
    expect(lines.filter((l) => l.text.includes('no longer failed'))).toHaveLength(1);
  }, 30_000);
});

describe('the Kafka workers apply the same rule, without a broker (embedded store)', () => {
  const dataDir = freshDataDir('ledger-poison-kafka');
  let storage: Storage;
  const ref = { groupId: 'poison', topic: 'ledger.events', partition: 0 };
  let offset = 0;
  const deliver = async (isolate: boolean) => {
    const applied: { position: string }[] = await storage.dataSource.query('SELECT coalesce(max(last_position), 0) AS position FROM kafka_consumer_offsets');
    const events = await storage.store.readAll({ after: Number(applied[0].position), limit: 10_000 });
    const messages = events.map((event, i) => ({ offset: offset + i, event }));
    const result = await storage.dataSource.transaction((manager) => applyPartitionBatch(manager, projections, ref, messages, { isolate }));
    offset += messages.length;
    const head = events.at(-1)!.position;
    await storage.dataSource.query(
      `INSERT INTO processor_checkpoints (name, kind, position) VALUES ($1, 'kafka-relay', $2) ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position`,
      [relayCheckpointName(ref.topic), head],
    );
    await storage.dataSource.query(
      `INSERT INTO kafka_relay_partitions (topic, partition, last_position) VALUES ($1, 0, $2) ON CONFLICT (topic, partition) DO UPDATE SET last_position = EXCLUDED.last_position`,
      [ref.topic, head],
    );
    return { result, head };
  };
  const checkpoints = async () =>
    new Map(
      (
        (await storage.dataSource.query(`SELECT name, position, failure FROM processor_checkpoints WHERE kind = 'projection'`)) as {
          name: string;
          position: string;
          failure: unknown;
        }[]
      ).map((r) => [r.name, { position: Number(r.position), failed: r.failure !== null }]),
    );

  beforeAll(async () => {
    storage = await openStorage({ databaseUrl: null, dataDir: dataDir.dir });
    await appendSyntheticLog(storage.store, 60, { units: 3, perAppend: 20 });
  }, 60_000);
  afterAll(async () => {
    await storage?.close();
    dataDir.remove();
  });

  it('marks the poisoned projection failed (source kafka), skips it from then on, refuses a resume, and a rebuild after the fix makes it whole', async () => {
    const penalty = (entryId: string): ScoreEntryRecorded['data'] => ({
      campaignId: campaign.id,
      unitId: 'don-vi-000',
      entryId,
      kind: 'penalty',
      criterionId: null,
      points: HUGE,
      phaseId: null,
      period: '2026-07',
      source: 'ministry',
      reason: 'x',
      evidence: [],
      replaces: null,
    });
    await storage.store.append(
      streamIds.scorecard(campaign.id, 'don-vi-000'),
      [
        { type: 'ScoreEntryRecorded', data: penalty('k-1') },
        { type: 'ScoreEntryRecorded', data: penalty('k-2') },
      ],
      { expectedVersion: 'any', metadata: metadata('kafka') },
    );
    // don-vi-000 has small penalties already: the first of the two overflows.
    const poison = (await storage.store.headPosition()) - 1;

    // As three tries would find: the batch as a whole fails; then isolated, only scores is marked.
    const all = await storage.store.readAll({ after: 0, limit: 10_000 });
    await expect(
      storage.dataSource.transaction((manager) =>
        applyPartitionBatch(
          manager,
          projections,
          ref,
          all.map((event, i) => ({ offset: i, event })),
        ),
      ),
    ).rejects.toThrow(/numeric field overflow/);
    const { result, head } = await deliver(true);
    expect(result.failed.map((f) => [f.name, f.failure.position, f.failure.source, f.failure.error.code])).toEqual([['scores', poison, 'kafka', '22003']]);
    await advanceWatermark(storage.dataSource, ref, projections);
    const after = await checkpoints();
    for (const name of ['registry', 'campaigns', 'commendations']) expect(after.get(name)).toEqual({ position: head, failed: false });
    expect(after.get('scores')).toEqual({ position: 0, failed: true }); // the watermark leaves a failed projection where it was

    // Later events: the others apply them, scores is skipped.
    await storage.store.append(
      streamIds.unit('don-vi-moi'),
      [{ type: 'UnitRegistered', data: { unitId: 'don-vi-moi', name: 'Mới', kind: 'team', parentId: 'bo-cong-an' } }],
      { expectedVersion: 'any', metadata: metadata('later') },
    );
    await storage.store.append(
      streamIds.scorecard(campaign.id, 'don-vi-001'),
      [{ type: 'ScoreEntryRecorded', data: { ...penalty('k-3'), unitId: 'don-vi-001', points: '1' } }],
      { expectedVersion: 'any', metadata: metadata('later-score') },
    );
    const later = await deliver(false);
    expect(later.result.failed).toEqual([]);
    await advanceWatermark(storage.dataSource, ref, projections);
    expect((await checkpoints()).get('registry')!.position).toBe(later.head);
    expect(await storage.dataSource.query(`SELECT entry_id FROM rm_score_events WHERE entry_id = 'k-3'`)).toEqual([]);

    await expect(retryFailedProjection(storage, scoresProjection)).rejects.toBeInstanceOf(RebuildRequiredError);
    for (const column of ['total_after', 'penalty_after', 'phase_total_after', 'phase_penalty_after']) {
      await storage.dataSource.query(`ALTER TABLE rm_score_events ALTER COLUMN ${column} TYPE numeric(16,2)`);
    }
    const rebuilt = await rebuildProjections(storage, [scoresProjection]);
    expect(rebuilt.projections[0].switchedAt).toBe(later.head);
    expect((await checkpoints()).get('scores')).toEqual({ position: later.head, failed: false });
    const entries: { entry_id: string }[] = await storage.dataSource.query(`SELECT entry_id FROM rm_score_events WHERE entry_id LIKE 'k-%' ORDER BY position`);
    expect(entries.map((e) => e.entry_id)).toEqual(['k-1', 'k-2', 'k-3']);
  }, 60_000);
});

describe('a database that fails, no event to blame, is retried with back-off, not marked failed (embedded store)', () => {
  const dataDir = freshDataDir('ledger-poison-transient');
  let storage: Storage;
  afterAll(async () => {
    await storage?.close();
    dataDir.remove();
  });

  it('retries at most a few times a second, logs the streak once when it starts and once when it ends', async () => {
    storage = await openStorage({ databaseUrl: null, dataDir: dataDir.dir });
    await appendSyntheticLog(storage.store, 20, { units: 3 });
    let down = true;
    let calls = 0;
    // A projection whose database connection is gone (SQLSTATE 08006), until it is back.
    const flaky: Projection = {
      name: 'flaky',
      tables: {},
      handles: new Set(['UnitRegistered']),
      async apply(_events, { manager }) {
        calls++;
        if (down) throw Object.assign(new Error('terminating connection due to administrator command'), { code: '08006' });
        await manager.query('SELECT 1');
      },
    };
    const logged: string[] = [];
    const runner = new ProjectionRunner(storage.store, storage.dataSource, [registryProjection, flaky], {
      logger: { error: (m) => logged.push(`error ${m}`), warn: (m) => logged.push(`warn ${m}`), log: (m) => logged.push(`log ${m}`) },
    });
    await runner.start();
    try {
      await new Promise((r) => setTimeout(r, 4000));
      expect(runner.failed()).toEqual([]);
      expect(runner.reports().map((r) => r.status)).toEqual(['retrying', 'retrying']);
      expect(calls).toBeGreaterThanOrEqual(5);
      expect(calls).toBeLessThanOrEqual(20); // 4 tries and an isolation per 1.4 s cycle, then the store's back-off
      down = false;
      const back = Date.now();
      expect(await runner.waitFor(await storage.store.headPosition(), 5000)).toBe(true);
      console.log(`transient: ${calls} calls in 4 s of failures; applied ${Date.now() - back} ms after the database came back`);
    } finally {
      await runner.stop();
    }
    expect(logged.filter((l) => l.startsWith('warn'))).toHaveLength(1);
    expect(logged[0]).toMatch(/^warn projections: the batch of positions 1 to \d+ failed: Error \[08006\]: terminating connection/);
    expect(logged.filter((l) => /^log projections: applying again after/.test(l))).toHaveLength(1);
    expect(logged.filter((l) => l.startsWith('error'))).toEqual([]);
  }, 30_000);
});
