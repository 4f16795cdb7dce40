import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign, cluster, units } from '../support/fixtures.js';
import { expectRefusal } from '../support/refusals.js';

describe.each(storeKinds('vetoes'))('vetoes (điểm liệt) (%s store)', (kind) => {
  let t: TestApp;
  const vetoes = `/api/campaigns/${campaign.id}/units/ca-soc-trang/vetoes`;
  const decision = { reason: 'Để xảy ra vụ việc phức tạp về an ninh, trật tự', decisionNo: '125/QĐ-BCA', decidedOn: '2026-11-30' };

  beforeAll(async () => {
    t = await startApp(kind);
    for (const unit of Object.values(units)) await t.http().post('/api/units').send(unit).expect(201);
    await t.http().post('/api/campaigns').send(campaign).expect(201);
    await t.http().post(`/api/campaigns/${campaign.id}/clusters`).send(cluster).expect(201);
  });
  afterAll(async () => t?.close());

  it('marks a vetoed unit in the ranking and on its scorecard, as of any position, until lifted', async () => {
    const imposed = await t.http().post(vetoes).send(decision).expect(201);
    const ranking = await t.http().get(`/api/campaigns/${campaign.id}/clusters/cum-9/ranking?minPosition=${imposed.body.position}`).expect(200);
    expect(ranking.body.rows.map((r: { unitId: string; vetoed: boolean }) => [r.unitId, r.vetoed])).toEqual([
      ['ca-can-tho', false],
      ['ca-hau-giang', false],
      ['ca-soc-trang', true],
    ]);
    const card = await t.http().get(`/api/campaigns/${campaign.id}/units/ca-soc-trang/scorecard?minPosition=${imposed.body.position}`).expect(200);
    expect(card.body.veto).toEqual(decision);

    // Vetoes are decided at reviews, so a closed campaign still takes them (and their lifting).
    await t.http().post(`/api/campaigns/${campaign.id}/close`).send({}).expect(201);
    const lifted = await t.http().post(`${vetoes}/lift`).send({ reason: 'Xem xét lại', decisionNo: '130/QĐ-BCA', decidedOn: '2026-12-01' }).expect(201);
    const now = await t.http().get(`/api/campaigns/${campaign.id}/units/ca-soc-trang/scorecard?minPosition=${lifted.body.position}`).expect(200);
    expect(now.body.veto).toBeNull();
    const then = await t.http().get(`/api/campaigns/${campaign.id}/clusters/cum-9/ranking?asOf=${imposed.body.position}`).expect(200);
    expect(then.body.rows.find((r: { unitId: string }) => r.unitId === 'ca-soc-trang').vetoed).toBe(true);
  });

  it('refuses a second veto, lifting none, lifting before it was imposed, and bad fields, writing nothing', async () => {
    await expectRefusal(t, () => t.http().post(`${vetoes}/lift`).send(decision), 422, 'veto-not-imposed');
    await t.http().post(vetoes).send(decision).expect(201);
    await expectRefusal(t, () => t.http().post(vetoes).send(decision), 422, 'veto-already-imposed');
    await expectRefusal(
      t,
      () =>
        t
          .http()
          .post(`${vetoes}/lift`)
          .send({ ...decision, decidedOn: '2026-01-01' }),
      422,
      'invalid-period',
      'decidedOn',
    );
    await expectRefusal(t, () => t.http().post(vetoes).send({ reason: '', decisionNo: 'x', decidedOn: '30/11/2026' }), 400, 'invalid-request', [
      'reason',
      'decidedOn',
    ]);
    // Dated today at the latest (Vietnam, UTC+7); imposed within the campaign's dates.
    const tomorrow = new Date(Date.now() + 7 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
    await expectRefusal(
      t,
      () =>
        t
          .http()
          .post(`${vetoes}/lift`)
          .send({ ...decision, decidedOn: tomorrow }),
      400,
      'invalid-request',
      'decidedOn',
    );
    const other = `/api/campaigns/${campaign.id}/units/ca-can-tho/vetoes`;
    const outside = await expectRefusal(
      t,
      () =>
        t
          .http()
          .post(other)
          .send({ ...decision, decidedOn: '2025-12-31' }),
      422,
      'veto-outside-campaign',
      'decidedOn',
    );
    expect(outside.body).toMatchObject({ startsOn: campaign.startsOn, endsOn: campaign.endsOn });
    await expectRefusal(t, () => t.http().post(`/api/campaigns/khong-co/units/ca-soc-trang/vetoes`).send(decision), 404, 'campaign-not-found');
    await expectRefusal(t, () => t.http().post(`/api/campaigns/${campaign.id}/units/ca-khong-co/vetoes`).send(decision), 404, 'unit-not-found');
  });

  it('annuls a veto imposed by mistake: as of after, never in force; as of before, still shown; with its reason', async () => {
    const hauGiang = `/api/campaigns/${campaign.id}/units/ca-hau-giang/vetoes`;
    const mistaken = { reason: 'Nhầm đơn vị', decisionNo: '140/QĐ-BCA', decidedOn: '2026-11-30' };
    const imposed = await t.http().post(hauGiang).send(mistaken).expect(201);
    const annulment = { reason: 'Quyết định ban hành nhầm đơn vị, hủy bỏ', decisionNo: '141/QĐ-BCA', decidedOn: '2026-12-01' };
    const annulled = await t.http().post(`${hauGiang}/annulment`).send(annulment).expect(201);
    const events = (await t.http().get(`/api/streams/scorecard:${campaign.id}:ca-hau-giang`).expect(200)).body.events;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['VetoImposed', 'VetoAnnulled']);
    expect(events[1].data).toMatchObject(annulment);

    const card = (asOf: number) =>
      t.http().get(`/api/campaigns/${campaign.id}/units/ca-hau-giang/scorecard?asOf=${asOf}&minPosition=${annulled.body.position}`);
    expect((await card(imposed.body.position).expect(200)).body.veto).toEqual(mistaken);
    expect((await card(annulled.body.position).expect(200)).body.veto).toBeNull();
    // Whatever the business date: annulled, it never applied (a lifted veto still applies on the dates before its lifting).
    const onThen = await t.http().get(`/api/campaigns/${campaign.id}/clusters/cum-9/ranking?on=2026-11-30&minPosition=${annulled.body.position}`).expect(200);
    expect(onThen.body.rows.find((r: { unitId: string }) => r.unitId === 'ca-hau-giang').vetoed).toBe(false);
    const before = await t.http().get(`/api/campaigns/${campaign.id}/clusters/cum-9/ranking?asOf=${imposed.body.position}`).expect(200);
    expect(before.body.rows.find((r: { unitId: string }) => r.unitId === 'ca-hau-giang').vetoed).toBe(true);

    await expectRefusal(t, () => t.http().post(`${hauGiang}/annulment`).send(annulment), 422, 'veto-not-imposed');
    await expectRefusal(t, () => t.http().post(`${hauGiang}/lift`).send(annulment), 422, 'veto-not-imposed');
    await expectRefusal(t, () => t.http().post(`${hauGiang}/annulment`).send({ decisionNo: 'x', decidedOn: '2026-12-01' }), 400, 'invalid-request', 'reason');
    // The right decision may follow.
    await t
      .http()
      .post(hauGiang)
      .send({ ...mistaken, decisionNo: '142/QĐ-BCA' })
      .expect(201);
  });
});
