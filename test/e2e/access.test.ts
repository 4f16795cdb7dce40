import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { AdminBootstrap } from '../../src/commands/accounts/admin-bootstrap.js';
import { listen, startApp, TEST_ADMIN_TOKEN, withToken, type TestApp } from '../support/app.js';
import { accountWithToken } from '../support/accounts.js';
import { freshDataDir, storeKinds } from '../support/databases.js';
import { campaign, cluster, units } from '../support/fixtures.js';
import { expectNothingWrittenSince, logHead } from '../support/refusals.js';
import request from 'supertest';

/** A refusal for lack of rights or of an account: the status, problem+json with its code, and nothing written. */
async function expectDenied(t: TestApp, send: () => request.Test, status: 401 | 403 | 429, code: string) {
  const head = await logHead(t);
  const res = await send();
  if (res.status !== status) throw new Error(`expected ${status} ${code}, got ${res.status}: ${JSON.stringify(res.body)}`);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, detail: expect.any(String) });
  await expectNothingWrittenSince(t, head);
  return res;
}

describe.each(storeKinds('access'))('who may do what (%s store)', (kind) => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const entries = (unitId: string) => `/api/campaigns/${campaign.id}/units/${unitId}/score-entries`;
  const entry = (reason: string, source = 'self-assessment') => ({
    kind: 'achievement',
    criterionId: 'c1-1',
    points: '1,5'.replace(',', '.'),
    period: '2026-07',
    source,
    reason,
  });

  beforeAll(async () => {
    t = await startApp(kind);
    for (const u of Object.values(units)) await t.http().post('/api/units').send(u).expect(201);
    await t.http().post('/api/campaigns').send(campaign).expect(201);
    await t.http().post(`/api/campaigns/${campaign.id}/clusters`).send(cluster).expect(201);
    tokens.recorderHauGiang = await accountWithToken(t, 'nhap-lieu-hau-giang', [{ role: 'recorder', scope: 'ca-hau-giang' }], 'Thiếu tá Nguyễn Thị Hằng');
    tokens.inspector = await accountWithToken(t, 'kiem-tra-cum-9', [{ role: 'inspector', scope: `${campaign.id}/${cluster.id}` }], 'Đoàn kiểm tra chéo cụm 9');
    tokens.auditor = await accountWithToken(t, 'thanh-tra', [{ role: 'auditor' }], 'Thanh tra Bộ');
    tokens.viewer = await accountWithToken(t, 'man-hinh-hoi-truong', [{ role: 'viewer' }], 'Màn hình hội trường');
  });
  afterAll(async () => t?.close());

  it('answers 401 problem+json without a valid token; /health stays open', async () => {
    await t.anonymous().get('/health').expect(200);
    const res = await expectDenied(
      t,
      () => t.anonymous().post('/api/conferral-parameters').type('application/json').send({ year: 2026, governmentFlagTopK: 5 }),
      401,
      'unauthenticated',
    );
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    await expectDenied(t, () => t.as('not-a-token-at-all').get('/api/me'), 401, 'unauthenticated');
    await expectDenied(t, () => t.anonymous().get(`/api/campaigns/${campaign.id}/clusters/${cluster.id}/ranking`), 401, 'unauthenticated');
  });

  it('stores the account, not X-Actor, with a Vietnamese display name as proper UTF-8', async () => {
    const written = await t.as(tokens.recorderHauGiang).post(entries('ca-hau-giang')).set('X-Actor', 'admin').send(entry('Tự chấm tháng 6')).expect(201);
    const events = (
      await t
        .http()
        .get(`/api/events?after=${written.body.position - 1}&limit=1`)
        .expect(200)
    ).body.events;
    expect(events[0].metadata).toMatchObject({ actor: 'nhap-lieu-hau-giang', actorName: 'Thiếu tá Nguyễn Thị Hằng' });
  });

  it("keeps a recorder inside its unit's subtree and cross-inspection to inspectors of the cluster", async () => {
    const res = await expectDenied(t, () => t.as(tokens.recorderHauGiang).post(entries('ca-can-tho')).send(entry('Ngoài phạm vi')), 403, 'forbidden');
    expect(res.body.detail).toContain('recorder');
    await expectDenied(
      t,
      () => t.as(tokens.recorderHauGiang).post(entries('ca-hau-giang')).send(entry('Tự nhận là kiểm tra chéo', 'cross-inspection')),
      403,
      'forbidden',
    );
    await t.as(tokens.inspector).post(entries('ca-can-tho')).send(entry('Kiểm tra chéo cụm 9', 'cross-inspection')).expect(201);
    await expectDenied(t, () => t.as(tokens.inspector).post(entries('ca-hai-phong')).send(entry('Không thuộc cụm', 'cross-inspection')), 403, 'forbidden');
    await expectDenied(t, () => t.as(tokens.inspector).post(entries('ca-can-tho')).send(entry('Tự chấm hộ')), 403, 'forbidden');
    // A cross-inspection entry is the inspectors' to reverse or correct, not the inspected unit's recorder's.
    await t
      .http()
      .post(entries('ca-hau-giang'))
      .send({ ...entry('Kiểm tra chéo Hậu Giang', 'cross-inspection'), entryId: 'ktc-hg-1' })
      .expect(201);
    await expectDenied(
      t,
      () =>
        t
          .as(tokens.recorderHauGiang)
          .post(`${entries('ca-hau-giang')}/ktc-hg-1/reversal`)
          .send({ reason: 'Không đồng ý kết quả kiểm tra' }),
      403,
      'forbidden',
    );
    await t
      .as(tokens.inspector)
      .post(`${entries('ca-hau-giang')}/ktc-hg-1/correction`)
      .send({ points: 1, reason: 'Đoàn kiểm tra xác định lại' })
      .expect(201);
  });

  it("lets a province's emulation officer transfer and retire that province's officers, and no one else's (403 naming the scope)", async () => {
    const officer = await accountWithToken(t, 'thi-dua-hai-phong', [{ role: 'emulation-officer', scope: 'ca-hai-phong' }], 'Trung tá Phạm Văn Hải');
    await t
      .http()
      .post('/api/units')
      .send({ id: 'pc-hai-phong', name: 'Phòng Cảnh sát hình sự Hải Phòng', kind: 'department', parentId: 'ca-hai-phong' })
      .expect(201);
    await t.http().post('/api/officers').send({ id: 'cb-hai-phong', fullName: 'Đỗ Văn Minh', rank: 'Đại úy', unitId: 'ca-hai-phong' }).expect(201);
    await t.http().post('/api/officers').send({ id: 'cb-hau-giang', fullName: 'Lâm Thị Thu', rank: 'Thượng úy', unitId: 'ca-hau-giang' }).expect(201);
    await t.as(officer).post('/api/officers/cb-hai-phong/transfers').send({ unitId: 'pc-hai-phong', effectiveOn: '2026-03-01' }).expect(201);
    const other = await expectDenied(
      t,
      () => t.as(officer).post('/api/officers/cb-hau-giang/transfers').send({ unitId: 'ca-hai-phong', effectiveOn: '2026-03-01' }),
      403,
      'forbidden',
    );
    expect(other.body.detail).toContain("the unit of officer 'cb-hau-giang'");
    expect(other.body.needed).toEqual([{ roles: ['emulation-officer'], scope: "the unit of officer 'cb-hau-giang' + the unit 'ca-hai-phong'" }]);
    const away = await expectDenied(
      t,
      () => t.as(officer).post('/api/officers/cb-hai-phong/transfers').send({ unitId: 'ca-hau-giang', effectiveOn: '2026-04-01' }),
      403,
      'forbidden',
    );
    expect(away.body.detail).toContain("the unit 'ca-hau-giang'");
    await expectDenied(
      t,
      () => t.as(officer).post('/api/officers/cb-hau-giang/retirement').send({ reason: 'retired', retiredOn: '2026-05-01' }),
      403,
      'forbidden',
    );
    await t.as(officer).post('/api/officers/cb-hai-phong/retirement').send({ reason: 'retired', retiredOn: '2026-05-01' }).expect(201);
  });

  it('lets an auditor read everything, the raw log included, and write nothing', async () => {
    await t.as(tokens.auditor).get('/api/events?limit=5').expect(200);
    await t.as(tokens.auditor).get('/api/accounts').expect(200);
    await expectDenied(
      t,
      () => t.as(tokens.auditor).post(`/api/campaigns/${campaign.id}/clusters/${cluster.id}/rankings/publications`).send({ period: '2026-06' }),
      403,
      'forbidden',
    );
    await expectDenied(t, () => t.as(tokens.auditor).post('/api/conferral-parameters').send({ year: 2026, governmentFlagTopK: 5 }), 403, 'forbidden');
    await expectDenied(t, () => t.as(tokens.auditor).post(`/api/campaigns/${campaign.id}/close`), 403, 'forbidden');
  });

  it('lets a conference screen read rankings but not the raw log or the audit trail', async () => {
    await t.as(tokens.viewer).get(`/api/campaigns/${campaign.id}/clusters/${cluster.id}/ranking`).expect(200);
    await expectDenied(t, () => t.as(tokens.viewer).get('/api/events'), 403, 'forbidden');
    await expectDenied(t, () => t.as(tokens.viewer).get(`/api/campaigns/${campaign.id}/units/ca-hau-giang/audit`), 403, 'forbidden');
  });

  it('refuses a write without Content-Type: application/json, so no web page can make a browser send one', async () => {
    const head = await logHead(t);
    const res = await t.anonymous().post(`/api/campaigns/${campaign.id}/close`).set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`);
    expect(res.status).toBe(415);
    const form = await t.anonymous().post(`/api/campaigns/${campaign.id}/close`).set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`).type('form').send('a=1');
    expect(form.status).toBe(415);
    await expectNothingWrittenSince(t, head);
  });

  it('answers CORS preflights only for CORS_ORIGINS and sets security headers', async () => {
    const res = await t.anonymous().options('/api/units').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const health = await t.anonymous().get('/health').expect(200);
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['x-frame-options']).toBeDefined();
  });

  it('keeps idempotency keys per account: the same key and body from another account is its own write', async () => {
    const other = await accountWithToken(t, 'nhap-lieu-hau-giang-2', [{ role: 'recorder', scope: 'ca-hau-giang' }]);
    const body = { ...entry('Cùng khoá'), entryId: undefined };
    const first = await t.as(tokens.recorderHauGiang).post(entries('ca-hau-giang')).set('Idempotency-Key', 'thang-6-c1-1').send(body).expect(201);
    const second = await t.as(other).post(entries('ca-hau-giang')).set('Idempotency-Key', 'thang-6-c1-1').send(body).expect(201);
    expect(second.body.position).not.toBe(first.body.position);
    const replay = await t.as(tokens.recorderHauGiang).post(entries('ca-hau-giang')).set('Idempotency-Key', 'thang-6-c1-1').send(body).expect(200);
    expect(replay.body).toEqual(first.body);
  });

  it('signs people in with a password, locks after repeated failures, and revokes tokens at once', async () => {
    await t
      .http()
      .post('/api/accounts')
      .send({
        id: 'tran-van-tuan',
        displayName: 'Trung tá Trần Văn Tuấn',
        roles: [{ role: 'emulation-officer', scope: 'ca-hau-giang' }],
        password: 'mat-khau-rat-dai-2026',
      })
      .expect(201);
    const session = await t
      .anonymous()
      .post('/api/sessions')
      .type('application/json')
      .send({ accountId: 'tran-van-tuan', password: 'mat-khau-rat-dai-2026' })
      .expect(201);
    expect(session.body).toMatchObject({
      token: expect.stringMatching(/^clt\.tran-van-tuan\./),
      expiresAt: expect.any(String),
      account: { id: 'tran-van-tuan' },
    });
    const me = await t.as(session.body.token).get('/api/me').expect(200);
    expect(me.body).toMatchObject({
      id: 'tran-van-tuan',
      displayName: 'Trung tá Trần Văn Tuấn',
      via: 'session',
      roles: [{ role: 'emulation-officer', scope: 'ca-hau-giang', label: 'Cán bộ thi đua' }],
    });
    // Who held which rights when: the account's history names the administrator who created it.
    const history = await t.as(tokens.auditor).get('/api/accounts/tran-van-tuan').expect(200);
    expect(history.body.history[0]).toMatchObject({ type: 'AccountCreated', by: 'admin' });
    expect(JSON.stringify(history.body)).not.toContain('scrypt$');

    for (let i = 0; i < 5; i++)
      await expectDenied(
        t,
        () =>
          t
            .anonymous()
            .post('/api/sessions')
            .type('application/json')
            .send({ accountId: 'tran-van-tuan', password: `sai-${i}` }),
        401,
        'unauthenticated',
      );
    const locked = await expectDenied(
      t,
      () => t.anonymous().post('/api/sessions').type('application/json').send({ accountId: 'tran-van-tuan', password: 'mat-khau-rat-dai-2026' }),
      429,
      'too-many-requests',
    );
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);

    await t.http().post(`/api/accounts/tran-van-tuan/tokens/${session.body.tokenId}/revocation`).expect(201);
    await expectDenied(t, () => t.as(session.body.token).get('/api/me'), 401, 'unauthenticated');
  });

  it('revokes a role at once', async () => {
    const token = await accountWithToken(t, 'tam-thoi', [{ role: 'recorder', scope: 'ca-soc-trang' }]);
    await t.as(token).post(entries('ca-soc-trang')).send(entry('Trước khi thu hồi')).expect(201);
    await t
      .http()
      .post('/api/accounts/tam-thoi/roles/revocation')
      .send({ roles: [{ role: 'recorder', scope: 'ca-soc-trang' }] })
      .expect(201);
    await expectDenied(t, () => t.as(token).post(entries('ca-soc-trang')).send(entry('Sau khi thu hồi')), 403, 'forbidden');
  });

  it('refuses a role with a scope it cannot have (400 naming the field)', async () => {
    const res = await t
      .http()
      .post('/api/accounts')
      .send({ id: 'sai-pham-vi', displayName: 'x', roles: [{ role: 'auditor', scope: 'ca-hau-giang' }] })
      .expect(400);
    expect(res.body.errors).toEqual([{ field: 'roles[0].scope', message: expect.any(String) }]);
  });
});

