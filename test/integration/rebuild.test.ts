import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { projections } from '../../projections/index.js';
import { rebuildProjections, rebuildsInProgress, type RebuildProgress } from '../../projections/runner/rebuild.js';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign, cluster, phase, units } from '../support/fixtures.js';
import { readModelTables, tableHashes, waitCaughtUp } from './read-model-hashes.js';

const members = ['ca-hai-phong', 'ca-hau-giang', 'ca-can-tho', 'ca-soc-trang'];
const criteria = campaign.scale.criteria.map((c) => c.id);

describe.each(storeKinds('rebuild'))('projection rebuild beside the running app (%s store)', (kind) => {
  let t: TestApp;
  let dataSource: DataSource;
  const storage = () => ({ store: t.store, dataSource });
  const rates: string[] = [];

  const record = (unitId: string, body: Record<string, unknown>) =>
    t
      .http()
      .post(`/api/campaigns/${campaign.id}/units/${unitId}/score-entries`)
      .send({ period: '2026-07', source: 'self-assessment', reason: 'Tự chấm', ...body })
      .expect(201);

  /** Indexes of the live read-model tables: names and definitions. */
  const liveIndexes = async () => {
    const rows: { indexname: string; indexdef: string }[] = await dataSource.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY($1::text[]) ORDER BY indexname`,
      [readModelTables()],
    );
    return rows.map((r) => `${r.indexname}: ${r.indexdef}`);
  };
  const leftovers = async () => {
    const rows: { relname: string }[] = await dataSource.query(
      `SELECT relname FROM pg_class WHERE relname LIKE '%\\_\\_rebuild%' OR relname LIKE '%\\_\\_old%' ORDER BY relname`,
    );
    return rows.map((r) => r.relname);
  };

  beforeAll(async () => {
    t = await startApp(kind);
    dataSource = t.app.get(DataSource);
    for (const unit of Object.values(units)) await t.http().post('/api/units').send(unit).expect(201);
    await t.http().post('/api/campaigns').send(campaign).expect(201);
    await t.http().post(`/api/campaigns/${campaign.id}/phases`).send(phase).expect(201);
    await t.http().post(`/api/campaigns/${campaign.id}/clusters`).send(cluster).expect(201);
    const open = new Map<string, string[]>(members.map((m) => [m, []]));
    for (let i = 0; i < 300; i++) {
      const unitId = members[i % members.length];
      const entries = open.get(unitId)!;
      if (i % 10 === 9 && entries.length > 0) {
        const entryId = entries.shift()!;
        await t
          .http()
          .post(`/api/campaigns/${campaign.id}/units/${unitId}/score-entries/${entryId}/reversal`)
          .send({ reason: 'Nhập trùng số liệu' })
          .expect(201);
      } else if (i % 15 === 14 && entries.length > 0) {
        const entryId = entries.shift()!;
        const res = await t
          .http()
          .post(`/api/campaigns/${campaign.id}/units/${unitId}/score-entries/${entryId}/correction`)
          .send({ points: 0.75, reason: 'Kiểm tra chéo xác định lại' })
          .expect(201);
        entries.push(res.body.replacementEntryId);
      } else {
        const entryId = `e-${i}`;
        const body =
          i % 11 === 3
            ? { kind: 'bonus', points: 0.5, source: 'ministry' }
            : i % 11 === 7
              ? { kind: 'penalty', points: 0.25, source: 'cross-inspection' }
              : {
                  kind: 'achievement',
                  criterionId: criteria[i % criteria.length],
                  points: 0.5 + (i % 5) * 0.25,
                  ...(i % 6 === 0 ? { phaseId: phase.id } : {}),
                };
        await record(unitId, { entryId, ...body, evidence: i % 4 === 0 ? [`BC-${i}/CA`] : [] });
        entries.push(entryId);
      }
    }
    await waitCaughtUp(t.store, dataSource);
    const status = await t.http().get('/api/projections').expect(200);
    for (const p of status.body.projections) expect(p.lag.events).toBe(0);
  }, 120_000);

  afterAll(async () => {
    if (rates.length > 0) console.log(`rebuild rate (${kind}): ${rates.join('; ')}`);
    await t?.close();
  });

  it('rebuilds every projection while the app keeps serving: same rows, same index names, nothing left behind', async () => {
    const before = await tableHashes(dataSource);
    const indexesBefore = await liveIndexes();
    expect(before.rm_score_events).toMatch(/^3\d\d:/);

    const reads: Promise<unknown>[] = [];
    const phases: RebuildProgress['phase'][] = [];
    const result = await rebuildProjections(storage(), projections, {
      batchSize: 50,
      onProgress: (p) => {
        phases.push(p.phase);
        // Reads keep being answered from the live tables during the rebuild.
        reads.push(t.http().get(`/api/campaigns/${campaign.id}/clusters/${cluster.id}/ranking`).expect(200));
      },
    });
    await Promise.all(reads);
    rates.push(`${result.events} events in ${result.seconds.toFixed(2)} s = ${Math.round(result.eventsPerSecond)} events/s (batch 50)`);
    expect(phases.filter((p) => p === 'catching-up').length).toBeGreaterThan(3);
    expect(phases.at(-1)).toBe('done');
    expect(result.projections.map((p) => p.resumedFrom)).toEqual(projections.map(() => 0));

    expect(await tableHashes(dataSource)).toEqual(before);
    expect(await liveIndexes()).toEqual(indexesBefore);
    expect(await leftovers()).toEqual([]);
    expect(await dataSource.query(`SELECT * FROM processor_checkpoints WHERE kind = 'rebuild'`)).toEqual([]);
    const head = await t.store.headPosition();
    const checkpoints: { position: string }[] = await dataSource.query('SELECT position FROM processor_checkpoints WHERE name = ANY($1::text[])', [
      projections.map((p) => p.name),
    ]);
    expect(checkpoints.map((c) => Number(c.position))).toEqual(projections.map(() => head));

    // The app still answers reads, and what is written after the switch is projected.
    const ranking = await t.http().get(`/api/campaigns/${campaign.id}/clusters/${cluster.id}/ranking`).expect(200);
    expect(ranking.body.rows).toHaveLength(cluster.memberUnitIds.length);
    const card = await t.http().get(`/api/campaigns/${campaign.id}/units/ca-soc-trang/scorecard`).expect(200);
    const written = await record('ca-soc-trang', { entryId: 'sau-rebuild', kind: 'achievement', criterionId: 'c6-1', points: 1 });
    const after = await t.http().get(`/api/campaigns/${campaign.id}/units/ca-soc-trang/scorecard?minPosition=${written.body.position}`).expect(200);
    expect(after.body.total).toBeCloseTo(card.body.total + 1, 2);
  });

  it('switches over correctly while writes keep arriving: the result equals a quiet rebuild of the same log', async () => {
    const writes: Promise<unknown>[] = [];
    let n = 0;
    const result = await rebuildProjections(storage(), projections, {
      batchSize: 40,
      onProgress: () => {
        const unitId = members[n % members.length];
        writes.push(record(unitId, { entryId: `trong-rebuild-${n++}`, kind: 'achievement', criterionId: 'c5-1', points: 0.5 }));
      },
    });
    await Promise.all(writes);
    expect(n).toBeGreaterThan(3);
    expect(result.projections.every((p) => p.switchedAt > 0)).toBe(true);
    await waitCaughtUp(t.store, dataSource);
    const live = await tableHashes(dataSource);

    const quiet = await rebuildProjections(storage(), projections, { batchSize: 5000 });
    rates.push(`${quiet.events} events in ${quiet.seconds.toFixed(2)} s = ${Math.round(quiet.eventsPerSecond)} events/s (batch 5000)`);
    expect(await tableHashes(dataSource)).toEqual(live);
    const scorecard = await t.http().get(`/api/campaigns/${campaign.id}/units/ca-hai-phong/audit?limit=1000`).expect(200);
    expect(scorecard.body.events.filter((e: { entryId: string }) => e.entryId.startsWith('trong-rebuild-')).length).toBeGreaterThan(0);
  });

  it('resumes an interrupted rebuild from its own checkpoint; --restart starts over', async () => {
    await waitCaughtUp(t.store, dataSource);
    const before = await tableHashes(dataSource);
    const stop = new Error('interrupted after the first batch');
    await expect(
      rebuildProjections(storage(), projections, {
        batchSize: 100,
        onProgress: (p) => {
          if (p.phase === 'catching-up' && p.events > 0) throw stop;
        },
      }),
    ).rejects.toBe(stop);
    const saved = await rebuildsInProgress(dataSource);
    expect([...saved.keys()]).toEqual(projections.map((p) => p.name).sort());
    expect([...saved.values()].every((position) => position === 100)).toBe(true);
    expect(await tableHashes(dataSource)).toEqual(before); // live tables untouched

    const resumed = await rebuildProjections(storage(), projections, { batchSize: 100 });
    expect(resumed.projections.map((p) => p.resumedFrom)).toEqual(projections.map(() => 100));
    const head = await t.store.headPosition();
    expect(resumed.events).toBe(head - 100);
    expect(await tableHashes(dataSource)).toEqual(before);
    expect(await leftovers()).toEqual([]);

    // Interrupted again, then --restart: the saved position is dropped and the log read from 0.
    await expect(
      rebuildProjections(storage(), projections.slice(0, 1), {
        batchSize: 100,
        onProgress: (p) => {
          if (p.events > 0) throw stop;
        },
      }),
    ).rejects.toBe(stop);
    const restarted = await rebuildProjections(storage(), projections.slice(0, 1), { batchSize: 100, restart: true });
    expect(restarted.projections[0].resumedFrom).toBe(0);
    expect(restarted.events).toBe(head);
    expect(await tableHashes(dataSource)).toEqual(before);
    expect(await leftovers()).toEqual([]);
  });
});
