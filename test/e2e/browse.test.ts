import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign, cluster, phase, units } from '../support/fixtures.js';
import { expectRefusal } from '../support/refusals.js';

/**
 * The browse API (issue 14): every list with its filters, cursor paging to the end, search without
 * tone marks, both clocks where the facts have them (units, officers, cluster members), names on
 * ranking rows, and 400/404 problems. The world: Hải Dương merges into Hải Phòng on 1 July 2025
 * (its district Chí Linh and its officer carried over), officers move and retire, three campaigns,
 * two clusters of 2026 whose membership changes on business dates, pledges, publications and
 * commendations, one corrected and one revoked after the fact.
 */
const C = campaign.id;
const C2025 = 'vi-an-ninh-to-quoc-2025';
const THEMATIC = 'ca-hp-100-ngay-dem-2026';
const haiDuong = { id: 'ca-hai-duong', name: 'Công an tỉnh Hải Dương', kind: 'province', parentId: 'bo-cong-an' };
const chiLinh = { id: 'ca-tp-chi-linh', name: 'Công an thành phố Chí Linh', kind: 'district', parentId: 'ca-hai-duong' };
const doSon = { id: 'ca-phuong-do-son', name: 'CÔNG AN PHƯỜNG ĐỒ SƠN', kind: 'commune', parentId: 'ca-hai-phong' };
const dienBien = { id: 'ca-dien-bien', name: 'Công an tỉnh Điện Biên', kind: 'province', parentId: 'bo-cong-an' };
const officers = [
  { id: 'cb-nguyen-van-an', fullName: 'Nguyễn Văn An', rank: 'Thiếu tá', unitId: 'ca-hai-phong' },
  { id: 'cb-tran-thi-binh', fullName: 'Trần Thị Bình', rank: 'Đại úy', unitId: 'ca-hai-duong' },
  { id: 'cb-le-van-cuong', fullName: 'Lê Văn Cường', rank: 'Trung tá', unitId: 'ca-hau-giang' },
  { id: 'cb-do-thi-dung', fullName: 'Đỗ Thị Dung', rank: 'Thượng tá', unitId: 'ca-hai-phong' },
];
const commendation = (id: string, body: Record<string, unknown>) => ({ id, ...body });

interface Page<T> {
  items: T[];
  next: string | null;
  asOf: { position: number; recordedAt: string | null };
}

