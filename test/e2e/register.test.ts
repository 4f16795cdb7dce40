import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { commendationsProjection } from '../../projections/commendations/commendations.projection.js';
import type { RecordedEvent } from '../../src/event-store/recorded-event.js';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign, units as fixtureUnits } from '../support/fixtures.js';

/**
 * A scaled-down Hải Phòng 2016 commendation table (docs/domain.md §7): the city police, its criminal
 * police department (phòng) and a team under it, with officers in each; one decision revoked;
 * decisions of another year and of another province that the filters must leave out.
 */
const units = [
  fixtureUnits.ministry,
  fixtureUnits.haiPhong,
  { id: 'pc02-hai-phong', name: 'Phòng Cảnh sát hình sự, CATP Hải Phòng', kind: 'department', parentId: 'ca-hai-phong' },
  { id: 'doi-1-pc02-hai-phong', name: 'Đội 1, Phòng Cảnh sát hình sự', kind: 'team', parentId: 'pc02-hai-phong' },
  fixtureUnits.hauGiang,
];
const officers = [
  { id: 'hp-nguyen-van-a', fullName: 'Nguyễn Văn A', rank: 'Đại tá', unitId: 'ca-hai-phong' },
  { id: 'hp-tran-thi-b', fullName: 'Trần Thị B', rank: 'Trung tá', unitId: 'ca-hai-phong' },
  { id: 'pc02-le-van-c', fullName: 'Lê Văn C', rank: 'Thiếu tá', unitId: 'pc02-hai-phong' },
  { id: 'pc02-pham-van-d', fullName: 'Phạm Văn D', rank: 'Đại úy', unitId: 'pc02-hai-phong' },
  { id: 'doi1-hoang-van-e', fullName: 'Hoàng Văn E', rank: 'Thượng úy', unitId: 'doi-1-pc02-hai-phong' },
  { id: 'hg-vo-van-f', fullName: 'Võ Văn F', rank: 'Thiếu tá', unitId: 'ca-hau-giang' },
];

type Decision = [
  id: string,
  form: string,
  authority: string,
  kind: 'collective' | 'individual',
  recipientId: string,
  amountVnd: number | null,
  decidedOn?: string,
];
const decisions: Decision[] = [
  // Huân chương (Chủ tịch nước)
  ['o1', 'order', 'president', 'collective', 'ca-hai-phong', 15_000_000],
  ['o2', 'order', 'president', 'collective', 'pc02-hai-phong', 15_000_000],
  ['o3', 'order', 'president', 'individual', 'hp-nguyen-van-a', 7_500_000],
  ['o4', 'order', 'president', 'individual', 'pc02-le-van-c', 7_500_000],
  ['o5', 'order', 'president', 'individual', 'doi1-hoang-van-e', 7_500_000],
  // Bằng khen của Thủ tướng Chính phủ
  ['pm1', 'diploma-of-merit', 'prime-minister', 'collective', 'pc02-hai-phong', 12_100_000],
  // Collective: an individual's PM diploma needs a history (docs/domain.md §6 rule 4) this register does not hold.
  ['pm2', 'diploma-of-merit', 'prime-minister', 'collective', 'ca-hai-phong', 3_630_000],
  // Bằng khen của Bộ trưởng Bộ Công an, and the Ministry's emulation flag to the city police
  ['bm1', 'diploma-of-merit', 'minister', 'collective', 'ca-hai-phong', 2_420_000],
  ['bm2', 'diploma-of-merit', 'minister', 'collective', 'doi-1-pc02-hai-phong', 2_420_000],
  ['bm3', 'diploma-of-merit', 'minister', 'individual', 'hp-nguyen-van-a', 1_210_000],
  ['bm4', 'diploma-of-merit', 'minister', 'individual', 'pc02-pham-van-d', 1_210_000],
  ['bm5', 'diploma-of-merit', 'minister', 'individual', 'doi1-hoang-van-e', 1_210_000], // revoked below
  ['co1', 'emulation-flag', 'minister', 'collective', 'ca-hai-phong', 20_000_000],
  // Bằng khen của Tổng cục
  ['tc1', 'diploma-of-merit', 'general-department', 'collective', 'pc02-hai-phong', 1_000_000],
  ['tc2', 'diploma-of-merit', 'general-department', 'individual', 'pc02-le-van-c', 500_000],
  // Bằng khen của UBND thành phố
  ['ub1', 'diploma-of-merit', 'province', 'collective', 'pc02-hai-phong', 1_500_000],
  ['ub2', 'diploma-of-merit', 'province', 'collective', 'doi-1-pc02-hai-phong', 1_500_000],
  ['ub3', 'diploma-of-merit', 'province', 'individual', 'hp-tran-thi-b', 750_000],
  ['ub4', 'diploma-of-merit', 'province', 'individual', 'pc02-pham-van-d', 750_000],
  // Giấy khen của Giám đốc
  ['gk1', 'certificate-of-merit', 'unit-head', 'collective', 'pc02-hai-phong', 600_000],
  ['gk2', 'certificate-of-merit', 'unit-head', 'collective', 'doi-1-pc02-hai-phong', 600_000],
  ['gk3', 'certificate-of-merit', 'unit-head', 'individual', 'hp-nguyen-van-a', 300_000],
  ['gk4', 'certificate-of-merit', 'unit-head', 'individual', 'hp-tran-thi-b', 300_000],
  ['gk5', 'certificate-of-merit', 'unit-head', 'individual', 'pc02-le-van-c', 300_000],
  ['gk6', 'certificate-of-merit', 'unit-head', 'individual', 'doi1-hoang-van-e', null],
  // Another year, and another province: outside the filters
  ['gk-2015', 'certificate-of-merit', 'unit-head', 'individual', 'hp-nguyen-van-a', 300_000, '2015-12-20'],
  ['hg-o1', 'order', 'president', 'collective', 'ca-hau-giang', 15_000_000],
  ['hg-gk1', 'certificate-of-merit', 'unit-head', 'individual', 'hg-vo-van-f', 300_000],
];

