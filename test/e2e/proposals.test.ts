import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign, cluster, phase, units } from '../support/fixtures.js';
import { accountWithToken } from '../support/accounts.js';
import { expectRefusal } from '../support/refusals.js';

// Two-person rule: a change in a closed phase or campaign is proposed by one administrator and
// written only when a second one approves it; the audit trail names both.
describe.each(storeKinds('proposals'))('proposals and approvals (%s store)', (kind) => {
  let t: TestApp;
  const unit = 'ca-hau-giang';
  const scores = `/api/campaigns/${campaign.id}/units/${unit}`;
  const proposals = `${scores}/proposals`;
  // Two administrators' accounts (and a third): the two-person rule compares account ids.
  const A = 'nguyen-van-an';
  const B = 'tran-thi-binh';
  let tokenA = '';
  let tokenB = '';
  let tokenC = '';
  let closedEntryPosition = 0;

  const scorecard = async (minPosition: number, asOf?: number) =>
    (
      await t
        .http()
        .get(`${scores}/scorecard?minPosition=${minPosition}${asOf ? `&asOf=${asOf}` : ''}`)
        .expect(200)
    ).body.total as number;

  beforeAll(async () => {
    t = await startApp(kind);
    tokenA = await accountWithToken(t, A, [{ role: 'administrator' }], 'Nguyễn Văn An');
    tokenB = await accountWithToken(t, B, [{ role: 'administrator' }], 'Trần Thị Bình');
    tokenC = await accountWithToken(t, 'le-van-cuong', [{ role: 'administrator' }], 'Lê Văn Cường');
    for (const u of Object.values(units)) await t.http().post('/api/units').send(u).expect(201);
    await t.http().post('/api/campaigns').send(campaign).expect(201);
    await t.http().post(`/api/campaigns/${campaign.id}/phases`).send(phase).expect(201);
    await t.http().post(`/api/campaigns/${campaign.id}/clusters`).send(cluster).expect(201);
    await t
      .http()
      .post(`${scores}/score-entries`)
      .send({
        entryId: 'e-dot',
        kind: 'achievement',
        criterionId: 'c1-1',
        points: 40,
        phaseId: phase.id,
        period: '2026-07',
        source: 'self-assessment',
        reason: 'Tự chấm đợt cao điểm',
      })
      .expect(201);
    await t
      .http()
      .post(`${scores}/score-entries`)
      .send({ entryId: 'e-open', kind: 'achievement', criterionId: 'c2-1', points: 10, period: '2026-07', source: 'self-assessment', reason: 'Tự chấm' })
      .expect(201);
    closedEntryPosition = (await t.http().post(`/api/campaigns/${campaign.id}/phases/${phase.id}/close`).send({}).expect(201)).body.position;
  });
  afterAll(async () => t?.close());

  it('refuses a direct change to a closed phase and points at proposals', async () => {
    const res = await expectRefusal(t, () => t.http().post(`${scores}/score-entries/e-dot/reversal`).send({ reason: 'Nhập trùng' }), 422, 'phase-closed');
    expect(res.body.detail).toContain('propose');
  });

  it('proposes, lists as pending, refuses self-approval, and writes the correction only when a second administrator approves', async () => {
    const proposed = await t
      .as(tokenA)
      .post(proposals)
      .send({ proposalId: 'dx-1', action: 'correct', entryId: 'e-dot', points: 30, reason: 'Kiểm tra chéo xác định lại: 30 điểm' })
      .expect(201);
    expect(proposed.body).toMatchObject({ proposalId: 'dx-1', action: 'correct' });
    expect(await scorecard(proposed.body.position)).toBe(50);

    const pending = await t.http().get(`/api/proposals?minPosition=${proposed.body.position}`).expect(200);
    expect(pending.body.proposals).toEqual([
      expect.objectContaining({
        proposalId: 'dx-1',
        campaignId: campaign.id,
        unitId: unit,
        action: 'correct',
        status: 'pending',
        proposedBy: A,
        decidedBy: null,
        change: expect.objectContaining({ action: 'correct', entryId: 'e-dot', points: '30' }),
      }),
    ]);

    await expectRefusal(t, () => t.as(tokenA).post(`${proposals}/dx-1/approval`).send({}), 422, 'second-person-required', 'Authorization');

    const approved = await t.as(tokenB).post(`${proposals}/dx-1/approval`).send({ note: 'Đã đối chiếu biên bản' }).expect(201);
    expect(await scorecard(approved.body.position)).toBe(40);
    // As of before the approval, the old score stands.
    expect(await scorecard(approved.body.position, proposed.body.position)).toBe(50);

    const audit = await t.http().get(`${scores}/audit?minPosition=${approved.body.position}`).expect(200);
    const byApproval = audit.body.events.filter((e: { approval?: unknown }) => e.approval);
    expect(
      byApproval.map((e: { type: string; entryId: string; delta: number; actor: string; approval: unknown }) => [
        e.type,
        e.entryId,
        e.delta,
        e.actor,
        e.approval,
      ]),
    ).toEqual([
      ['ScoreEntryReversed', 'e-dot', -40, B, { proposalId: 'dx-1', proposedBy: A, approvedBy: B }],
      ['ScoreEntryRecorded', expect.any(String), 30, B, { proposalId: 'dx-1', proposedBy: A, approvedBy: B }],
    ]);
    const replay = await t.http().get(`${scores}/replay?minPosition=${approved.body.position}`).expect(200);
    expect(replay.body.steps.at(-1).event.approval).toEqual({ proposalId: 'dx-1', proposedBy: A, approvedBy: B });

    const all = await t.http().get('/api/proposals?status=all').expect(200);
    expect(all.body.proposals).toEqual([
      expect.objectContaining({ proposalId: 'dx-1', status: 'approved', decidedBy: B, decisionNote: 'Đã đối chiếu biên bản' }),
    ]);
    expect((await t.http().get('/api/proposals').expect(200)).body.proposals).toEqual([]);

    await expectRefusal(t, () => t.as(tokenC).post(`${proposals}/dx-1/approval`).send({}), 422, 'proposal-already-decided');
  });

  it('a rejected proposal changes nothing', async () => {
    const before = await scorecard(closedEntryPosition);
    const proposed = await t
      .as(tokenA)
      .post(proposals)
      .send({
        proposalId: 'dx-2',
        action: 'record',
        entryId: 'e-late',
        kind: 'bonus',
        points: 5,
        phaseId: phase.id,
        period: '2026-07',
        source: 'ministry',
        reason: 'Bổ sung điểm thưởng chuyên án',
      })
      .expect(201);
    const rejected = await t.as(tokenB).post(`${proposals}/dx-2/rejection`).send({ reason: 'Không đủ căn cứ' }).expect(201);
    expect(await scorecard(rejected.body.position)).toBe(before);
    const list = await t.http().get(`/api/proposals?status=rejected&minPosition=${rejected.body.position}`).expect(200);
    expect(list.body.proposals).toEqual([expect.objectContaining({ proposalId: 'dx-2', status: 'rejected', decidedBy: B, decisionNote: 'Không đủ căn cứ' })]);
    expect(proposed.body.proposalId).toBe('dx-2');
  });

  it('refuses proposals that need no approval, that could not be approved, or that are malformed, writing nothing', async () => {
    await expectRefusal(
      t,
      () => t.as(tokenA).post(proposals).send({ action: 'reverse', entryId: 'e-open', reason: 'x' }),
      422,
      'approval-not-needed',
      'action',
    );
    await expectRefusal(
      t,
      () => t.as(tokenA).post(proposals).send({ action: 'correct', entryId: 'e-nope', points: 1, reason: 'x' }),
      404,
      'score-entry-not-found',
    );
    await expectRefusal(
      t,
      // (A correction of e-dot would follow its correction chain to the live replacement; a reversal does not.)
      () => t.as(tokenA).post(proposals).send({ action: 'reverse', entryId: 'e-dot', reason: 'x' }),
      422,
      'entry-already-reversed',
    );
    await expectRefusal(
      t,
      () =>
        t.as(tokenA).post(proposals).send({
          action: 'record',
          reason: 'x',
          kind: 'achievement',
          criterionId: 'c1-1',
          phaseId: phase.id,
          period: '2026-07',
          source: 'ministry',
          points: 500,
        }),
      422,
      'criterion-max-exceeded',
    );
    await expectRefusal(t, () => t.as(tokenA).post(proposals).send({ action: 'record', reason: 'x' }), 400, 'invalid-request', ['kind', 'points', 'source']);
    await expectRefusal(t, () => t.as(tokenA).post(proposals).send({ action: 'reverse', reason: 'x' }), 400, 'invalid-request', 'entryId');
    await expectRefusal(t, () => t.as(tokenA).post(proposals).send({ action: 'delete', entryId: 'e-dot', reason: 'x' }), 400, 'invalid-request', 'action');
    await expectRefusal(t, () => t.as(tokenB).post(`${proposals}/dx-404/approval`).send({}), 404, 'proposal-not-found');
  });
});
