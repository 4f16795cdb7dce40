import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { campaignDecider, type CampaignState } from '../../src/ledger/campaigns/campaign.decider.js';
import { fold } from '../../src/ledger/decider.js';
import type { CampaignEvent, ScoreEvent } from '../../src/ledger/events.js';
import { pointsToNumber } from '../../src/ledger/points.js';
import { scorecardDecider } from '../../src/ledger/scores/scorecard.decider.js';
import { computeScorecard, rank } from '../../src/ledger/scores/scorecard-totals.js';
import { accountWithToken } from '../support/accounts.js';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';

/** A small deterministic PRNG (mulberry32), so a failure names a seed that reproduces it. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface LogEvent {
  position: number;
  streamId: string;
  type: string;
  data: Record<string, unknown>;
}

const SEED = Number(process.env.PROPERTY_SEED ?? 20261123);
const MEMBERS = ['ca-a', 'ca-b', 'ca-c', 'ca-d'];
const CAMPAIGN = 'thi-dua-2026';
const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];

/**
 * Property: a ranking or scorecard read `asOf` a position equals the pure fold of the log up to
 * that position (deciders + computeScorecard + rank), for random histories and random cuts. Two
 * clocks: entries are back-dated to random months (period), and a read `on` a business date with
 * `asOf` a position equals the fold of the events recorded by then whose month is at or before the
 * date's (`period` and `through` likewise).
 */