describe('bootstrap without LEDGER_ADMIN_TOKEN', () => {
  it('creates admin with a one-time token on the first start, and never again', async () => {
    const dir = freshDataDir('ledger-bootstrap');
    try {
      const first = await listen(null, dir.dir, { adminToken: null });
      const printed = first.get(AdminBootstrap).printedToken;
      expect(printed).toMatch(/^clt\.admin\./);
      const me = await withToken(request(first.getHttpServer()), printed!).get('/api/me').expect(200);
      expect(me.body.roles.map((r: { role: string }) => r.role).sort()).toEqual(['administrator', 'emulation-officer']);
      await first.close();
      const second = await listen(null, dir.dir, { adminToken: null });
      expect(second.get(AdminBootstrap).printedToken).toBeNull();
      await withToken(request(second.getHttpServer()), printed!).get('/api/me').expect(200);
      await second.close();
    } finally {
      dir.remove();
    }
  });
});

describe('single sign-on (an identity provider on loopback)', () => {
  let t: TestApp;
  let idp: Server;
  let sign: (claims: Record<string, unknown>, issuer?: string) => Promise<string>;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    idp = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((done) => idp.listen(0, '127.0.0.1', () => done()));
    const { port } = idp.address() as { port: number };
    sign = (claims, issuer = 'https://sso.bocongan.test') =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setIssuer(issuer)
        .setAudience('campaign-ledger')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
    t = await startApp('embedded', {
      jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
      issuer: 'https://sso.bocongan.test',
      audience: 'campaign-ledger',
      accountClaim: 'preferred_username',
    });
    await t
      .http()
      .post('/api/accounts')
      .send({ id: 'le-thi-mai', displayName: 'Lê Thị Mai', roles: [{ role: 'viewer' }] })
      .expect(201);
  });
  afterAll(async () => {
    await t?.close();
    idp?.close();
  });

  it("accepts the provider's JWT for an existing account, with the ledger's own roles", async () => {
    const me = await t
      .as(await sign({ preferred_username: 'le-thi-mai', roles: ['administrator'] }))
      .get('/api/me')
      .expect(200);
    expect(me.body).toMatchObject({ id: 'le-thi-mai', via: 'sso', roles: [{ role: 'viewer', scope: null }] });
    await t
      .as(await sign({ preferred_username: 'le-thi-mai', roles: ['administrator'] }))
      .get('/api/accounts')
      .expect(403);
  });

  it('refuses an unknown account, a wrong issuer and a forged signature', async () => {
    await t
      .as(await sign({ preferred_username: 'khong-co' }))
      .get('/api/me')
      .expect(401);
    await t
      .as(await sign({ preferred_username: 'le-thi-mai' }, 'https://evil.test'))
      .get('/api/me')
      .expect(401);
    const forged = (await sign({ preferred_username: 'le-thi-mai' })).replace(/\.[^.]+$/, '.AAAA');
    await t.as(forged).get('/api/me').expect(401);
  });
});
