import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign, cluster, phase, units } from '../support/fixtures.js';
import { expectRefusal } from '../support/refusals.js';
import { expectWritten } from '../support/writes.js';

const C = campaign.id;
const baLieu = { id: 'ca-bac-lieu', name: 'Công an tỉnh Bạc Liêu', kind: 'province', parentId: 'bo-cong-an' };
const caMau = { id: 'ca-ca-mau', name: 'Công an tỉnh Cà Mau', kind: 'province', parentId: 'bo-cong-an' };

/** A launch body with another id (and any overrides), so each refusal tests one rule. */
const launch = (id: string, overrides: Record<string, unknown> = {}) => ({ ...campaign, id, ...overrides });
const withScale = (scale: Record<string, unknown>) => ({ ...campaign.scale, ...scale });

describe.each(storeKinds('campaigns'))('campaigns, phases, clusters, pledges (%s store)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(kind);
    for (const unit of [...Object.values(units), baLieu, caMau]) await t.http().post('/api/units').send(unit).expect(201);
  });
  afterAll(async () => t?.close());

  describe('POST /api/campaigns (launch)', () => {
    it('launches a campaign with its scale (201, ETag "1")', async () => {
      expectWritten(await t.http().post('/api/campaigns').send(campaign), `campaign:${C}`, 1);
      const stream = await t.http().get(`/api/streams/campaign:${C}`).expect(200);
      expect(stream.body.events[0]).toMatchObject({ type: 'CampaignLaunched', data: { campaignId: C, organizerUnitId: 'bo-cong-an', form: 'regular' } });
      expect(stream.body.events[0].data.scale.groups[0]).toEqual({ id: 'g1', name: 'An ninh chính trị', maxPoints: '200' });
      expect(stream.body.events[0].data.scale.bonusCap).toBe('50');
    });

    it('accepts points as strings with up to two decimals', async () => {
      const scale = {
        groups: [{ id: 'g1', name: 'Nhóm 1', maxPoints: '100.5' }],
        criteria: [{ id: 'c1', groupId: 'g1', name: 'Tiêu chí 1', maxPoints: 12.25 }],
        bonusCap: '0',
      };
      expectWritten(
        await t
          .http()
          .post('/api/campaigns')
          .send(launch('chuyen-de-2026', { form: 'thematic', scale })),
        'campaign:chuyen-de-2026',
        1,
      );
    });

    it('refuses points with three decimals (400 naming scale.groups[0].maxPoints)', async () => {
      const groups = campaign.scale.groups.map((g, i) => (i === 0 ? { ...g, maxPoints: 200.125 } : g));
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/campaigns')
            .send(launch('pt-x', { scale: withScale({ groups }) })),
        400,
        'invalid-request',
        'scale.groups[0].maxPoints',
      );
      const criteria = campaign.scale.criteria.map((c, i) => (i === 2 ? { ...c, maxPoints: '1.001' } : c));
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/campaigns')
            .send(launch('pt-x', { scale: withScale({ criteria, bonusCap: 'năm mươi' }) })),
        400,
        'invalid-request',
        ['scale.criteria[2].maxPoints', 'scale.bonusCap'],
      );
    });

    it('refuses empty groups (400 naming scale.groups)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/campaigns')
            .send(launch('pt-x', { scale: withScale({ groups: [] }) })),
        400,
        'invalid-request',
        'scale.groups',
      );
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/campaigns')
            .send(launch('pt-x', { scale: undefined })),
        400,
        'invalid-request',
        'scale',
      );
    });

    it('refuses a bad form (400 naming form)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/campaigns')
            .send(launch('pt-x', { form: 'weekly' })),
        400,
        'invalid-request',
        'form',
      );
    });

    it('refuses bad dates (400 naming each)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/campaigns')
            .send(launch('pt-x', { startsOn: '2026-13-01', endsOn: '31/12/2026' })),
        400,
        'invalid-request',
        ['startsOn', 'endsOn'],
      );
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/campaigns')
            .send(launch('pt-x', { endsOn: '2026-02-29' })),
        400,
        'invalid-request',
        'endsOn',
      );
    });

    it('refuses an end before the start (422 invalid-period)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/campaigns')
            .send(launch('pt-x', { startsOn: '2026-12-31', endsOn: '2026-01-01' })),
        422,
        'invalid-period',
        'endsOn',
      );
    });

    it('refuses a duplicate scale id (422 duplicate-scale-id)', async () => {
      const groups = [...campaign.scale.groups, { id: 'g1', name: 'Trùng', maxPoints: 10 }];
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/campaigns')
            .send(launch('pt-x', { scale: withScale({ groups }) })),
        422,
        'duplicate-scale-id',
        `scale.groups[${campaign.scale.groups.length}].id`,
      );
      const criteria = [...campaign.scale.criteria, { ...campaign.scale.criteria[0] }];
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/campaigns')
            .send(launch('pt-x', { scale: withScale({ criteria }) })),
        422,
        'duplicate-scale-id',
        `scale.criteria[${campaign.scale.criteria.length}].id`,
      );
    });

    it('refuses a criterion in an unknown group (422 group-not-found naming scale.criteria[0].groupId)', async () => {
      const criteria = campaign.scale.criteria.map((c, i) => (i === 0 ? { ...c, groupId: 'g9' } : c));
      const res = await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/campaigns')
            .send(launch('pt-x', { scale: withScale({ criteria }) })),
        422,
        'group-not-found',
        'scale.criteria[0].groupId',
      );
      expect(res.body.errors[0].field).toBe('scale.criteria[0].groupId');
    });

    it('refuses an unknown organizer (422 unit-not-found naming organizerUnitId)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/campaigns')
            .send(launch('pt-x', { organizerUnitId: 'bo-khong-co' })),
        422,
        'unit-not-found',
        'organizerUnitId',
      );
    });

    it('refuses a relaunch (409 already-exists)', async () => {
      await expectRefusal(t, () => t.http().post('/api/campaigns').send(campaign), 409, 'already-exists');
    });
  });

  describe('phases', () => {
    it('adds a phase (201, version 2, phaseId)', async () => {
      const res = await t.http().post(`/api/campaigns/${C}/phases`).send(phase);
      expectWritten(res, `campaign:${C}`, 2);
      expect(res.body.phaseId).toBe(phase.id);
    });

    it('answers 404 for an unknown campaign', async () => {
      await expectRefusal(t, () => t.http().post('/api/campaigns/khong-co/phases').send(phase), 404, 'campaign-not-found');
    });

    it('refuses a duplicate phase (409 already-exists)', async () => {
      await expectRefusal(t, () => t.http().post(`/api/campaigns/${C}/phases`).send(phase), 409, 'already-exists');
    });

    it('refuses a phase outside the campaign (422 phase-outside-campaign)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(`/api/campaigns/${C}/phases`)
            .send({ ...phase, id: 'dot-som', startsOn: '2025-12-15', endsOn: '2026-01-15' }),
        422,
        'phase-outside-campaign',
        'startsOn',
      );
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(`/api/campaigns/${C}/phases`)
            .send({ ...phase, id: 'dot-muon', startsOn: '2026-12-01', endsOn: '2027-01-15' }),
        422,
        'phase-outside-campaign',
        'endsOn',
      );
    });

    it('refuses a phase ending before it starts (422 invalid-period)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(`/api/campaigns/${C}/phases`)
            .send({ ...phase, id: 'dot-nguoc', startsOn: '2026-08-19', endsOn: '2026-07-01' }),
        422,
        'invalid-period',
        'endsOn',
      );
    });

    it('closes a phase (201), refuses closing it again (422 phase-closed) and an unknown phase (404)', async () => {
      await t.http().post(`/api/campaigns/${C}/phases`).send({ id: 'dot-quy-1', name: 'Quý I', startsOn: '2026-01-01', endsOn: '2026-03-31' }).expect(201);
      expectWritten(await t.http().post(`/api/campaigns/${C}/phases/dot-quy-1/close`).send({}), `campaign:${C}`, 4);
      await expectRefusal(t, () => t.http().post(`/api/campaigns/${C}/phases/dot-quy-1/close`).send({}), 422, 'phase-closed');
      await expectRefusal(t, () => t.http().post(`/api/campaigns/${C}/phases/dot-khong-co/close`).send({}), 404, 'phase-not-found');
      await expectRefusal(t, () => t.http().post('/api/campaigns/khong-co/phases/dot-quy-1/close').send({}), 404, 'campaign-not-found');
    });

    it('refuses a body on close (400 naming the unknown field)', async () => {
      await expectRefusal(t, () => t.http().post(`/api/campaigns/${C}/phases/${phase.id}/close`).send({ reason: 'x' }), 400, 'invalid-request', 'reason');
    });
  });

  describe('closing a campaign', () => {
    const D = 'thi-dua-dac-biet-2026';
    it('closes (201), refuses closing again and adding a phase afterwards (422 campaign-closed)', async () => {
      await t
        .http()
        .post('/api/campaigns')
        .send(launch(D, { form: 'thematic' }))
        .expect(201);
      expectWritten(await t.http().post(`/api/campaigns/${D}/close`).send({}), `campaign:${D}`, 2);
      await expectRefusal(t, () => t.http().post(`/api/campaigns/${D}/close`).send({}), 422, 'campaign-closed');
      await expectRefusal(t, () => t.http().post(`/api/campaigns/${D}/phases`).send(phase), 422, 'campaign-closed');
      await expectRefusal(t, () => t.http().post(`/api/campaigns/${D}/clusters`).send(cluster), 422, 'campaign-closed');
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(`/api/campaigns/${D}/pledges`)
            .send({ id: 'gu-x', unitId: 'ca-can-tho', signedOn: '2026-02-15', targets: [{ criterionId: 'c2-1', target: 95 }] }),
        422,
        'campaign-closed',
      );
    });

    it('answers 404 when closing an unknown campaign', async () => {
      await expectRefusal(t, () => t.http().post('/api/campaigns/khong-co/close').send({}), 404, 'campaign-not-found');
    });
  });

  describe('clusters', () => {
    const base = `/api/campaigns/${C}/clusters`;
    it('forms a cluster (201)', async () => {
      expectWritten(await t.http().post(base).send(cluster), `cluster:${C}:cum-9`, 1);
    });

    it('answers 404 for an unknown campaign', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post('/api/campaigns/khong-co/clusters')
            .send({ ...cluster, id: 'cum-x' }),
        404,
        'campaign-not-found',
      );
    });

    it('refuses a head that is not a member (422 head-not-member)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(base)
            .send({ ...cluster, id: 'cum-x', headUnitId: 'ca-hai-phong' }),
        422,
        'head-not-member',
        'headUnitId',
      );
    });

    it('refuses a deputy that is not a member (422 deputy-not-member)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(base)
            .send({ ...cluster, id: 'cum-x', deputyUnitId: 'ca-hai-phong' }),
        422,
        'deputy-not-member',
        'deputyUnitId',
      );
    });

    it('refuses a deputy who is the head (422 deputy-is-head)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(base)
            .send({ ...cluster, id: 'cum-x', deputyUnitId: cluster.headUnitId }),
        422,
        'deputy-is-head',
        'deputyUnitId',
      );
    });

    it('refuses a member listed twice (422 duplicate-member naming memberUnitIds[1])', async () => {
      const res = await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(base)
            .send({ ...cluster, id: 'cum-x', deputyUnitId: undefined, memberUnitIds: ['ca-hau-giang', 'ca-hau-giang'] }),
        422,
        'duplicate-member',
        'memberUnitIds[1]',
      );
      expect(res.body.errors[0].field).toBe('memberUnitIds[1]');
    });

    it('refuses an unknown member unit (422 unit-not-found naming memberUnitIds[i])', async () => {
      const res = await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(base)
            .send({ ...cluster, id: 'cum-x', memberUnitIds: [...cluster.memberUnitIds, 'ca-khong-co'] }),
        422,
        'unit-not-found',
        'memberUnitIds[3]',
      );
      expect(res.body.errors[0].field).toBe('memberUnitIds[3]');
    });

    it('refuses bad fields (400 naming each, including memberUnitIds entries)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(base)
            .send({ ...cluster, id: 'cum-x', kind: 'group', memberUnitIds: [] }),
        400,
        'invalid-request',
        ['kind', 'memberUnitIds'],
      );
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(base)
            .send({ ...cluster, id: 'cum-x', memberUnitIds: ['ca-hau-giang', 'CA Can Tho'] }),
        400,
        'invalid-request',
        'memberUnitIds',
      );
    });

    it('refuses a cluster id already formed (409 already-exists)', async () => {
      await expectRefusal(t, () => t.http().post(base).send(cluster), 409, 'already-exists');
    });

    it('adds a member (201), refuses it again (422 already-member), an unknown unit (422) and an unknown cluster (404)', async () => {
      expectWritten(await t.http().post(`${base}/cum-9/members`).send({ unitId: 'ca-bac-lieu' }), `cluster:${C}:cum-9`, 2);
      await expectRefusal(t, () => t.http().post(`${base}/cum-9/members`).send({ unitId: 'ca-bac-lieu' }), 422, 'already-member', 'unitId');
      await expectRefusal(t, () => t.http().post(`${base}/cum-9/members`).send({ unitId: 'ca-khong-co' }), 422, 'unit-not-found', 'unitId');
      await expectRefusal(t, () => t.http().post(`${base}/cum-khong-co/members`).send({ unitId: 'ca-ca-mau' }), 404, 'cluster-not-found');
      await expectRefusal(t, () => t.http().post(`${base}/cum-9/members`).send({ unitId: 'Ca Mau' }), 400, 'invalid-request', 'unitId');
    });

    it('removes a member (DELETE 201), refuses removing the head or deputy (422 cannot-remove-head) and a non-member (404)', async () => {
      expectWritten(await t.http().delete(`${base}/cum-9/members/ca-bac-lieu`), `cluster:${C}:cum-9`, 3);
      await expectRefusal(t, () => t.http().delete(`${base}/cum-9/members/${cluster.headUnitId}`), 422, 'cannot-remove-head', 'unitId');
      await expectRefusal(t, () => t.http().delete(`${base}/cum-9/members/${cluster.deputyUnitId}`), 422, 'cannot-remove-head', 'unitId');
      await expectRefusal(t, () => t.http().delete(`${base}/cum-9/members/ca-bac-lieu`), 404, 'member-not-found');
      await expectRefusal(t, () => t.http().delete(`${base}/cum-khong-co/members/ca-bac-lieu`), 404, 'cluster-not-found');
      const stream = await t.http().get(`/api/streams/cluster:${C}:cum-9`).expect(200);
      expect(stream.body.events.map((e: { type: string }) => e.type)).toEqual(['ClusterFormed', 'ClusterMemberAdded', 'ClusterMemberRemoved']);
    });
  });

  describe('pledges', () => {
    const base = `/api/campaigns/${C}/pledges`;
    const pledge = {
      id: 'giao-uoc-ca-hau-giang',
      unitId: 'ca-hau-giang',
      signedOn: '2026-02-15',
      targets: [
        { criterionId: 'c2-1', description: 'Kéo giảm tội phạm về trật tự xã hội', target: 5, measure: '%' },
        { criterionId: 'c2-2', target: '95.5', measure: '%' },
      ],
    };

    it('signs a pledge (201)', async () => {
      expectWritten(await t.http().post(base).send(pledge), `pledge:${C}:giao-uoc-ca-hau-giang`, 1);
      const stream = await t.http().get(`/api/streams/pledge:${C}:giao-uoc-ca-hau-giang`).expect(200);
      expect(stream.body.events[0].data.targets.map((x: { target: string }) => x.target)).toEqual(['5', '95.5']);
    });

    it('refuses an unknown criterion (422 criterion-not-found naming targets[0].criterionId)', async () => {
      const res = await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(base)
            .send({ ...pledge, id: 'gu-x', targets: [{ criterionId: 'c9-9', target: 1 }] }),
        422,
        'criterion-not-found',
        'targets[0].criterionId',
      );
      expect(res.body.errors[0].field).toBe('targets[0].criterionId');
    });

    it('refuses two targets on one criterion (422 duplicate-target)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(base)
            .send({
              ...pledge,
              id: 'gu-x',
              targets: [
                { criterionId: 'c2-1', target: 1 },
                { criterionId: 'c2-1', target: 2 },
              ],
            }),
        422,
        'duplicate-target',
        'targets[1].criterionId',
      );
    });

    it('refuses an unknown unit (422 unit-not-found naming unitId)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(base)
            .send({ ...pledge, id: 'gu-x', unitId: 'ca-khong-co' }),
        422,
        'unit-not-found',
        'unitId',
      );
    });

    it('refuses a non-positive target (422 invalid-target)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(base)
            .send({ ...pledge, id: 'gu-x', targets: [{ criterionId: 'c2-1', target: 0 }] }),
        422,
        'invalid-target',
        'targets[0].target',
      );
    });

    it('refuses empty targets and bad target fields (400)', async () => {
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(base)
            .send({ ...pledge, id: 'gu-x', targets: [] }),
        400,
        'invalid-request',
        'targets',
      );
      await expectRefusal(
        t,
        () =>
          t
            .http()
            .post(base)
            .send({ ...pledge, id: 'gu-x', signedOn: '2026-02-30', targets: [{ criterionId: 'c2-1', target: 1.005 }] }),
        400,
        'invalid-request',
        ['signedOn', 'targets[0].target'],
      );
    });

    it('answers 404 for an unknown campaign and 409 for a pledge signed twice', async () => {
      await expectRefusal(t, () => t.http().post('/api/campaigns/khong-co/pledges').send(pledge), 404, 'campaign-not-found');
      await expectRefusal(t, () => t.http().post(base).send(pledge), 409, 'already-exists');
    });
  });
});