describe.each(storeKinds('as-of property'))('as-of reads equal a pure fold of the log prefix (%s store)', (kind) => {
  let t: TestApp;
  let log: LogEvent[] = [];
  const random = prng(SEED);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];

  beforeAll(async () => {
    t = await startApp(kind);
    await t.http().post('/api/units').send({ id: 'bo-cong-an', name: 'Bộ Công an', kind: 'ministry' }).expect(201);
    for (const id of MEMBERS)
      await t
        .http()
        .post('/api/units')
        .send({ id, name: `Công an ${id}`, kind: 'province', parentId: 'bo-cong-an' })
        .expect(201);
    await t
      .http()
      .post('/api/campaigns')
      .send({
        id: CAMPAIGN,
        title: 'Thi đua 2026',
        form: 'regular',
        organizerUnitId: 'bo-cong-an',
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        scale: {
          groups: [
            { id: 'g1', name: 'Nhóm 1', maxPoints: 30 },
            { id: 'g2', name: 'Nhóm 2', maxPoints: 25.5 },
          ],
          criteria: [
            { id: 'c1', groupId: 'g1', name: 'Tiêu chí 1', maxPoints: 20 },
            { id: 'c2', groupId: 'g1', name: 'Tiêu chí 2', maxPoints: 15 },
            { id: 'c3', groupId: 'g2', name: 'Tiêu chí 3', maxPoints: 30 },
          ],
          bonusCap: 5,
        },
      })
      .expect(201);
    for (const id of ['p1', 'p2'])
      await t
        .http()
        .post(`/api/campaigns/${CAMPAIGN}/phases`)
        .send({ id, name: `Đợt ${id}`, startsOn: '2026-03-01', endsOn: '2026-06-30' })
        .expect(201);
    await t
      .http()
      .post(`/api/campaigns/${CAMPAIGN}/clusters`)
      .send({ id: 'cum-1', name: 'Cụm 1', kind: 'cluster', headUnitId: 'ca-a', memberUnitIds: MEMBERS })
      .expect(201);

    const entries: { unit: string; entryId: string; phaseId: string | null }[] = [];
    for (let i = 0; i < 160; i++) {
      const unit = pick(MEMBERS);
      const roll = random();
      const base = `/api/campaigns/${CAMPAIGN}/units/${unit}/score-entries`;
      const points = (Math.floor(random() * 800) + 1) / 100;
      const mine = entries.filter((e) => e.unit === unit);
      if (roll < 0.12 && mine.length > 0) {
        await t
          .http()
          .post(`${base}/${pick(mine).entryId}/reversal`)
          .send({ reason: 'Đảo bút toán' });
      } else if (roll < 0.2 && mine.length > 0) {
        await t
          .http()
          .post(`${base}/${pick(mine).entryId}/correction`)
          .send({ points, reason: 'Sửa' });
      } else {
        const kind = pick(['achievement', 'achievement', 'achievement', 'adjustment', 'bonus', 'penalty'] as const);
        const entryId = `e-${i}`;
        const body: Record<string, unknown> = {
          entryId,
          kind,
          source: pick(['self-assessment', 'cross-inspection']),
          reason: `Bút toán ${i}`,
          points: kind === 'adjustment' && random() < 0.5 ? -points : points,
          ...(kind === 'achievement' || kind === 'adjustment' ? { criterionId: pick(['c1', 'c2', 'c3']) } : {}),
          ...(random() < 0.6 ? { phaseId: pick(['p1', 'p2']) } : {}),
        };
        // Back-dated at random: phases p1 and p2 run March to June, the campaign the whole year.
        const month = body.phaseId ? pick(['03', '04', '05', '06']) : pick(MONTHS);
        body.period = `2026-${month}`;
        if (random() < 0.3) body.occurredOn = `2026-${month}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
        const res = await t.http().post(base).send(body);
        if (res.status === 201) entries.push({ unit, entryId, phaseId: (body.phaseId as string | undefined) ?? null });
        else expect(res.status).toBe(422); // refused by a rule: writes nothing, and the fold must agree
      }
    }
    // Phase p1 closes; from then on its entries change only through approved proposals.
    await t.http().post(`/api/campaigns/${CAMPAIGN}/phases/p1/close`).send({}).expect(201);
    const adminA = await accountWithToken(t, 'admin-a', [{ role: 'administrator' }]);
    const adminB = await accountWithToken(t, 'admin-b', [{ role: 'administrator' }]);
    const closed = entries.filter((e) => e.phaseId === 'p1');
    for (let i = 0; i < 30 && closed.length > 0; i++) {
      const { unit, entryId } = pick(closed);
      const proposals = `/api/campaigns/${CAMPAIGN}/units/${unit}/proposals`;
      const change = random() < 0.5 ? { action: 'reverse', entryId } : { action: 'correct', entryId, points: (Math.floor(random() * 800) + 1) / 100 };
      const proposed = await t
        .as(adminA)
        .post(proposals)
        .send({ proposalId: `dx-${i}`, reason: `Đề xuất ${i}`, ...change });
      if (proposed.status !== 201) {
        expect(proposed.status).toBe(422); // e.g. already reversed: nothing written
        continue;
      }
      const decision = random() < 0.7 ? 'approval' : 'rejection';
      const decided = await t
        .as(adminB)
        .post(`${proposals}/dx-${i}/${decision}`)
        .send(decision === 'rejection' ? { reason: 'Không duyệt' } : {});
      expect([201, 422]).toContain(decided.status);
    }
    for (let after = 0; ;) {
      const page = await t.http().get(`/api/events?after=${after}&limit=1000`).expect(200);
      log = log.concat(page.body.events);
      if (page.body.events.length < 1000) break;
      after = page.body.next;
    }
  }, 120_000);
  afterAll(async () => t?.close());

  it(`matches the pure fold at random cut points (seed ${SEED})`, async () => {
    // The history holds approved changes to the closed phase, so the cuts fall before and after them.
    expect(log.filter((e) => e.type === 'ChangeApproved').length).toBeGreaterThan(3);
    const clusterFormed = log.find((e) => e.type === 'ClusterFormed')!.position;
    const last = log[log.length - 1].position;
    const cuts = [clusterFormed, last, ...Array.from({ length: 12 }, () => clusterFormed + Math.floor(random() * (last - clusterFormed)))];
    await t.http().get(`/api/projections`).expect(200);
    for (const cut of cuts) {
      const expected = pureFold(log.filter((e) => e.position <= cut));
      for (const phaseId of [null, 'p1']) {
        const query = `asOf=${cut}&minPosition=${last}${phaseId ? `&phaseId=${phaseId}` : ''}`;
        const ranking = await t.http().get(`/api/campaigns/${CAMPAIGN}/clusters/cum-1/ranking?${query}`).expect(200);
        expect({
          cut,
          phaseId,
          rows: ranking.body.rows.map((r: { rank: number; unitId: string; total: number; bonus: number; penalty: number }) => [
            r.rank,
            r.unitId,
            r.total,
            r.bonus,
            r.penalty,
          ]),
        }).toEqual({ cut, phaseId, rows: expected.ranking(phaseId) });
        for (const unit of MEMBERS) {
          const card = await t.http().get(`/api/campaigns/${CAMPAIGN}/units/${unit}/scorecard?${query}`).expect(200);
          expect({ cut, unit, phaseId, total: card.body.total, penalty: card.body.penalty, bonus: card.body.bonus.raw }).toEqual({
            cut,
            unit,
            phaseId,
            ...expected.card(unit, phaseId),
          });
        }
      }
    }
  }, 120_000);

  it(`matches the pure fold of the events recorded by asOf, filtered by period, at random (on, asOf) pairs (seed ${SEED})`, async () => {
    const clusterFormed = log.find((e) => e.type === 'ClusterFormed')!.position;
    const last = log[log.length - 1].position;
    // The history holds back-dated entries: recorded in order, for months in any order.
    const periods = log.filter((e) => e.type === 'ScoreEntryRecorded').map((e) => e.data.period as string);
    expect(periods.some((p, i) => i > 0 && p < periods[i - 1])).toBe(true);
    const reads: { query: string; cut: number; counts: (period: string) => boolean }[] = [];
    for (let i = 0; i < 14; i++) {
      const cut = i === 0 ? last : clusterFormed + Math.floor(random() * (last - clusterFormed + 1));
      const month = pick(MONTHS);
      const on = `2026-${month}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
      const which = i % 3;
      if (which === 0) reads.push({ query: `on=${on}&asOf=${cut}`, cut, counts: (p) => p <= `2026-${month}` });
      else if (which === 1) reads.push({ query: `period=2026-${month}&asOf=${cut}`, cut, counts: (p) => p === `2026-${month}` });
      else reads.push({ query: `through=2026-${month}&asOf=${cut}`, cut, counts: (p) => p <= `2026-${month}` });
    }
    for (const { query: clocks, cut, counts } of reads) {
      const expected = pureFold(
        log.filter((e) => e.position <= cut),
        counts,
      );
      for (const phaseId of [null, 'p1']) {
        const query = `${clocks}&minPosition=${last}${phaseId ? `&phaseId=${phaseId}` : ''}`;
        const ranking = await t.http().get(`/api/campaigns/${CAMPAIGN}/clusters/cum-1/ranking?${query}`).expect(200);
        expect({
          query,
          rows: ranking.body.rows.map((r: { rank: number; unitId: string; total: number; bonus: number; penalty: number }) => [
            r.rank,
            r.unitId,
            r.total,
            r.bonus,
            r.penalty,
          ]),
        }).toEqual({ query, rows: expected.ranking(phaseId) });
        for (const unit of MEMBERS) {
          const card = await t.http().get(`/api/campaigns/${CAMPAIGN}/units/${unit}/scorecard?${query}`).expect(200);
          expect({ query, unit, total: card.body.total, penalty: card.body.penalty, bonus: card.body.bonus.raw }).toEqual({
            query,
            unit,
            ...expected.card(unit, phaseId),
          });
        }
      }
    }
  }, 120_000);
});