/** The 2016 campaign whose final ranking the Ministry's flag rewards (a flag names its flag and campaign: docs/domain.md §6 rule 3). */
const campaign2016 = {
  ...campaign,
  id: 'vi-an-ninh-to-quoc-2016',
  title: 'Phong trào thi đua "Vì an ninh Tổ quốc" năm 2016',
  startsOn: '2016-01-01',
  endsOn: '2016-12-31',
};
const cluster2016 = {
  id: 'cum-1',
  name: 'Cụm thi đua số 1',
  kind: 'cluster',
  headUnitId: 'ca-hai-phong',
  memberUnitIds: ['ca-hai-phong', 'ca-hau-giang', 'pc02-hai-phong'],
};

const body = ([id, form, authority, kind, recipientId, amountVnd, decidedOn]: Decision) => ({
  id: `qd-2016-${id}`,
  form,
  authority,
  recipient: { kind, id: recipientId },
  decisionNo: `${id.toUpperCase()}/QĐ-2016`,
  decidedOn: decidedOn ?? '2016-12-15',
  ...(amountVnd === null ? {} : { amountVnd }),
  ...(form === 'emulation-flag' ? { title: 'co-thi-dua-bo', campaignId: campaign2016.id } : {}),
});

type Row = { authority?: string; authorityLabel?: string; recipientKind?: string; form?: string; formLabel?: string; count: number; amountVnd: number };
const table = (rows: Row[]) => rows.map((r) => [r.authority, r.recipientKind, r.count, r.amountVnd]);

