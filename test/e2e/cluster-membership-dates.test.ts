import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign as campaign2026 } from '../support/fixtures.js';
import { expectRefusal } from '../support/refusals.js';

/**
 * Cluster membership on the business clock (issue 13): a cluster of four provinces is re-formed
 * with effect from 1 July 2025 (Nam Định leaves, Ninh Bình joins), recorded on the 3rd, after the
 * fact. Read `on` 30 June, the cluster is the old one, also as known now; `on` 31 July the new one;
 * as the log stood before the re-forming was recorded, the old one on both dates.
 */
const C = 'vi-an-ninh-to-quoc-2025';
const CLUSTER = 'cum-dong-bang';
const members = `/api/campaigns/${C}/clusters/${CLUSTER}/members`;
const ministry = { id: 'bo-cong-an', name: 'Bộ Công an', kind: 'ministry' };
const province = (id: string, name: string) => ({ id, name, kind: 'province', parentId: 'bo-cong-an' });
const entries = (unitId: string) => `/api/campaigns/${C}/units/${unitId}/score-entries`;
const achievement = (points: number, period: string) => ({
  kind: 'achievement',
  criterionId: 'c1-1',
  points,
  period,
  source: 'self-assessment',
  reason: `Tự chấm tháng ${period}`,
});

interface Row {
  unitId: string;
  rank: number;
  total: number;
  carriedFrom?: string[];
}

describe.each(storeKinds('cluster-membership-dates'))('cluster membership on the business clock: a cluster re-formed after the fact (%s store)', (kind) => {
  let t: TestApp;
  let last = 0;
  let beforeReform = 0;
  const check = (path: string, res: { status: number; body: { position: number } }) => {
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    last = res.body.position;
    return res;
  };
  const write = async (path: string, body: object) => check(path, await t.http().post(path).send(body));
  const remove = async (path: string) => check(path, await t.http().delete(path));
  const ranking = async (query: string): Promise<Row[]> =>
    (
      await t
        .http()
        .get(`/api/campaigns/${C}/clusters/${CLUSTER}/ranking?${query}${query === '' ? '' : '&'}minPosition=${last}`)
        .expect(200)
    ).body.rows;
  const ids = (rows: Row[]) => rows.map((r) => r.unitId).sort();
  const OLD = ['ca-ha-nam', 'ca-hung-yen', 'ca-nam-dinh', 'ca-thai-binh'];
  const NEW = ['ca-ha-nam', 'ca-hung-yen', 'ca-ninh-binh', 'ca-thai-binh'];

  beforeAll(async () => {
    t = await startApp(kind);
    await write('/api/units', ministry);
    await write('/api/units', province('ca-hung-yen', 'Công an tỉnh Hưng Yên'));
    await write('/api/units', province('ca-thai-binh', 'Công an tỉnh Thái Bình'));
    await write('/api/units', province('ca-ha-nam', 'Công an tỉnh Hà Nam'));
    await write('/api/units', province('ca-nam-dinh', 'Công an tỉnh Nam Định'));
    await write('/api/units', province('ca-ninh-binh', 'Công an tỉnh Ninh Bình'));
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
      memberUnitIds: ['ca-hung-yen', 'ca-thai-binh', 'ca-ha-nam', 'ca-nam-dinh'],
    });
    for (const month of ['2025-06', '2025-07']) {
      await write(entries('ca-hung-yen'), achievement(10, month));
      await write(entries('ca-thai-binh'), achievement(12, month));
      await write(entries('ca-ha-nam'), achievement(15, month));
      await write(entries('ca-nam-dinh'), achievement(20, month));
      await write(entries('ca-ninh-binh'), achievement(25, month));
    }
    beforeReform = last;
    // Recorded on 3 July (or whenever the test runs), with effect from 1 July.
    await remove(`${members}/ca-nam-dinh?effectiveOn=2025-07-01`);
    await write(members, { unitId: 'ca-ninh-binh', effectiveOn: '2025-07-01' });
  });
  afterAll(async () => t?.close());

  it('on 30 June: the old members, also when read as of now', async () => {
    expect(ids(await ranking('on=2025-06-30'))).toEqual(OLD);
    expect(ids(await ranking(`on=2025-06-30&asOf=${last}`))).toEqual(OLD);
    const june = await ranking('period=2025-06');
    expect(ids(june)).toEqual(OLD);
    expect(june.find((r) => r.unitId === 'ca-nam-dinh')).toMatchObject({ rank: 1, total: 20 });
  });

  it('on 31 July: the new members (July counted for Ninh Bình, its June too when cumulative)', async () => {
    expect(ids(await ranking('on=2025-07-31'))).toEqual(NEW);
    const july = await ranking('period=2025-07');
    expect(ids(july)).toEqual(NEW);
    expect(july.find((r) => r.unitId === 'ca-ninh-binh')).toMatchObject({ rank: 1, total: 25 });
    expect((await ranking('through=2025-07')).find((r) => r.unitId === 'ca-ninh-binh')).toMatchObject({ total: 50 });
  });

  it('as of before the re-forming was recorded: the old members on both dates', async () => {
    expect(ids(await ranking(`on=2025-06-30&asOf=${beforeReform}`))).toEqual(OLD);
    expect(ids(await ranking(`on=2025-07-31&asOf=${beforeReform}`))).toEqual(OLD);
    expect(ids(await ranking(`period=2025-07&asOf=${beforeReform}`))).toEqual(OLD);
  });

  it('without a business date: by position, as today (the new members now, the old before)', async () => {
    expect(ids(await ranking(''))).toEqual(NEW);
    expect(ids(await ranking(`asOf=${beforeReform}`))).toEqual(OLD);
  });

  it('refuses a date outside the campaign, a removal before joining, a return before leaving, naming effectiveOn (nothing written)', async () => {
    await expectRefusal(
      t,
      () => t.http().post(members).send({ unitId: 'ca-nam-dinh', effectiveOn: '2026-01-01' }),
      422,
      'effective-outside-campaign',
      'effectiveOn',
    );
    await expectRefusal(
      t,
      () => t.http().post(members).send({ unitId: 'ca-nam-dinh', effectiveOn: '2025-06-30' }),
      422,
      'effective-before-left',
      'effectiveOn',
    );
    await expectRefusal(t, () => t.http().delete(`${members}/ca-ninh-binh?effectiveOn=2025-06-30`), 422, 'effective-before-joined', 'effectiveOn');
    await expectRefusal(t, () => t.http().post(members).send({ unitId: 'ca-nam-dinh', effectiveOn: '1 July' }), 400, 'invalid-request', 'effectiveOn');
    await expectRefusal(t, () => t.http().delete(`${members}/ca-ninh-binh?effectiveOn=2025-13-01`), 400, 'invalid-request', 'effectiveOn');
  });

  it('a merge on top: Thái Bình merged into Hưng Yên from 1 August; on 31 August Hưng Yên stands in its place', async () => {
    await write('/api/units/ca-thai-binh/merge', { successorId: 'ca-hung-yen', effectiveOn: '2025-08-01' });
    const august = await ranking('on=2025-08-31');
    expect(ids(august)).toEqual(['ca-ha-nam', 'ca-hung-yen', 'ca-ninh-binh']);
    expect(august.find((r) => r.unitId === 'ca-hung-yen')).toMatchObject({ total: 44, carriedFrom: ['ca-thai-binh'] });
    expect(ids(await ranking('on=2025-06-30'))).toEqual(OLD);
  });
});
