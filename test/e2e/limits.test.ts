import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MAX_AMOUNT_VND, MAX_POINTS } from '../../src/ledger/limits.js';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign, units } from '../support/fixtures.js';
import { expectRefusal } from '../support/refusals.js';

/**
 * limits.ts over HTTP: dates, points and money the read models could not hold (or that make no
 * sense for the ledger) are refused, 400 naming the field, or 422 for the totals only the domain
 * sees; both ends of each range are accepted.
 */
describe.each(storeKinds('limits'))('what the domain accepts, the read side can hold (%s store)', (kind) => {
  let t: TestApp;
  const entries = `/api/campaigns/${campaign.id}/units/ca-hau-giang/score-entries`;

  beforeAll(async () => {
    t = await startApp(kind);
    for (const unit of Object.values(units)) await t.http().post('/api/units').send(unit).expect(201);
    await t.http().post('/api/campaigns').send(campaign).expect(201);
  });
  afterAll(async () => t?.close());

  it('takes business dates from 1945-01-01 to 2100-12-31, 400 naming the field outside', async () => {
    const launch = (id: string, dates: Record<string, string>) => () =>
      t
        .http()
        .post('/api/campaigns')
        .send({ ...campaign, id, ...dates });
    for (const startsOn of ['1944-12-31', '0000-01-01', '1900-01-01']) {
      const res = await expectRefusal(t, launch('pt-som', { startsOn }), 400, 'invalid-request', 'startsOn');
      expect(res.body.errors[0].message).toBe('must be a calendar date YYYY-MM-DD from 1945-01-01 to 2100-12-31');
    }
    await expectRefusal(t, launch('pt-muon', { endsOn: '2101-01-01' }), 400, 'invalid-request', 'endsOn');
    await t
      .http()
      .post('/api/campaigns')
      .send({ ...campaign, id: 'pt-ca-the-ky', startsOn: '1945-01-01', endsOn: '2100-12-31' })
      .expect(201);
    await expectRefusal(
      t,
      () => t.http().post(`/api/campaigns/pt-ca-the-ky/phases`).send({ id: 'd1', name: 'Đợt 1', startsOn: '1944-06-01', endsOn: '1946-01-01' }),
      400,
      'invalid-request',
      'startsOn',
    );
    await expectRefusal(
      t,
      () => t.http().post('/api/units/ca-soc-trang/moves').send({ parentId: 'ca-hai-phong', effectiveOn: '1899-12-31' }),
      400,
      'invalid-request',
      'effectiveOn',
    );
    await expectRefusal(
      t,
      () =>
        t
          .http()
          .post(`/api/campaigns/${campaign.id}/pledges`)
          .send({ id: 'gu-1', unitId: 'ca-hau-giang', signedOn: '2101-01-01', targets: [{ criterionId: 'c1-1', target: 10 }] }),
      400,
      'invalid-request',
      'signedOn',
    );
    const decision = {
      id: 'qd-cu',
      form: 'diploma-of-merit',
      authority: 'minister',
      recipient: { kind: 'collective', id: 'ca-hai-phong' },
      decisionNo: '1/QĐ',
    };
    await expectRefusal(
      t,
      () =>
        t
          .http()
          .post('/api/commendations')
          .send({ ...decision, decidedOn: '1944-12-31' }),
      400,
      'invalid-request',
      'decidedOn',
    );
    await expectRefusal(
      t,
      () =>
        t
          .http()
          .post('/api/commendations')
          .send({ ...decision, decidedOn: '2003-05-01', achievementPeriod: { from: '1900-01-01', to: '2002-12-31' } }),
      400,
      'invalid-request',
      'achievementPeriod.from',
    );
    // Decisions from 2000 on (the tests' oldest is 2003) are well inside.
    await t
      .http()
      .post('/api/commendations')
      .send({ ...decision, decidedOn: '2003-05-01', achievementPeriod: { from: '2002-01-01', to: '2002-12-31' } })
      .expect(201);
  });

  it(`takes points up to ${MAX_POINTS} in magnitude, a scale up to that in total, a penalty total up to that`, async () => {
    const over = await expectRefusal(
      t,
      () =>
        t
          .http()
          .post(entries)
          .send({ kind: 'penalty', points: MAX_POINTS + 0.01, period: '2026-07', source: 'ministry', reason: 'x' }),
      400,
      'invalid-request',
      'points',
    );
    expect(over.body.errors[0].message).toBe('must be at most 1,000,000 points in magnitude');
    await expectRefusal(
      t,
      () => t.http().post(entries).send({ kind: 'penalty', points: '1e7', period: '2026-07', source: 'ministry', reason: 'x' }),
      400,
      'invalid-request',
      'points',
    );
    await expectRefusal(
      t,
      () =>
        t
          .http()
          .post(entries)
          .send({ kind: 'adjustment', criterionId: 'c1-1', points: -(MAX_POINTS + 1), period: '2026-07', source: 'ministry', reason: 'x' }),
      400,
      'invalid-request',
      'points',
    );

    const scale = (groups: number[], bonusCap: number) => ({
      groups: groups.map((maxPoints, i) => ({ id: `g${i}`, name: `Nhóm ${i}`, maxPoints })),
      criteria: groups.map((maxPoints, i) => ({ id: `c${i}`, groupId: `g${i}`, name: `Tiêu chí ${i}`, maxPoints })),
      bonusCap,
    });
    await expectRefusal(
      t,
      () =>
        t
          .http()
          .post('/api/campaigns')
          .send({ ...campaign, id: 'pt-to', scale: scale([MAX_POINTS + 1], 0) }),
      400,
      'invalid-request',
      ['scale.groups[0].maxPoints', 'scale.criteria[0].maxPoints'],
    );
    const total = await expectRefusal(
      t,
      () =>
        t
          .http()
          .post('/api/campaigns')
          .send({ ...campaign, id: 'pt-tong', scale: scale([600_000, 400_000], 0.01) }),
      422,
      'points-limit-exceeded',
      'scale',
    );
    expect(total.body.limit).toBe(MAX_POINTS);
    await t
      .http()
      .post('/api/campaigns')
      .send({ ...campaign, id: 'pt-vua', scale: scale([600_000, 400_000], 0) })
      .expect(201);

    await t.http().post(entries).send({ kind: 'penalty', points: 600_000, period: '2026-07', source: 'ministry', reason: 'Vi phạm lớn' }).expect(201);
    const penalty = await expectRefusal(
      t,
      () => t.http().post(entries).send({ kind: 'penalty', points: 400_000.01, period: '2026-07', source: 'ministry', reason: 'Vi phạm nữa' }),
      422,
      'points-limit-exceeded',
      'points',
    );
    expect(penalty.body.limit).toBe(MAX_POINTS);
    const written = await t
      .http()
      .post(entries)
      .send({ kind: 'penalty', points: 400_000, period: '2026-07', source: 'ministry', reason: 'Vi phạm nữa' })
      .expect(201);
    const card = await t.http().get(`/api/campaigns/${campaign.id}/units/ca-hau-giang/scorecard?minPosition=${written.body.position}`).expect(200);
    expect(card.body.penalty).toBe(MAX_POINTS);

    await expectRefusal(
      t,
      () =>
        t
          .http()
          .post(`/api/campaigns/${campaign.id}/pledges`)
          .send({ id: 'gu-2', unitId: 'ca-hau-giang', signedOn: '2026-02-01', targets: [{ criterionId: 'c1-1', target: MAX_POINTS + 1 }] }),
      400,
      'invalid-request',
      'targets[0].target',
    );
  });

  it(`takes money up to ${MAX_AMOUNT_VND} VND`, async () => {
    const decision = (id: string, amountVnd: number) => ({
      id,
      form: 'certificate-of-merit',
      authority: 'minister',
      recipient: { kind: 'collective', id: 'ca-can-tho' },
      decisionNo: `${id}/QĐ`,
      decidedOn: '2026-01-10',
      amountVnd,
    });
    await expectRefusal(
      t,
      () =>
        t
          .http()
          .post('/api/commendations')
          .send(decision('qd-nhieu', MAX_AMOUNT_VND + 1)),
      400,
      'invalid-request',
      'amountVnd',
    );
    const written = await t.http().post('/api/commendations').send(decision('qd-du', MAX_AMOUNT_VND)).expect(201);
    const read = await t.http().get(`/api/commendations/qd-du?minPosition=${written.body.position}`).expect(200);
    expect(read.body.amountVnd).toBe(MAX_AMOUNT_VND);
  });
});
