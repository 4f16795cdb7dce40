import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign as campaign2026 } from '../support/fixtures.js';
import { expectRefusal } from '../support/refusals.js';

/**
 * The reorganisation's scores (issue 13): a cluster of three provinces scores January to June
 * 2025; Thái Bình is merged into Hưng Yên on 1 July 2025 (recorded in August, after the fact); the
 * cluster is re-formed by the merge itself (no cluster event: Hưng Yên stands in Thái Bình's place);
 * Hưng Yên scores July and August. Rankings on 30 June read as before; on 31 August Hưng Yên counts
 * both half-years; Thái Bình's own scorecard and audit trail stay under its id.
 */
const C = 'vi-an-ninh-to-quoc-2025';
const CLUSTER = 'cum-dong-bang';
const ministry = { id: 'bo-cong-an', name: 'Bộ Công an', kind: 'ministry' };
const province = (id: string, name: string) => ({ id, name, kind: 'province', parentId: 'bo-cong-an' });
const entries = (unitId: string) => `/api/campaigns/${C}/units/${unitId}/score-entries`;
const achievement = (criterionId: string, points: number, period: string, extra: Record<string, unknown> = {}) => ({
  kind: 'achievement',
  criterionId,
  points,
  period,
  source: 'self-assessment',
  reason: `Tự chấm tháng ${period}`,
  ...extra,
});

interface Row {
  unitId: string;
  rank: number;
  total: number;
  bonus: number;
  penalty: number;
  vetoed: boolean;
  carriedFrom?: string[];
}