describe.each(storeKinds('browse'))('browse: lists, filters, paging, search, both clocks (%s store)', (kind) => {
  let t: TestApp;
  let last = 0;
  /** Positions the log stood at, for reads as recorded then. */
  const at: Record<string, number> = {};

  const check = (path: string, res: { status: number; body: { position: number } }) => {
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    last = res.body.position;
    return res;
  };
  const write = async (path: string, body: object) => check(path, await t.http().post(path).send(body));
  const withMin = (path: string) => `${path}${path.includes('?') ? '&' : '?'}minPosition=${last}`;
  const get = async <T = Record<string, unknown>>(path: string): Promise<T> => {
    const res = await t.http().get(withMin(path));
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  };
  const items = async <T = Record<string, unknown>>(path: string): Promise<T[]> => {
    const page = await get<Page<T>>(path);
    expect(page.next).toBeNull();
    return page.items;
  };
  const ids = async (path: string, key: string) => (await items<Record<string, string>>(path)).map((item) => item[key]);
  /** Every page of a list, `limit` at a time, following `next` to the end (null). */
  const allPages = async <T>(path: string, limit: number): Promise<{ pages: T[][]; all: T[] }> => {
    const pages: T[][] = [];
    let after: string | null = null;
    do {
      const query: string = `limit=${limit}${after === null ? '' : `&after=${after}`}`;
      const page: Page<T> = await get<Page<T>>(`${path}${path.includes('?') ? '&' : '?'}${query}`);
      pages.push(page.items);
      after = page.next;
      if (pages.length > 50) throw new Error(`${path}: more than 50 pages`);
    } while (after !== null);
    return { pages, all: pages.flat() };
  };

  beforeAll(async () => {
    t = await startApp(kind);
    for (const unit of [...Object.values(units), haiDuong, chiLinh, doSon]) await write('/api/units', unit);
    for (const officer of officers) await write('/api/officers', officer);
    await write('/api/officers/cb-le-van-cuong/transfers', { unitId: 'ca-can-tho', effectiveOn: '2025-05-01' });
    await write('/api/officers/cb-do-thi-dung/retirement', { reason: 'retired', retiredOn: '2025-12-31', note: 'Nghỉ hưu theo chế độ' });
    await write('/api/units/ca-hai-duong/merge', { successorId: 'ca-hai-phong', effectiveOn: '2025-07-01' });
    at.beforeDienBien = last;
    await write('/api/units', dienBien);

    await write('/api/campaigns', campaign);
    at.only2026 = last;
    await write('/api/campaigns', {
      ...campaign,
      id: C2025,
      title: 'Phong trào thi đua "Vì an ninh Tổ quốc" năm 2025',
      startsOn: '2025-01-01',
      endsOn: '2025-12-31',
    });
    await write('/api/campaigns', {
      ...campaign,
      id: THEMATIC,
      title: 'Đợt thi đua cao điểm 100 ngày đêm bảo đảm an ninh, trật tự',
      form: 'thematic',
      organizerUnitId: 'ca-hai-phong',
      startsOn: '2026-03-01',
      endsOn: '2026-06-08',
    });
    at.before2025Closed = last;
    await write(`/api/campaigns/${C2025}/close`, {});
    await write(`/api/campaigns/${C}/phases`, phase);
    await write(`/api/campaigns/${C}/phases`, {
      id: 'dot-30-4',
      name: 'Đợt thi đua chào mừng 30/4',
      startsOn: '2026-04-01',
      endsOn: '2026-04-30',
      occasion: '30/4',
    });

    await write(`/api/campaigns/${C}/clusters`, cluster);
    await write(`/api/campaigns/${C}/clusters`, {
      id: 'khoi-thanh-pho',
      name: 'Khối Công an các thành phố',
      kind: 'block',
      headUnitId: 'ca-hai-phong',
      deputyUnitId: 'ca-can-tho',
      memberUnitIds: ['ca-hai-phong', 'ca-can-tho'],
    });
    at.beforeMembersChange = last;
    await write(`/api/campaigns/${C}/clusters/cum-9/members`, { unitId: 'ca-hai-phong', effectiveOn: '2026-07-01' });
    check('remove', await t.http().delete(`/api/campaigns/${C}/clusters/cum-9/members/ca-soc-trang?effectiveOn=2026-09-01`));

    await write(`/api/campaigns/${C}/pledges`, {
      id: 'gu-hau-giang',
      unitId: 'ca-hau-giang',
      signedOn: '2026-02-15',
      targets: [{ criterionId: 'c2-1', target: 5 }],
    });
    await write(`/api/campaigns/${C}/pledges`, {
      id: 'gu-can-tho',
      unitId: 'ca-can-tho',
      signedOn: '2026-02-15',
      targets: [{ criterionId: 'c3-1', target: 80 }],
    });
    await write(`/api/campaigns/${C}/pledges`, {
      id: 'gu-hai-phong',
      unitId: 'ca-hai-phong',
      signedOn: '2026-02-20',
      targets: [
        { criterionId: 'c2-2', target: 95 },
        { criterionId: 'c1-1', target: 100, description: 'Không để xảy ra điểm nóng về an ninh' },
      ],
    });

    const publications = (clusterId: string) => `/api/campaigns/${C}/clusters/${clusterId}/rankings/publications`;
    await write(publications('cum-9'), { id: 'thang-05', period: '2026-05' });
    await write(publications('khoi-thanh-pho'), { id: 'thang-05-khoi', period: '2026-05' });
    at.beforeWithdrawal = last;
    await write(`${publications('cum-9')}/thang-05/withdrawal`, { reason: 'Công bố trước khi kiểm tra chéo' });

    await write(
      '/api/commendations',
      commendation('qd-1', {
        form: 'certificate-of-merit',
        authority: 'unit-head',
        recipient: { kind: 'individual', id: 'cb-nguyen-van-an' },
        decisionNo: '15/QĐ-CAHP',
        decidedOn: '2025-12-20',
        amountVnd: 1_000_000,
      }),
    );
    await write(
      '/api/commendations',
      commendation('qd-2', {
        form: 'diploma-of-merit',
        authority: 'minister',
        recipient: { kind: 'collective', id: 'ca-hai-phong' },
        decisionNo: '120/QĐ-BCA',
        decidedOn: '2025-12-25',
      }),
    );
    await write(
      '/api/commendations',
      commendation('qd-3', {
        form: 'certificate-of-merit',
        authority: 'unit-head',
        recipient: { kind: 'collective', id: 'ca-tp-chi-linh' },
        decisionNo: '7/QĐ-CAHD',
        decidedOn: '2024-12-10',
      }),
    );
    await write(
      '/api/commendations',
      commendation('qd-4', {
        form: 'diploma-of-merit',
        authority: 'province',
        recipient: { kind: 'collective', id: 'ca-hau-giang' },
        decisionNo: '2001/QĐ-UBND',
        decidedOn: '2025-11-11',
      }),
    );
    await write(
      '/api/commendations',
      commendation('qd-5', {
        form: 'emulation-title',
        authority: 'unit-head',
        title: 'chien-si-tien-tien',
        recipient: { kind: 'individual', id: 'cb-le-van-cuong' },
        decisionNo: '30/QĐ-CACT',
        decidedOn: '2025-12-15',
        achievementPeriod: { from: '2025-01-01', to: '2025-12-31' },
      }),
    );
    at.beforeCorrections = last;
    await write('/api/commendations/qd-4/revocation', {
      ground: 'false-declaration',
      reason: 'Kê khai thành tích không trung thực',
      decisionNo: '55/QĐ-UBND',
      decidedOn: '2026-01-05',
    });
    at.revoked = last;
    await write('/api/commendations/qd-1/correction', { reason: 'Ghi nhầm số và ngày quyết định', decisionNo: '16/QĐ-CAHP', decidedOn: '2025-12-22' });
  }, 120_000);
  afterAll(async () => t?.close());

  describe('GET /api/units', () => {
    it('lists the units standing now, by id, with their kind, parent and parent’s name', async () => {
      const list = await items<Record<string, unknown>>('/api/units');
      expect(list.map((u) => u.unitId)).toEqual([
        'bo-cong-an',
        'ca-can-tho',
        'ca-dien-bien',
        'ca-hai-phong',
        'ca-hau-giang',
        'ca-phuong-do-son',
        'ca-soc-trang',
        'ca-tp-chi-linh',
      ]);
      expect(list.find((u) => u.unitId === 'ca-tp-chi-linh')).toEqual({
        unitId: 'ca-tp-chi-linh',
        name: 'Công an thành phố Chí Linh',
        kind: 'district',
        kindLabel: 'Công an huyện, quận, thị xã, thành phố thuộc tỉnh',
        parentId: 'ca-hai-phong',
        parentName: 'Công an thành phố Hải Phòng',
        establishedOn: null,
        status: 'active',
        endedOn: null,
        successorId: null,
      });
    });

    it('searches names without tone marks or case: "hai phong" finds "Hải Phòng", "do son" and "Đồ Sơn" find "CÔNG AN PHƯỜNG ĐỒ SƠN"', async () => {
      expect(await ids('/api/units?q=hai%20phong', 'unitId')).toEqual(['ca-hai-phong']);
      expect(await ids('/api/units?q=H%E1%BA%A3i%20Ph%C3%B2ng', 'unitId')).toEqual(['ca-hai-phong']);
      expect(await ids('/api/units?q=do%20son', 'unitId')).toEqual(['ca-phuong-do-son']);
      expect(await ids(`/api/units?q=${encodeURIComponent('Công an phường')}`, 'unitId')).toEqual(['ca-phuong-do-son']);
      expect(await ids(`/api/units?q=${encodeURIComponent('  THÀNH   phố  ')}`, 'unitId')).toEqual(['ca-can-tho', 'ca-hai-phong', 'ca-tp-chi-linh']);
      // Every word must be in the name, in any order; a LIKE wildcard is only a character.
      expect(await ids('/api/units?q=phong%20hai', 'unitId')).toEqual(['ca-hai-phong']);
      expect(await ids('/api/units?q=hai%20duong%20phong', 'unitId')).toEqual([]);
      expect(await ids('/api/units?q=%25', 'unitId')).toEqual([]);
    });

    it('filters by parent and kind, on a date: the merge of 1 July 2025 carries Chí Linh from Hải Dương to Hải Phòng', async () => {
      expect(await ids('/api/units?parentId=ca-hai-duong&on=2025-06-30', 'unitId')).toEqual(['ca-tp-chi-linh']);
      expect(await ids('/api/units?parentId=ca-hai-duong&on=2025-07-01', 'unitId')).toEqual([]);
      expect(await ids('/api/units?parentId=ca-hai-phong&on=2025-07-01', 'unitId')).toEqual(['ca-phuong-do-son', 'ca-tp-chi-linh']);
      const before = await items<Record<string, unknown>>('/api/units?kind=district&on=2025-06-30');
      expect(before.map((u) => [u.unitId, u.parentId, u.parentName])).toEqual([['ca-tp-chi-linh', 'ca-hai-duong', 'Công an tỉnh Hải Dương']]);
      expect(await ids('/api/units?kind=province&parentId=bo-cong-an', 'unitId')).toEqual([
        'ca-can-tho',
        'ca-dien-bien',
        'ca-hai-phong',
        'ca-hau-giang',
        'ca-soc-trang',
      ]);
      expect(await ids('/api/units?kind=ministry', 'unitId')).toEqual(['bo-cong-an']);
    });

    it('leaves out units merged by the date unless includeEnded=true, which shows how they ended', async () => {
      expect(await ids('/api/units?kind=province&on=2025-06-30', 'unitId')).toContain('ca-hai-duong');
      expect(await ids('/api/units?kind=province&on=2025-07-01', 'unitId')).not.toContain('ca-hai-duong');
      const ended = (await items<Record<string, unknown>>('/api/units?kind=province&includeEnded=true')).find((u) => u.unitId === 'ca-hai-duong');
      expect(ended).toMatchObject({ status: 'merged', endedOn: '2025-07-01', successorId: 'ca-hai-phong' });
      expect(
        (await items<Record<string, unknown>>('/api/units?kind=province&includeEnded=true&on=2025-06-30')).find((u) => u.unitId === 'ca-hai-duong'),
      ).toMatchObject({ status: 'active', endedOn: null });
    });

    it('reads the list as recorded at asOf: a unit registered later is not there yet', async () => {
      const page = await get<Page<{ unitId: string }>>(`/api/units?q=dien%20bien&asOf=${at.beforeDienBien}`);
      expect([page.items, page.asOf.position]).toEqual([[], at.beforeDienBien]);
      expect(await ids('/api/units?q=dien%20bien', 'unitId')).toEqual(['ca-dien-bien']);
    });

    it('pages with after/limit to the end (next null), every unit once, in order', async () => {
      const everything = await ids('/api/units?includeEnded=true', 'unitId');
      const { pages, all } = await allPages<{ unitId: string }>('/api/units?includeEnded=true', 3);
      expect(pages.map((p) => p.length)).toEqual([3, 3, 3]);
      expect(all.map((u) => u.unitId)).toEqual(everything);
      expect(everything).toHaveLength(9);
      const first = await get<Page<unknown>>('/api/units');
      expect(first.items).toHaveLength(8); // the default page (50) holds them all
    });

    it('refuses bad paging and filters with 400 naming the parameter, an unknown parent with 404 naming it', async () => {
      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=501', 'limit'],
        ['limit=abc', 'limit'],
        ['after=***', 'after'],
        ['after=bm90LWpzb24', 'after'], // base64url, not a cursor
        [`after=${Buffer.from(JSON.stringify(['ca-a', 'ca-b'])).toString('base64url')}`, 'after'], // another list's shape
        [`after=${Buffer.from(JSON.stringify(['CA HAI PHONG'])).toString('base64url')}`, 'after'],
        ['kind=city', 'kind'],
        ['on=2025-02-30', 'on'],
        ['asOf=yesterday', 'asOf'],
        ['includeEnded=yes', 'includeEnded'],
        ['parentId=CA%20HP', 'parentId'],
        [`q=${'a'.repeat(201)}`, 'q'],
      ]) {
        await expectRefusal(t, () => t.http().get(`/api/units?${query}`), 400, 'invalid-request', field);
      }
      const refused = await expectRefusal(t, () => t.http().get('/api/units?parentId=ca-khong-co'), 404, 'unit-not-found', 'parentId');
      expect(refused.body.detail).toBe("unit 'ca-khong-co' does not exist");
    });
  });

  describe('GET /api/officers', () => {
    it('lists the officers serving in a unit on a date: postings, merges and retirements move them', async () => {
      expect(await ids('/api/officers?unitId=ca-hai-phong', 'officerId')).toEqual(['cb-nguyen-van-an', 'cb-tran-thi-binh']);
      expect(await ids('/api/officers?unitId=ca-hai-phong&includeRetired=true', 'officerId')).toEqual([
        'cb-do-thi-dung',
        'cb-nguyen-van-an',
        'cb-tran-thi-binh',
      ]);
      expect(await ids('/api/officers?unitId=ca-hai-phong&on=2025-06-30', 'officerId')).toEqual(['cb-do-thi-dung', 'cb-nguyen-van-an']);
      expect(await ids('/api/officers?unitId=ca-hai-duong&on=2025-06-30', 'officerId')).toEqual(['cb-tran-thi-binh']);
      expect(await ids('/api/officers?unitId=ca-hau-giang&on=2025-04-30', 'officerId')).toEqual(['cb-le-van-cuong']);
      expect(await ids('/api/officers?unitId=ca-hau-giang&on=2025-05-01', 'officerId')).toEqual([]);
      const cuong = await items<Record<string, unknown>>('/api/officers?unitId=ca-can-tho');
      expect(cuong).toEqual([
        {
          officerId: 'cb-le-van-cuong',
          fullName: 'Lê Văn Cường',
          rank: 'Trung tá',
          unitId: 'ca-can-tho',
          unitName: 'Công an thành phố Cần Thơ',
          status: 'serving',
          retiredOn: null,
        },
      ]);
    });

    it('searches full names without tone marks; a retired officer shows as such', async () => {
      expect(await ids('/api/officers?q=nguyen%20van', 'officerId')).toEqual(['cb-nguyen-van-an']);
      expect(await ids('/api/officers?q=do%20thi%20dung', 'officerId')).toEqual([]);
      const [dung] = await items<Record<string, unknown>>(`/api/officers?q=${encodeURIComponent('ĐỖ THỊ')}&includeRetired=true`);
      expect(dung).toMatchObject({ officerId: 'cb-do-thi-dung', status: 'retired', retiredOn: '2025-12-31', unitId: 'ca-hai-phong' });
      expect(await ids(`/api/officers?q=${encodeURIComponent('ĐỖ THỊ')}&on=2025-12-30`, 'officerId')).toEqual(['cb-do-thi-dung']);
    });

    it('pages to the end; refuses an unknown unit (404 naming unitId) and bad values (400)', async () => {
      const { pages, all } = await allPages<{ officerId: string }>('/api/officers?includeRetired=true', 3);
      expect(pages.map((p) => p.length)).toEqual([3, 1]);
      expect(all.map((o) => o.officerId)).toEqual(['cb-do-thi-dung', 'cb-le-van-cuong', 'cb-nguyen-van-an', 'cb-tran-thi-binh']);
      await expectRefusal(t, () => t.http().get('/api/officers?unitId=ca-khong-co'), 404, 'unit-not-found', 'unitId');
      await expectRefusal(t, () => t.http().get('/api/officers?includeRetired=1'), 400, 'invalid-request', 'includeRetired');
    });
  });

  describe('campaigns: GET /api/campaigns, /:id, /:id/phases', () => {
    it('lists campaigns newest first, by year and by organiser, as recorded at asOf', async () => {
      expect(await ids('/api/campaigns', 'campaignId')).toEqual([THEMATIC, C, C2025]);
      expect(await ids('/api/campaigns?year=2025', 'campaignId')).toEqual([C2025]);
      expect(await ids('/api/campaigns?year=2026', 'campaignId')).toEqual([THEMATIC, C]);
      expect(await ids('/api/campaigns?year=2027', 'campaignId')).toEqual([]);
      expect(await ids('/api/campaigns?organiserId=ca-hai-phong', 'campaignId')).toEqual([THEMATIC]);
      expect(await ids(`/api/campaigns?asOf=${at.only2026}`, 'campaignId')).toEqual([C]);
      const [thematic] = await items<Record<string, unknown>>('/api/campaigns?organiserId=ca-hai-phong');
      expect(thematic).toEqual({
        campaignId: THEMATIC,
        name: 'Đợt thi đua cao điểm 100 ngày đêm bảo đảm an ninh, trật tự',
        title: 'Đợt thi đua cao điểm 100 ngày đêm bảo đảm an ninh, trật tự',
        year: 2026,
        form: 'thematic',
        formLabel: 'Thi đua theo chuyên đề, đợt',
        organiser: { unitId: 'ca-hai-phong', name: 'Công an thành phố Hải Phòng' },
        startsOn: '2026-03-01',
        endsOn: '2026-06-08',
        slogan: campaign.slogan,
        status: 'open',
      });
    });

    it('shows a campaign closed once the closing is recorded, open before', async () => {
      const status = async (asOf: string) => (await items<{ campaignId: string; status: string }>(`/api/campaigns?year=2025${asOf}`))[0].status;
      expect(await status('')).toBe('closed');
      expect(await status(`&asOf=${at.before2025Closed}`)).toBe('open');
    });

    it('pages campaigns to the end; 404 for an unknown organiser, 400 for a bad year', async () => {
      const { pages, all } = await allPages<{ campaignId: string }>('/api/campaigns', 1);
      expect(pages.map((p) => p.length)).toEqual([1, 1, 1]);
      expect(all.map((c) => c.campaignId)).toEqual([THEMATIC, C, C2025]);
      await expectRefusal(t, () => t.http().get('/api/campaigns?organiserId=ca-khong-co'), 404, 'unit-not-found', 'organiserId');
      await expectRefusal(t, () => t.http().get('/api/campaigns?year=20x6'), 400, 'invalid-request', 'year');
      await expectRefusal(
        t,
        () => t.http().get(`/api/campaigns?after=${Buffer.from(JSON.stringify(['2026-13-01', C])).toString('base64url')}`),
        400,
        'invalid-request',
        'after',
      );
    });

    it('GET /api/campaigns/:id: the scale with Vietnamese names of groups and criteria, the phases and clusters', async () => {
      const body = await get<Record<string, unknown> & { scale: { groups: unknown[]; bonusCap: number } }>(`/api/campaigns/${C}`);
      expect(body).toMatchObject({ campaignId: C, name: campaign.title, year: 2026, organiser: { unitId: 'bo-cong-an', name: 'Bộ Công an' }, status: 'open' });
      expect(body.scale.groups).toHaveLength(6);
      expect(body.scale.groups[0]).toEqual({
        groupId: 'g1',
        name: 'An ninh chính trị',
        maxPoints: 200,
        criteria: [
          { criterionId: 'c1-1', name: 'Không để xảy ra điểm nóng', maxPoints: 120 },
          { criterionId: 'c1-2', name: 'Bảo vệ tuyệt đối an toàn các sự kiện', maxPoints: 80 },
        ],
      });
      expect(body.scale.bonusCap).toBe(50);
      expect((body.phases as { phaseId: string }[]).map((p) => p.phaseId)).toEqual(['dot-30-4', phase.id]);
      expect((body.clusters as { clusterId: string; memberCount: number }[]).map((c) => [c.clusterId, c.memberCount])).toEqual([
        ['cum-9', 3],
        ['khoi-thanh-pho', 2],
      ]);
      await expectRefusal(t, () => t.http().get('/api/campaigns/khong-co'), 404, 'campaign-not-found');
      await expectRefusal(t, () => t.http().get(`/api/campaigns/${THEMATIC}?asOf=${at.only2026}`), 404, 'campaign-not-found');
    });

    it('GET /api/campaigns/:id/phases: by start date, paged to the end', async () => {
      const { pages, all } = await allPages<Record<string, unknown>>(`/api/campaigns/${C}/phases`, 1);
      expect(pages.map((p) => p.length)).toEqual([1, 1]);
      expect(all[0]).toEqual({
        phaseId: 'dot-30-4',
        name: 'Đợt thi đua chào mừng 30/4',
        startsOn: '2026-04-01',
        endsOn: '2026-04-30',
        occasion: '30/4',
        slogan: null,
        status: 'open',
        withdrawalReason: null,
      });
      expect(all[1]).toMatchObject({ phaseId: phase.id, startsOn: phase.startsOn });
      expect(await ids(`/api/campaigns/${C2025}/phases`, 'phaseId')).toEqual([]);
      await expectRefusal(t, () => t.http().get('/api/campaigns/khong-co/phases'), 404, 'campaign-not-found');
    });
  });

  describe('clusters: GET /api/campaigns/:id/clusters and /clusters/:clusterId', () => {
    type Member = { unitId: string; unitName: string | null; fromOn: string | null; toOn: string | null };
    const members = async (query: string) => (await get<{ members: Member[] }>(`/api/campaigns/${C}/clusters/cum-9?${query}`)).members;

    it('lists clusters with head, deputy and member count on a date', async () => {
      const list = await items<Record<string, unknown>>(`/api/campaigns/${C}/clusters?on=2026-07-15`);
      expect(list).toEqual([
        {
          clusterId: 'cum-9',
          name: 'Cụm thi đua số 9',
          kind: 'cluster',
          kindLabel: 'Cụm thi đua',
          head: { unitId: 'ca-hau-giang', name: 'Công an tỉnh Hậu Giang' },
          deputy: { unitId: 'ca-can-tho', name: 'Công an thành phố Cần Thơ' },
          memberCount: 4,
        },
        {
          clusterId: 'khoi-thanh-pho',
          name: 'Khối Công an các thành phố',
          kind: 'block',
          kindLabel: 'Khối thi đua',
          head: { unitId: 'ca-hai-phong', name: 'Công an thành phố Hải Phòng' },
          deputy: { unitId: 'ca-can-tho', name: 'Công an thành phố Cần Thơ' },
          memberCount: 2,
        },
      ]);
      const { pages } = await allPages<{ clusterId: string }>(`/api/campaigns/${C}/clusters`, 1);
      expect(pages.map((p) => p.map((c) => c.clusterId))).toEqual([['cum-9'], ['khoi-thanh-pho']]);
      expect(await ids(`/api/campaigns/${C}/clusters?asOf=${at.only2026}`, 'clusterId')).toEqual([]);
    });

    it('lists a cluster’s members as they stood on a date, with their dates, as recorded at asOf', async () => {
      expect(await members('on=2026-06-30')).toEqual([
        { unitId: 'ca-can-tho', unitName: 'Công an thành phố Cần Thơ', fromOn: '2026-01-01', toOn: null },
        { unitId: 'ca-hau-giang', unitName: 'Công an tỉnh Hậu Giang', fromOn: '2026-01-01', toOn: null },
        { unitId: 'ca-soc-trang', unitName: 'Công an tỉnh Sóc Trăng', fromOn: '2026-01-01', toOn: '2026-09-01' },
      ]);
      expect((await members('on=2026-07-15')).map((m) => [m.unitId, m.fromOn, m.toOn])).toEqual([
        ['ca-can-tho', '2026-01-01', null],
        ['ca-hai-phong', '2026-07-01', null],
        ['ca-hau-giang', '2026-01-01', null],
        ['ca-soc-trang', '2026-01-01', '2026-09-01'],
      ]);
      expect((await members('on=2026-09-01')).map((m) => m.unitId)).toEqual(['ca-can-tho', 'ca-hai-phong', 'ca-hau-giang']);
      // As recorded before the changes: the members named at formation, on any date.
      expect((await members(`on=2026-09-01&asOf=${at.beforeMembersChange}`)).map((m) => [m.unitId, m.toOn])).toEqual([
        ['ca-can-tho', null],
        ['ca-hau-giang', null],
        ['ca-soc-trang', null],
      ]);
      // Without a date, by recording alone (like a ranking without one).
      expect((await members('')).map((m) => m.unitId)).toEqual(['ca-can-tho', 'ca-hai-phong', 'ca-hau-giang']);
      const body = await get<Record<string, unknown>>(`/api/campaigns/${C}/clusters/cum-9?on=2026-07-15`);
      expect(body).toMatchObject({ campaignId: C, clusterId: 'cum-9', head: { unitId: 'ca-hau-giang' }, on: '2026-07-15', memberCount: 4 });
    });

    it('404 for an unknown cluster or one formed later than asOf; 400 for a bad date', async () => {
      await expectRefusal(t, () => t.http().get(`/api/campaigns/${C}/clusters/cum-khong-co`), 404, 'cluster-not-found');
      await expectRefusal(t, () => t.http().get(`/api/campaigns/${C}/clusters/cum-9?asOf=${at.only2026}`), 404, 'cluster-not-found');
      await expectRefusal(t, () => t.http().get(`/api/campaigns/${C}/clusters/cum-9?on=2026-7-1`), 400, 'invalid-request', 'on');
      await expectRefusal(t, () => t.http().get(`/api/campaigns/${C}/clusters?on=tomorrow`), 400, 'invalid-request', 'on');
    });
  });

  describe('GET /api/campaigns/:id/pledges', () => {
    it('lists the pledges with their targets (criterion names, in the scale’s order), by unit; of a unit; of a cluster’s members', async () => {
      const all = await items<Record<string, unknown>>(`/api/campaigns/${C}/pledges`);
      expect(all.map((p) => [p.unitId, p.pledgeId])).toEqual([
        ['ca-can-tho', 'gu-can-tho'],
        ['ca-hai-phong', 'gu-hai-phong'],
        ['ca-hau-giang', 'gu-hau-giang'],
      ]);
      expect(all[1]).toMatchObject({
        pledgeId: 'gu-hai-phong',
        unitName: 'Công an thành phố Hải Phòng',
        signatory: { kind: 'unit', id: 'ca-hai-phong', name: 'Công an thành phố Hải Phòng' },
        signedOn: '2026-02-20',
        targets: [
          { criterionId: 'c1-1', criterionName: 'Không để xảy ra điểm nóng', groupId: 'g1', target: 100, description: 'Không để xảy ra điểm nóng về an ninh' },
          { criterionId: 'c2-2', criterionName: 'Điều tra khám phá án rất nghiêm trọng ≥ 95%', groupId: 'g2', target: 95 },
        ],
      });
      expect(await ids(`/api/campaigns/${C}/pledges?unitId=ca-hau-giang`, 'pledgeId')).toEqual(['gu-hau-giang']);
      expect(await ids(`/api/campaigns/${C}/pledges?clusterId=khoi-thanh-pho`, 'pledgeId')).toEqual(['gu-can-tho', 'gu-hai-phong']);
      expect(await ids(`/api/campaigns/${C}/pledges?clusterId=cum-9&asOf=${at.beforeMembersChange}`, 'pledgeId')).toEqual([]);
      expect(await ids(`/api/campaigns/${C}/pledges?clusterId=cum-9`, 'pledgeId')).toEqual(['gu-can-tho', 'gu-hai-phong', 'gu-hau-giang']);
    });

    it('pages to the end; 404 naming unitId or clusterId when unknown', async () => {
      const { pages } = await allPages<{ pledgeId: string }>(`/api/campaigns/${C}/pledges`, 2);
      expect(pages.map((p) => p.map((x) => x.pledgeId))).toEqual([['gu-can-tho', 'gu-hai-phong'], ['gu-hau-giang']]);
      await expectRefusal(t, () => t.http().get(`/api/campaigns/${C}/pledges?unitId=ca-khong-co`), 404, 'unit-not-found', 'unitId');
      await expectRefusal(t, () => t.http().get(`/api/campaigns/${C}/pledges?clusterId=cum-khong-co`), 404, 'cluster-not-found', 'clusterId');
      await expectRefusal(t, () => t.http().get('/api/campaigns/khong-co/pledges'), 404, 'campaign-not-found');
    });
  });

  describe('GET /api/campaigns/:id/publications', () => {
    it('lists every cluster’s publications, oldest first, with cluster and unit names; a withdrawal shows once recorded', async () => {
      const list = await items<Record<string, unknown> & { rows: Record<string, unknown>[] }>(`/api/campaigns/${C}/publications`);
      expect(list.map((p) => [p.clusterId, p.clusterName, p.publicationId, p.period])).toEqual([
        ['cum-9', 'Cụm thi đua số 9', 'thang-05', '2026-05'],
        ['khoi-thanh-pho', 'Khối Công an các thành phố', 'thang-05-khoi', '2026-05'],
      ]);
      expect(list[0].withdrawal).toMatchObject({ reason: 'Công bố trước khi kiểm tra chéo', supersededBy: null });
      expect(list[1].withdrawal).toBeNull();
      expect(list[1].rows.map((r) => [r.unitId, r.unitName])).toEqual([
        ['ca-can-tho', 'Công an thành phố Cần Thơ'],
        ['ca-hai-phong', 'Công an thành phố Hải Phòng'],
      ]);
      const before = await items<Record<string, unknown>>(`/api/campaigns/${C}/publications?asOf=${at.beforeWithdrawal}`);
      expect(before.map((p) => [p.publicationId, p.withdrawal])).toEqual([
        ['thang-05', null],
        ['thang-05-khoi', null],
      ]);
      expect(await ids(`/api/campaigns/${C}/publications?clusterId=khoi-thanh-pho`, 'publicationId')).toEqual(['thang-05-khoi']);
      const { pages } = await allPages<{ publicationId: string }>(`/api/campaigns/${C}/publications`, 1);
      expect(pages.map((p) => p.map((x) => x.publicationId))).toEqual([['thang-05'], ['thang-05-khoi']]);
      await expectRefusal(t, () => t.http().get(`/api/campaigns/${C}/publications?clusterId=cum-khong-co`), 404, 'cluster-not-found', 'clusterId');
      await expectRefusal(
        t,
        () => t.http().get(`/api/campaigns/${C}/publications?after=${Buffer.from('["x"]').toString('base64url')}`),
        400,
        'invalid-request',
        'after',
      );
    });
  });

  describe('names on rankings', () => {
    it('a ranking names its groups (groupNames) beside each row’s groups by id; a scorecard names criteria and groups', async () => {
      await write(`/api/campaigns/${C}/units/ca-hau-giang/score-entries`, {
        kind: 'achievement',
        criterionId: 'c1-1',
        points: 10,
        period: '2026-06',
        source: 'self-assessment',
        reason: 'Tự chấm tháng 6',
      });
      const ranking = await get<{ rows: { unitId: string; groups: Record<string, number> }[]; groupNames: Record<string, string> }>(
        `/api/campaigns/${C}/clusters/cum-9/ranking`,
      );
      expect(ranking.groupNames).toEqual(Object.fromEntries(campaign.scale.groups.map((g) => [g.id, g.name])));
      expect(Object.keys(ranking.rows[0].groups)).toEqual(Object.keys(ranking.groupNames));
      const card = await get<{ criteria: { criterionId: string; name: string }[]; groups: { groupId: string; name: string }[] }>(
        `/api/campaigns/${C}/units/ca-hau-giang/scorecard`,
      );
      expect(card.criteria[0]).toMatchObject({ criterionId: 'c1-1', name: 'Không để xảy ra điểm nóng', raw: 10 });
      expect(card.groups[0]).toMatchObject({ groupId: 'g1', name: 'An ninh chính trị' });
      const comparison = await get<{ groupNames: Record<string, string> }>(
        `/api/campaigns/${C}/clusters/khoi-thanh-pho/rankings/publications/thang-05-khoi/comparison`,
      );
      expect(comparison.groupNames.g2).toBe('Phòng, chống tội phạm và tệ nạn xã hội');
    });
  });

  describe('GET /api/commendations', () => {
    type Decision = {
      commendationId: string;
      decisionNo: string;
      decidedOn: string;
      status: string;
      recipient: { kind: string; id: string; name: string | null };
    };
    const list = (query = '') => ids(`/api/commendations${query}`, 'commendationId');

    it('lists decisions newest first, with labels and the recipient’s name', async () => {
      expect(await list()).toEqual(['qd-2', 'qd-1', 'qd-5', 'qd-4', 'qd-3']);
      const [qd2, qd1] = await items<Record<string, unknown>>('/api/commendations');
      expect(qd2).toEqual({
        commendationId: 'qd-2',
        form: 'diploma-of-merit',
        formLabel: 'Bằng khen',
        authority: 'minister',
        authorityLabel: 'Bộ trưởng',
        title: null,
        titleLabel: null,
        recipient: { kind: 'collective', kindLabel: 'Tập thể', id: 'ca-hai-phong', name: 'Công an thành phố Hải Phòng' },
        decisionNo: '120/QĐ-BCA',
        decidedOn: '2025-12-25',
        year: 2025,
        achievementYear: 2025,
        campaignId: null,
        phaseId: null,
        amountVnd: null,
        status: 'active',
      });
      expect(qd1).toMatchObject({
        decisionNo: '16/QĐ-CAHP',
        decidedOn: '2025-12-22',
        amountVnd: 1_000_000,
        recipient: { kind: 'individual', name: 'Nguyễn Văn An' },
      });
    });

    it('filters by recipient, year, form, title, authority and status', async () => {
      expect(await list('?recipientId=cb-nguyen-van-an')).toEqual(['qd-1']);
      expect(await list('?recipientId=ca-hau-giang')).toEqual(['qd-4']);
      expect(await list('?year=2024')).toEqual(['qd-3']);
      expect(await list('?form=diploma-of-merit')).toEqual(['qd-2', 'qd-4']);
      expect(await list('?authority=minister')).toEqual(['qd-2']);
      expect(await list('?title=chien-si-tien-tien')).toEqual(['qd-5']);
      expect(await list('?status=revoked')).toEqual(['qd-4']);
      expect(await list('?status=active')).toEqual(['qd-2', 'qd-1', 'qd-5', 'qd-3']);
      expect(await list('?form=certificate-of-merit&year=2025')).toEqual(['qd-1']);
      const [titled] = await items<Record<string, unknown>>('/api/commendations?title=chien-si-tien-tien');
      expect(titled).toMatchObject({ titleLabel: 'Chiến sĩ tiên tiến', recipient: { kind: 'individual', id: 'cb-le-van-cuong', name: 'Lê Văn Cường' } });
    });

    it('filters by unit and subtree exactly as the register counts: the unit as it stood at the end of the achievement year', async () => {
      expect(await list('?unitId=ca-hai-phong')).toEqual(['qd-2', 'qd-1']);
      // Chí Linh was Hải Dương's at the end of 2024: its 2024 decision is under Hải Dương, not Hải Phòng.
      expect(await list('?unitId=ca-hai-phong&includeSubunits=true&year=2024')).toEqual([]);
      expect(await list('?unitId=ca-hai-duong&includeSubunits=true')).toEqual(['qd-3']);
      for (const query of ['unitId=ca-hai-phong', 'unitId=ca-hai-duong&includeSubunits=true', 'unitId=bo-cong-an&includeSubunits=true&year=2025']) {
        const register = await get<{ total: { count: number } }>(`/api/commendations/register?${query}`);
        const active = await list(`?${query}&status=active`);
        expect([query, active.length]).toEqual([query, register.total.count]);
      }
      expect(await list('?unitId=bo-cong-an&includeSubunits=true&year=2025&status=active')).toEqual(['qd-2', 'qd-1', 'qd-5']);
    });

    it('reads decisions as recorded at asOf: before the correction its old number and date, before the revocation in force', async () => {
      const before = await items<Decision>(`/api/commendations?asOf=${at.beforeCorrections}`);
      expect(before.map((d) => [d.commendationId, d.decisionNo, d.decidedOn, d.status])).toEqual([
        ['qd-2', '120/QĐ-BCA', '2025-12-25', 'active'],
        ['qd-1', '15/QĐ-CAHP', '2025-12-20', 'active'],
        ['qd-5', '30/QĐ-CACT', '2025-12-15', 'active'],
        ['qd-4', '2001/QĐ-UBND', '2025-11-11', 'active'],
        ['qd-3', '7/QĐ-CAHD', '2024-12-10', 'active'],
      ]);
      expect(await list(`?status=revoked&asOf=${at.beforeCorrections}`)).toEqual([]);
      expect(await list(`?status=revoked&asOf=${at.revoked}`)).toEqual(['qd-4']);
      expect(await list(`?asOf=${at.beforeWithdrawal}`)).toEqual([]);
      // Paged as recorded then too.
      const { pages } = await allPages<Decision>(`/api/commendations?asOf=${at.beforeCorrections}&status=active&unitId=bo-cong-an&includeSubunits=true`, 2);
      expect(pages.map((p) => p.map((d) => d.commendationId))).toEqual([['qd-2', 'qd-1'], ['qd-5', 'qd-4'], ['qd-3']]);
    });

    it('pages to the end; 404 naming unitId or recipientId when unknown; 400 for bad values', async () => {
      const { pages, all } = await allPages<Decision>('/api/commendations', 2);
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(all.map((d) => d.commendationId)).toEqual(['qd-2', 'qd-1', 'qd-5', 'qd-4', 'qd-3']);
      await expectRefusal(t, () => t.http().get('/api/commendations?unitId=ca-khong-co'), 404, 'unit-not-found', 'unitId');
      await expectRefusal(t, () => t.http().get('/api/commendations?recipientId=cb-khong-co'), 404, 'recipient-not-found', 'recipientId');
      await expectRefusal(t, () => t.http().get('/api/commendations?form=medal-of-honour'), 400, 'invalid-request', 'form');
      await expectRefusal(t, () => t.http().get('/api/commendations?status=pending'), 400, 'invalid-request', 'status');
      await expectRefusal(t, () => t.http().get('/api/commendations?authority=mayor'), 400, 'invalid-request', 'authority');
      await expectRefusal(
        t,
        () => t.http().get(`/api/commendations?after=${Buffer.from('["2025-12-25"]').toString('base64url')}`),
        400,
        'invalid-request',
        'after',
      );
    });
  });

  it('documents every browse endpoint in the OpenAPI document, with a response schema', async () => {
    const doc = await get<{ paths: Record<string, { get?: { responses?: Record<string, { content?: unknown }> } }> }>('/api/openapi.json');
    for (const path of [
      '/api/units',
      '/api/officers',
      '/api/campaigns',
      '/api/campaigns/{id}',
      '/api/campaigns/{id}/phases',
      '/api/campaigns/{id}/clusters',
      '/api/campaigns/{id}/clusters/{clusterId}',
      '/api/campaigns/{id}/pledges',
      '/api/campaigns/{id}/publications',
      '/api/commendations',
    ]) {
      expect({ path, schema: Boolean(doc.paths[path]?.get?.responses?.['200']?.content) }).toEqual({ path, schema: true });
    }
  });
});