/**
 * The reference: the domain's own deciders folded over the log prefix, nothing else; with `counts`,
 * only the entries of the months it admits (a reversal of an entry left out is a no-op of the fold).
 */
function pureFold(prefix: LogEvent[], counts: (period: string) => boolean = () => true) {
  const campaign: CampaignState = fold(campaignDecider, prefix.filter((e) => e.streamId === `campaign:${CAMPAIGN}`) as unknown as CampaignEvent[]);
  if (!campaign.exists) throw new Error('no campaign in prefix');
  const scoreEvents = (unit: string) => prefix.filter((e) => e.streamId === `scorecard:${CAMPAIGN}:${unit}`) as unknown as ScoreEvent[];
  const phaseOfEntry = new Map(prefix.filter((e) => e.type === 'ScoreEntryRecorded').map((e) => [e.data.entryId as string, e.data.phaseId as string | null]));
  const totals = (unit: string, phaseId: string | null) => {
    const events = scoreEvents(unit)
      .filter((e) => e.type !== 'ScoreEntryRecorded' || counts(e.data.period))
      .filter(
        (e) =>
          phaseId === null ||
          (e.type === 'ScoreEntryRecorded' ? e.data.phaseId === phaseId : e.type === 'ScoreEntryReversed' && phaseOfEntry.get(e.data.entryId) === phaseId),
      );
    const state = fold(scorecardDecider, events);
    return computeScorecard(campaign.scale, state.criterionTotals, state.bonus, state.penalty);
  };
  return {
    card: (unit: string, phaseId: string | null) => {
      const card = totals(unit, phaseId);
      return { total: pointsToNumber(card.total), penalty: pointsToNumber(card.penalty), bonus: pointsToNumber(card.bonusRaw) };
    },
    ranking: (phaseId: string | null) =>
      rank(MEMBERS.map((unit) => ({ unit, ...totals(unit, phaseId) }))).map((r) => [
        r.rank,
        r.unit,
        pointsToNumber(r.total),
        pointsToNumber(r.bonus),
        pointsToNumber(r.penalty),
      ]),
  };
}