describe.each(storeKinds('reorganisation-scores'))('the 2025 reorganisation: a merged province’s scores carry on under its successor (%s store)', (kind) => {
  let t: TestApp;
  let last = 0;
  let beforeMerge = 0;
  const write = async (path: string, body: object) => {
    const res = await t.http().post(path).send(body);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    last = res.body.position;
    return res;
  };
  const get = async (path: string) =>
    (
      await t
        .http()
        .get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${last}`)
        .expect(200)
    ).body;
  const ranking = async (query: string): Promise<Row[]> => (await get(`/api/campaigns/${C}/clusters/${CLUSTER}/ranking?${query}`)).rows;
  const brief = (rows: Row[]) => rows.map((r) => [r.rank, r.unitId, r.total]);

  beforeAll(async () => {
    t = await startApp(kind);
    await write('/api/units', ministry);
    await write('/api/units', province('ca-hung-yen', 'Công an tỉnh Hưng Yên'));
    await write('/api/units', province('ca-thai-binh', 'Công an tỉnh Thái Bình'));
    await write('/api/units', province('ca-ha-nam', 'Công an tỉnh Hà Nam'));
    await write('/api/campaigns', {
      ...campaign2026,
      id: C,
      title: 'Phong trào thi đua "Vì an ninh Tổ quốc" năm 2025',
      startsOn: '2025-01-01',
      endsOn: '2025-12-31',
    });
    await write(`/api/campaigns/${C}/clusters`, {
      id: CLUSTER,
      name: 'Cụm thi đua các tỉnh đồng bằng',
      kind: 'cluster',
      headUnitId: 'ca-hung-yen',
      deputyUnitId: 'ca-ha-nam',
      memberUnitIds: ['ca-hung-yen', 'ca-thai-binh', 'ca-ha-nam'],
    });
    // January to June: each province scores every month (Hưng Yên 10, Thái Bình 12, Hà Nam 15 a month).
    for (const month of ['01', '02', '03', '04', '05', '06']) {
      await write(entries('ca-hung-yen'), achievement('c1-1', 10, `2025-${month}`));
      await write(entries('ca-thai-binh'), achievement('c2-1', 12, `2025-${month}`));
      await write(entries('ca-ha-nam'), achievement('c1-1', 15, `2025-${month}`));
    }
    // Thái Bình's pledge (giao ước thi đua), reported to May; the merge leaves it open.
    await write(`/api/campaigns/${C}/pledges`, {
      id: 'giao-uoc-thai-binh',
      unitId: 'ca-thai-binh',
      signedOn: '2025-02-10',
      targets: [
        { criterionId: 'c2-1', description: 'Kéo giảm tội phạm về trật tự xã hội ≥ 5%', target: 5, measure: 'percent', direction: 'reduce-by', unit: '%' },
      ],
    });
    await write(`/api/campaigns/${C}/pledges/giao-uoc-thai-binh/actuals`, { unitId: 'ca-thai-binh', criterionId: 'c2-1', period: '2025-05', value: '3,1' });
    beforeMerge = last;
  });
  afterAll(async () => t?.close());

  it('before the merge is recorded: the three provinces with their own totals', async () => {
    expect(brief(await ranking('on=2025-06-30'))).toEqual([
      [1, 'ca-ha-nam', 90],
      [2, 'ca-thai-binh', 72],
      [3, 'ca-hung-yen', 60],
    ]);
  });

  it('1 July: Thái Bình merged into Hưng Yên; its entries from that date are refused, naming unitId, and point to the successor (nothing written)', async () => {
    await write('/api/units/ca-thai-binh/merge', { successorId: 'ca-hung-yen', effectiveOn: '2025-07-01' });
    const refused = await expectRefusal(
      t,
      () =>
        t
          .http()
          .post(entries('ca-thai-binh'))
          .send(achievement('c2-1', 5, '2025-07')),
      422,
      'unit-ended',
      'unitId',
    );
    expect(refused.body.detail).toBe("'ca-thai-binh' was merged into 'ca-hung-yen' on 2025-07-01; record for 'ca-hung-yen'");
    // A day before the merge, in June, is still its own (a late June report is recorded for it).
    await expectRefusal(
      t,
      () =>
        t
          .http()
          .post(entries('ca-thai-binh'))
          .send(achievement('c2-1', 5, '2025-07', { occurredOn: '2025-07-02' })),
      422,
      'unit-ended',
      'unitId',
    );
    await write(entries('ca-thai-binh'), achievement('c2-1', 3, '2025-06', { occurredOn: '2025-06-30', reason: 'Báo cáo muộn tháng 6' }));
  });

  it('July and August: the successor scores', async () => {
    for (const month of ['07', '08']) {
      await write(entries('ca-hung-yen'), achievement('c1-1', 20, `2025-${month}`));
      await write(entries('ca-ha-nam'), achievement('c1-1', 15, `2025-${month}`));
    }
  });

  it('rankings on 30 June read as before: both provinces, their own totals (the late June entry counted for Thái Bình)', async () => {
    const june = await ranking('on=2025-06-30');
    expect(brief(june)).toEqual([
      [1, 'ca-ha-nam', 90],
      [2, 'ca-thai-binh', 75],
      [3, 'ca-hung-yen', 60],
    ]);
    expect(june.every((r) => r.carriedFrom === undefined)).toBe(true);
    // The same for June alone, through June, and as recorded before the merge.
    expect(brief(await ranking('through=2025-06'))).toEqual(brief(june));
    expect(brief(await ranking('period=2025-06'))).toEqual([
      [1, 'ca-ha-nam', 15],
      [1, 'ca-thai-binh', 15],
      [3, 'ca-hung-yen', 10],
    ]);
    expect(brief(await ranking(`on=2025-06-30&asOf=${beforeMerge}`))).toEqual([
      [1, 'ca-ha-nam', 90],
      [2, 'ca-thai-binh', 72],
      [3, 'ca-hung-yen', 60],
    ]);
  });

  it('on 31 August: Hưng Yên stands in Thái Bình’s place, with both histories (60 + 40 own, 75 carried)', async () => {
    const august = await ranking('on=2025-08-31');
    expect(brief(august)).toEqual([
      [1, 'ca-hung-yen', 175],
      [2, 'ca-ha-nam', 120],
    ]);
    expect(august[0]).toMatchObject({ unitName: 'Công an tỉnh Hưng Yên', carriedFrom: ['ca-thai-binh'], vetoed: false });
    // The same through August, and in the running ranking (no business date: every merge recorded).
    expect(brief(await ranking('through=2025-08'))).toEqual(brief(august));
    expect(brief(await ranking(''))).toEqual(brief(august));
    // July alone: the successor's own July (Thái Bình has no July entries).
    expect(brief(await ranking('period=2025-07'))).toEqual([
      [1, 'ca-hung-yen', 20],
      [2, 'ca-ha-nam', 15],
    ]);
    // As recorded before the merge, even on 31 August: the merge was not known yet.
    expect(brief(await ranking(`on=2025-08-31&asOf=${beforeMerge}`))).toEqual([
      [1, 'ca-ha-nam', 90],
      [2, 'ca-thai-binh', 72],
      [3, 'ca-hung-yen', 60],
    ]);
  });

  it('scorecards: the successor’s counts the merged unit’s after the merge; the merged unit’s reads as it was under its old id', async () => {
    const successor = await get(`/api/campaigns/${C}/units/ca-hung-yen/scorecard?on=2025-08-31`);
    expect(successor.total).toBe(175);
    expect(successor.carriedFrom).toEqual([{ unitId: 'ca-thai-binh', mergedOn: '2025-07-01' }]);
    const successorJune = await get(`/api/campaigns/${C}/units/ca-hung-yen/scorecard?on=2025-06-30`);
    expect(successorJune.total).toBe(60);
    expect(successorJune.carriedFrom).toBeUndefined();

    const mergedJune = await get(`/api/campaigns/${C}/units/ca-thai-binh/scorecard?on=2025-06-30`);
    expect(mergedJune.total).toBe(75);
    expect(mergedJune.mergedInto).toBeUndefined();
    expect(mergedJune.criteria.find((c: { criterionId: string }) => c.criterionId === 'c2-1')).toMatchObject({ raw: 75, capped: 75 });
    const mergedAugust = await get(`/api/campaigns/${C}/units/ca-thai-binh/scorecard?on=2025-08-31`);
    expect(mergedAugust.total).toBe(75);
    expect(mergedAugust.mergedInto).toEqual({ unitId: 'ca-hung-yen', effectiveOn: '2025-07-01' });
  });

  it('the audit trail of the old id stays: its seven entries, under its own id', async () => {
    const audit = await get(`/api/campaigns/${C}/units/ca-thai-binh/audit`);
    expect(audit.events).toHaveLength(7);
    expect(audit.events.map((e: { period: string }) => e.period)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06', '2025-06']);
    expect(audit.events[6]).toMatchObject({ runningTotal: 75, reason: 'Báo cáo muộn tháng 6' });
    const successorAudit = await get(`/api/campaigns/${C}/units/ca-hung-yen/audit`);
    expect(successorAudit.events).toHaveLength(8);
  });

  it("the auditor's replay on both clocks: the months up to a date, as recorded then", async () => {
    type Step = { event: { period: string; reason: string }; scorecard: { total: number } };
    const replay = async (query: string) => (await get(`/api/campaigns/${C}/units/ca-thai-binh/replay?${query}`)) as { steps: Step[]; through: string | null };
    const toMarch = await replay('on=2025-03-31');
    expect(toMarch.through).toBe('2025-03');
    expect(toMarch.steps.map((s) => s.scorecard.total)).toEqual([12, 24, 36]);
    // As recorded before the merge: the late June report was not yet known.
    const before = await replay(`on=2025-06-30&asOf=${beforeMerge}`);
    expect(before.steps.map((s) => s.scorecard.total)).toEqual([12, 24, 36, 48, 60, 72]);
    const now = await replay('on=2025-06-30');
    expect(now.steps.at(-1)).toMatchObject({ event: { period: '2025-06', reason: 'Báo cáo muộn tháng 6' }, scorecard: { total: 75 } });
    const june = await replay('period=2025-06');
    expect(june.steps.map((s) => s.scorecard.total)).toEqual([12, 15]);
    const audit = await get(`/api/campaigns/${C}/units/ca-thai-binh/audit?asOf=${beforeMerge}`);
    expect(audit.events).toHaveLength(6);
    expect(audit.next).toBeNull();
  });

  it('the open pledge carries on under Hưng Yên: it reports from July (and June, left open), Thái Bình no longer can', async () => {
    const actuals = `/api/campaigns/${C}/pledges/giao-uoc-thai-binh/actuals`;
    const refused = await expectRefusal(
      t,
      () => t.http().post(actuals).send({ unitId: 'ca-thai-binh', criterionId: 'c2-1', period: '2025-07', value: 5 }),
      422,
      'not-the-pledge-unit',
      'unitId',
    );
    expect(refused.body.detail).toBe(
      "pledge 'giao-uoc-thai-binh' was under 'ca-thai-binh', merged into 'ca-hung-yen' on 2025-07-01: 'ca-hung-yen' reports 2025-07",
    );
    // Hà Nam never stood for it.
    await expectRefusal(
      t,
      () => t.http().post(actuals).send({ unitId: 'ca-ha-nam', criterionId: 'c2-1', period: '2025-05', value: 5 }),
      422,
      'not-the-pledge-unit',
    );
    await write(actuals, { unitId: 'ca-hung-yen', criterionId: 'c2-1', period: '2025-06', value: '4,4' });
    await write(actuals, { unitId: 'ca-hung-yen', criterionId: 'c2-1', period: '2025-08', value: '6,2' });

    const progress = async (query: string) => (await get(`/api/campaigns/${C}/pledges/progress?${query}`)).rows;
    const [carried] = await progress('unitId=ca-hung-yen');
    expect(carried).toMatchObject({
      pledgeId: 'giao-uoc-thai-binh',
      unitId: 'ca-thai-binh',
      carriedTo: { unitId: 'ca-hung-yen', mergedOn: '2025-07-01' },
      actual: 6.2,
      percent: 124,
      met: true,
      period: '2025-08',
    });
    expect((await progress(`clusterId=${CLUSTER}`)).map((r: { pledgeId: string }) => r.pledgeId)).toEqual(['giao-uoc-thai-binh']);
    expect((await progress('unitId=ca-thai-binh'))[0]).toMatchObject({ pledgeId: 'giao-uoc-thai-binh', carriedTo: { unitId: 'ca-hung-yen' } });
    expect(await progress('unitId=ca-ha-nam')).toEqual([]);
  });
});
