import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { accountWithToken } from '../support/accounts.js';
import { storeKinds } from '../support/databases.js';
import { campaign, cluster, phase, units } from '../support/fixtures.js';
import { expectRefusal } from '../support/refusals.js';

/**
 * Issue 13: a phase created by mistake and withdrawn after it has started goes through the two-person
 * rule (proposed by one administrator, approved or rejected by another), and only once no live score
 * entry names it. The PhaseAdded and the proposal stay in the log.
 */
describe.each(storeKinds('phase withdrawal'))('withdrawing a started phase (%s store)', (kind) => {
  let t: TestApp;
  const A = 'nguyen-van-an';
  const B = 'tran-thi-binh';
  let tokenA = '';
  let tokenB = '';
  const unit = 'ca-hau-giang';
  const base = `/api/campaigns/${campaign.id}`;
  const entries = `${base}/units/${unit}/score-entries`;
  const proposals = `${base}/phase-withdrawal-proposals`;
  const later = { ...campaign, id: 'vi-an-ninh-to-quoc-2099', title: 'Phong trào thi đua năm 2099', startsOn: '2099-01-01', endsOn: '2099-12-31' };
  const late = { id: 'dot-cuoi-nam', name: 'Đợt cuối năm 2026', startsOn: '2026-09-01', endsOn: '2026-12-31' };
  const stream = async () =>
    (await t.http().get(`/api/streams/campaign:${campaign.id}`).expect(200)).body.events as { type: string; data: Record<string, unknown> }[];
  const entry = (entryId: string, phaseId: string, period: string) => ({
    entryId,
    kind: 'achievement',
    criterionId: 'c1-1',
    points: 10,
    phaseId,
    period,
    source: 'self-assessment',
    reason: 'Tự chấm',
  });

  beforeAll(async () => {
    t = await startApp(kind);
    tokenA = await accountWithToken(t, A, [{ role: 'administrator' }], 'Nguyễn Văn An');
    tokenB = await accountWithToken(t, B, [{ role: 'administrator' }], 'Trần Thị Bình');
    for (const u of Object.values(units)) await t.http().post('/api/units').send(u).expect(201);
    await t.http().post('/api/campaigns').send(campaign).expect(201);
    await t.http().post('/api/campaigns').send(later).expect(201);
    await t.http().post(`${base}/phases`).send(phase).expect(201);
    await t.http().post(`${base}/phases`).send(late).expect(201);
    await t.http().post(`${base}/clusters`).send(cluster).expect(201);
    await t
      .http()
      .post(entries)
      .send(entry('e-dot', phase.id, '2026-07'))
      .expect(201);
  });
  afterAll(async () => t?.close());

  it('refuses the direct withdrawal of a started phase, and a proposal while a live entry names the phase (422 naming phaseId)', async () => {
    const direct = await expectRefusal(
      t,
      () => t.http().post(`${base}/phases/${phase.id}/withdrawal`).send({ reason: 'Nhầm' }),
      422,
      'phase-started',
      'phaseId',
    );
    expect(direct.body.detail).toContain('withdrawal-proposals');
    const refused = await expectRefusal(
      t,
      () => t.as(tokenA).post(`${base}/phases/${phase.id}/withdrawal-proposals`).send({ reason: 'Tạo nhầm đợt' }),
      422,
      'phase-has-entries',
      'phaseId',
    );
    expect(refused.body).toMatchObject({ phaseId: phase.id, liveEntries: [{ unitId: unit, entryId: 'e-dot' }], liveEntryCount: 1 });
    expect(refused.body.detail).toContain('reverse them first');
  });

  it('once the entries are reversed: proposed by one administrator, refused to the same one, approved by another; the phase takes nothing more', async () => {
    await t.http().post(`${entries}/e-dot/reversal`).send({ reason: 'Đợt tạo nhầm: hủy điểm' }).expect(201);
    const proposed = await t
      .as(tokenA)
      .post(`${base}/phases/${phase.id}/withdrawal-proposals`)
      .send({ proposalId: 'rut-1', reason: 'Tạo nhầm đợt' })
      .expect(201);
    expect(proposed.body).toMatchObject({ proposalId: 'rut-1', streamId: `campaign:${campaign.id}` });
    await expectRefusal(
      t,
      () => t.as(tokenB).post(`${base}/phases/${phase.id}/withdrawal-proposals`).send({ reason: 'Lần nữa' }),
      422,
      'withdrawal-already-proposed',
      'phaseId',
    );
    await expectRefusal(t, () => t.as(tokenA).post(`${proposals}/rut-1/approval`).send({}), 422, 'second-person-required', 'Authorization');
    await t.as(tokenB).post(`${proposals}/rut-1/approval`).send({ note: 'Đã kiểm tra' }).expect(201);
    const events = await stream();
    expect(events.slice(-3).map((e) => e.type)).toEqual(['PhaseWithdrawalProposed', 'PhaseWithdrawalApproved', 'PhaseWithdrawn']);
    expect(events.slice(-3).map((e) => e.data)).toEqual([
      {
        campaignId: campaign.id,
        phaseId: phase.id,
        proposalId: 'rut-1',
        reason: 'Tạo nhầm đợt',
        proposedBy: A,
        proposedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      },
      { campaignId: campaign.id, phaseId: phase.id, proposalId: 'rut-1', proposedBy: A, approvedBy: B, note: 'Đã kiểm tra' },
      { campaignId: campaign.id, phaseId: phase.id, reason: 'Tạo nhầm đợt', withdrawnOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    ]);
    expect(events.filter((e) => e.type === 'PhaseAdded' && e.data.phaseId === phase.id)).toHaveLength(1);
    await expectRefusal(
      t,
      () =>
        t
          .http()
          .post(entries)
          .send(entry('e-sau', phase.id, '2026-07')),
      422,
      /phase/,
      'phaseId',
    );
    await expectRefusal(t, () => t.as(tokenB).post(`${proposals}/rut-1/approval`).send({}), 422, 'proposal-already-decided');
  });

  it('a proposed withdrawal holds the phase: no new entry until decided (so none slips past the approval); a rejection leaves the phase taking entries', async () => {
    await t.as(tokenA).post(`${base}/phases/${late.id}/withdrawal-proposals`).send({ proposalId: 'rut-2', reason: 'Nhầm' }).expect(201);
    const held = await expectRefusal(
      t,
      () =>
        t
          .http()
          .post(entries)
          .send(entry('e-cuoi', late.id, '2026-09')),
      422,
      'phase-withdrawal-pending',
      'phaseId',
    );
    expect(held.body).toMatchObject({ proposalId: 'rut-2' });
    // Another phase, and the campaign without a phase, still take entries.
    await t
      .http()
      .post(entries)
      .send({ ...entry('e-ngoai-dot', phase.id, '2026-07'), phaseId: null })
      .expect(201);
    await expectRefusal(t, () => t.as(tokenB).post(`${proposals}/rut-2/rejection`).send({}), 400, 'invalid-request', ['reason']);
    await t.as(tokenB).post(`${proposals}/rut-2/rejection`).send({ reason: 'Đợt đúng kế hoạch' }).expect(201);
    const events = await stream();
    expect(events.at(-1)).toMatchObject({
      type: 'PhaseWithdrawalRejected',
      data: { campaignId: campaign.id, phaseId: late.id, proposalId: 'rut-2', proposedBy: A, rejectedBy: B, reason: 'Đợt đúng kế hoạch' },
    });
    await t
      .http()
      .post(entries)
      .send(entry('e-cuoi-2', late.id, '2026-10'))
      .expect(201);
  });

  it('lists the phase-withdrawal proposals in GET /api/proposals, filtered by status and campaign', async () => {
    // e-cuoi-2 is live in the phase: refused until it is reversed.
    await expectRefusal(
      t,
      () => t.as(tokenA).post(`${base}/phases/${late.id}/withdrawal-proposals`).send({ proposalId: 'rut-3', reason: 'Trùng đợt' }),
      422,
      'phase-has-entries',
      'phaseId',
    );
    for (const id of ['e-cuoi-2']) await t.http().post(`${entries}/${id}/reversal`).send({ reason: 'Hủy để rút đợt' }).expect(201);
    const proposed = await t.as(tokenA).post(`${base}/phases/${late.id}/withdrawal-proposals`).send({ proposalId: 'rut-3', reason: 'Trùng đợt' }).expect(201);
    const at = `minPosition=${proposed.body.position}`;
    const all = await t.http().get(`/api/proposals?status=all&campaignId=${campaign.id}&${at}`).expect(200);
    const decided = { proposedBy: A, proposedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), proposedAt: expect.any(String), decidedAt: expect.any(String) };
    expect(all.body.proposals).toEqual([
      {
        kind: 'phase-withdrawal',
        proposalId: 'rut-1',
        campaignId: campaign.id,
        phaseId: phase.id,
        reason: 'Tạo nhầm đợt',
        ...decided,
        proposedPosition: expect.any(Number),
        status: 'approved',
        decidedBy: B,
        decidedPosition: expect.any(Number),
        decisionNote: 'Đã kiểm tra',
      },
      expect.objectContaining({
        kind: 'phase-withdrawal',
        proposalId: 'rut-2',
        phaseId: late.id,
        status: 'rejected',
        decidedBy: B,
        decisionNote: 'Đợt đúng kế hoạch',
      }),
      expect.objectContaining({
        kind: 'phase-withdrawal',
        proposalId: 'rut-3',
        phaseId: late.id,
        status: 'pending',
        proposedBy: A,
        decidedBy: null,
        decidedAt: null,
      }),
    ]);
    expect(all.body.proposals[0].decidedPosition).toBeGreaterThan(all.body.proposals[0].proposedPosition);
    const ids = async (query: string) =>
      ((await t.http().get(`/api/proposals?${query}&${at}`).expect(200)).body.proposals as { proposalId: string }[]).map((p) => p.proposalId);
    expect(await ids('status=pending')).toEqual(['rut-3']);
    expect(await ids('status=rejected')).toEqual(['rut-2']);
    expect(await ids(`status=all&campaignId=${later.id}`)).toEqual([]);
    // They name no unit: a list for one unit holds score proposals only.
    expect(await ids(`status=all&unitId=${unit}`)).toEqual([]);
  });

  it('refuses a proposal for a phase that has not started (withdraw it directly), an unknown phase or proposal (404)', async () => {
    await t
      .http()
      .post(`/api/campaigns/${later.id}/phases`)
      .send({ id: 'dot-2099', name: 'Đợt 2099', startsOn: '2099-03-01', endsOn: '2099-04-30' })
      .expect(201);
    await expectRefusal(
      t,
      () => t.as(tokenA).post(`/api/campaigns/${later.id}/phases/dot-2099/withdrawal-proposals`).send({ reason: 'Nhầm' }),
      422,
      'approval-not-needed',
      'phaseId',
    );
    await expectRefusal(t, () => t.as(tokenA).post(`${base}/phases/khong-co/withdrawal-proposals`).send({ reason: 'Nhầm' }), 404, 'phase-not-found');
    await expectRefusal(t, () => t.as(tokenB).post(`${proposals}/khong-co/approval`).send({}), 404, 'proposal-not-found');
  });
});