describe.each(storeKinds('commendation register'))('commendation register (%s store)', (kind) => {
  let t: TestApp;
  let last = 0;
  const register = (query: string) => t.http().get(`/api/commendations/register?minPosition=${last}&${query}`);

  beforeAll(async () => {
    t = await startApp(kind);
    for (const unit of units) await t.http().post('/api/units').send(unit).expect(201);
    for (const officer of officers) await t.http().post('/api/officers').send(officer).expect(201);
    await t.http().post('/api/campaigns').send(campaign2016).expect(201);
    await t.http().post(`/api/campaigns/${campaign2016.id}/clusters`).send(cluster2016).expect(201);
    await t.http().post(`/api/campaigns/${campaign2016.id}/close`).send({}).expect(201);
    // The final ranking is published by the closing policy; the read side has it a moment later
    // (until the cluster is projected, the list answers 404).
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      const res = await t.http().get(`/api/campaigns/${campaign2016.id}/clusters/${cluster2016.id}/rankings/publications`);
      if (res.status === 200 && res.body.publications.some((p: { final: boolean; phaseId: string | null }) => p.final && p.phaseId === null)) break;
    }
    for (const decision of decisions) await t.http().post('/api/commendations').send(body(decision)).expect(201);
    const revoked = await t
      .http()
      .post('/api/commendations/qd-2016-bm5/revocation')
      .send({ ground: 'standard-not-met', reason: 'Không đạt tiêu chuẩn trong thời gian lập thành tích', decisionNo: '12/QĐ-BCA', decidedOn: '2017-03-01' })
      .expect(201);
    last = revoked.body.position;
  });
  afterAll(async () => t?.close());

  it('tallies the city police and every unit under it, by authority and recipient kind; revoked decisions excluded', async () => {
    const res = await register('unitId=ca-hai-phong&includeSubunits=true&year=2016&groupBy=authority,recipientKind').expect(200);
    expect(table(res.body.rows)).toEqual([
      ['president', 'collective', 2, 30_000_000],
      ['president', 'individual', 3, 22_500_000],
      ['prime-minister', 'collective', 2, 15_730_000],
      ['minister', 'collective', 3, 24_840_000],
      ['minister', 'individual', 2, 2_420_000],
      ['general-department', 'collective', 1, 1_000_000],
      ['general-department', 'individual', 1, 500_000],
      ['province', 'collective', 2, 3_000_000],
      ['province', 'individual', 2, 1_500_000],
      ['unit-head', 'collective', 2, 1_200_000],
      ['unit-head', 'individual', 4, 900_000],
    ]);
    expect(res.body.total).toEqual({ count: 24, amountVnd: 103_590_000 });
    expect(res.body.rows[0]).toEqual({
      authority: 'president',
      authorityLabel: 'Chủ tịch nước',
      recipientKind: 'collective',
      recipientKindLabel: 'Tập thể',
      count: 2,
      amountVnd: 30_000_000,
    });
    expect(res.body.rows.map((r: Row) => r.authorityLabel)).toContain('UBND tỉnh');
    expect(res.body.asOf.position).toBeGreaterThanOrEqual(last);
  });

  it('includes revoked decisions with status=all', async () => {
    const res = await register('unitId=ca-hai-phong&includeSubunits=true&year=2016&groupBy=authority,recipientKind&status=all').expect(200);
    expect(table(res.body.rows).find((r) => r[0] === 'minister' && r[1] === 'individual')).toEqual(['minister', 'individual', 3, 3_630_000]);
    expect(res.body.total).toEqual({ count: 25, amountVnd: 104_800_000 });
  });

  it('without includeSubunits counts only the unit itself and its own officers', async () => {
    const res = await register('unitId=ca-hai-phong&year=2016&groupBy=authority,recipientKind').expect(200);
    expect(table(res.body.rows)).toEqual([
      ['president', 'collective', 1, 15_000_000],
      ['president', 'individual', 1, 7_500_000],
      ['prime-minister', 'collective', 1, 3_630_000],
      ['minister', 'collective', 2, 22_420_000],
      ['minister', 'individual', 1, 1_210_000],
      ['province', 'individual', 1, 750_000],
      ['unit-head', 'individual', 2, 600_000],
    ]);
    expect(res.body.total).toEqual({ count: 9, amountVnd: 51_110_000 });
    const team = await register('unitId=doi-1-pc02-hai-phong&includeSubunits=false').expect(200);
    expect(team.body.rows).toEqual([{ count: 5, amountVnd: 12_020_000 }]);
    expect(team.body.total).toEqual({ count: 5, amountVnd: 12_020_000 });
  });

  it('groups by form with Vietnamese labels', async () => {
    const res = await register('unitId=ca-hai-phong&includeSubunits=true&year=2016&groupBy=form').expect(200);
    expect(res.body.rows).toEqual([
      { form: 'order', formLabel: 'Huân chương', count: 5, amountVnd: 52_500_000 },
      { form: 'diploma-of-merit', formLabel: 'Bằng khen', count: 12, amountVnd: 28_990_000 },
      { form: 'certificate-of-merit', formLabel: 'Giấy khen', count: 6, amountVnd: 2_100_000 },
      { form: 'emulation-flag', formLabel: 'Cờ thi đua', count: 1, amountVnd: 20_000_000 },
    ]);
    const byAll = await register('unitId=ca-hai-phong&includeSubunits=true&year=2016&groupBy=form,authority,recipientKind').expect(200);
    expect(byAll.body.rows[0]).toEqual({
      form: 'order',
      formLabel: 'Huân chương',
      authority: 'president',
      authorityLabel: 'Chủ tịch nước',
      recipientKind: 'collective',
      recipientKindLabel: 'Tập thể',
      count: 2,
      amountVnd: 30_000_000,
    });
    expect(byAll.body.total).toEqual({ count: 24, amountVnd: 103_590_000 });
  });

  it('filters by year, and without filters counts the whole register', async () => {
    const y2015 = await register('unitId=ca-hai-phong&includeSubunits=true&year=2015').expect(200);
    expect(y2015.body.total).toEqual({ count: 1, amountVnd: 300_000 });
    const allYears = await register('unitId=ca-hai-phong&includeSubunits=true').expect(200);
    expect(allYears.body.total).toEqual({ count: 25, amountVnd: 103_890_000 });
    const everything = await register('year=2016&groupBy=recipientKind').expect(200);
    expect(everything.body.rows).toEqual([
      { recipientKind: 'collective', recipientKindLabel: 'Tập thể', count: 13, amountVnd: 90_770_000 },
      { recipientKind: 'individual', recipientKindLabel: 'Cá nhân', count: 13, amountVnd: 28_120_000 },
    ]);
    const none = await register('year=1999&groupBy=form').expect(200);
    expect(none.body).toMatchObject({ rows: [], total: { count: 0, amountVnd: 0 } });
  });

  it('answers 400 naming groupBy (or the bad field), 404 for an unknown unit', async () => {
    for (const bad of ['groupBy=form,rank', 'groupBy=', 'groupBy=form,,authority']) {
      const res = await register(bad).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['groupBy']);
    }
    for (const [query, field] of [
      ['status=revoked', 'status'],
      ['year=abc', 'year'],
      ['includeSubunits=yes', 'includeSubunits'],
      ['unitId=Bad%20Id', 'unitId'],
    ]) {
      const res = await register(query).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    const missing = await register('unitId=ca-khong-co&includeSubunits=true').expect(404);
    expect(missing.body.code).toBe('unit-not-found');
  });

  it('applies a revocation that arrives in the same batch as its decision', async () => {
    const dataSource = t.app.get(DataSource);
    const at = (position: number, type: string, data: Record<string, unknown>): RecordedEvent =>
      ({
        id: `e${position}`,
        streamId: 'commendation:x',
        version: position,
        position,
        type,
        schemaVersion: 1,
        data,
        metadata: { actor: 'test', commandId: 'c', correlationId: 'c', causationId: null },
        recordedAt: new Date(),
      }) as unknown as RecordedEvent;
    const rows = await dataSource.transaction(async (manager) => {
      await manager.query('CREATE TEMP TABLE rm_commendations_batch (LIKE rm_commendations INCLUDING ALL) ON COMMIT DROP');
      await manager.query('CREATE TEMP TABLE rm_commendation_changes_batch (LIKE rm_commendation_changes INCLUDING ALL) ON COMMIT DROP');
      await commendationsProjection.apply(
        [
          at(1, 'CommendationRecorded', {
            ...body(['x1', 'order', 'president', 'collective', 'ca-hai-phong', 15_000_000]),
            commendationId: 'x1',
            recipient: { kind: 'collective', id: 'ca-hai-phong' },
            title: null,
            campaignId: null,
            phaseId: null,
            achievementId: null,
            achievementPeriod: null,
          }),
          at(2, 'CommendationRecorded', {
            ...body(['x2', 'medal', 'president', 'individual', 'hp-nguyen-van-a', null, '2016-02-29']),
            commendationId: 'x2',
            recipient: { kind: 'individual', id: 'hp-nguyen-van-a' },
            title: 'Huy chương Chiến sĩ vẻ vang',
            campaignId: null,
            phaseId: null,
            achievementId: null,
            achievementPeriod: null,
            amountVnd: null,
          }),
          at(3, 'CommendationRevoked', {
            commendationId: 'x1',
            ground: 'forged-documents',
            reason: 'Giả mạo hồ sơ',
            decisionNo: '9/QĐ-CTN',
            decidedOn: '2017-01-05',
          }),
        ],
        { manager, tables: { commendations: 'rm_commendations_batch', changes: 'rm_commendation_changes_batch' } },
      );
      return manager.query(`SELECT commendation_id, year, amount_vnd::text AS amount, status, to_char(revoked_on, 'YYYY-MM-DD') AS revoked_on,
        revocation_ground, revocation_decision_no, revocation_reason, position::int, revoked_position::int FROM rm_commendations_batch ORDER BY commendation_id`);
    });
    expect(rows).toEqual([
      {
        commendation_id: 'x1',
        year: 2016,
        amount: '15000000',
        status: 'revoked',
        revoked_on: '2017-01-05',
        revocation_ground: 'forged-documents',
        revocation_decision_no: '9/QĐ-CTN',
        revocation_reason: 'Giả mạo hồ sơ',
        position: 1,
        revoked_position: 3,
      },
      {
        commendation_id: 'x2',
        year: 2016,
        amount: null,
        status: 'active',
        revoked_on: null,
        revocation_ground: null,
        revocation_decision_no: null,
        revocation_reason: null,
        position: 2,
        revoked_position: null,
      },
    ]);
  });
});
