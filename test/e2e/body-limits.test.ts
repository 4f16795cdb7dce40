import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApp, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign, units } from '../support/fixtures.js';
import { expectRefusal } from '../support/refusals.js';

/** Bodies, query strings and paths that used to reach a 500: each is 400 naming the field, writing nothing. */
describe.each(storeKinds('body limits'))('body limits (%s store)', (kind) => {
  let t: TestApp;
  const post = (path: string, body: string) => () => t.http().post(path).send(body);
  const get = (path: string) => () => t.http().get(path);

  beforeAll(async () => {
    t = await startApp(kind);
    for (const unit of Object.values(units)) await t.http().post('/api/units').send(unit).expect(201);
    await t.http().post('/api/campaigns').send(campaign).expect(201);
  });
  afterAll(async () => t?.close());

  it('refuses JSON nested deeper than 32 levels, however deep (400 naming where)', async () => {
    for (const depth of [33, 10_000, 100_000]) {
      const res = await expectRefusal(t, post('/api/units', '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)), 400, 'invalid-request');
      expect(res.body.errors).toEqual([{ field: Array(32).fill('a').join('.'), message: 'must not be nested deeper than 32 levels' }]);
    }
    const arrays = await expectRefusal(t, post('/api/units', '['.repeat(100_000) + ']'.repeat(100_000)), 400, 'invalid-request');
    expect(arrays.body.errors[0].field).toBe('[0]'.repeat(32));
    const inField = await expectRefusal(
      t,
      post('/api/units', JSON.stringify({ id: 'x', name: 'y', kind: 'team' }).replace('"y"', '['.repeat(50_000) + ']'.repeat(50_000))),
      400,
      'invalid-request',
    );
    expect(inField.body.errors[0].field).toBe(`name${'[0]'.repeat(31)}`);
    // 32 levels are fine as far as the limits go (the DTO then refuses what it does not know).
    await expectRefusal(t, post('/api/units', `{"id":"d","name":"d","kind":"team","x":${'['.repeat(31)}${']'.repeat(31)}}`), 400, 'invalid-request', 'x');
  });

  it('refuses NUL and lone surrogates in any string or member name, naming the field path', async () => {
    const scale = { ...campaign.scale, groups: [{ ...campaign.scale.groups[0], name: 'a\u0000b' }, ...campaign.scale.groups.slice(1)] };
    const nul = await expectRefusal(
      t,
      post('/api/campaigns', JSON.stringify({ ...campaign, id: 'pt-nul', scale })),
      400,
      'invalid-request',
      'scale.groups[0].name',
    );
    expect(nul.body.errors[0].message).toMatch(/NUL/);
    for (const text of ['\ud800', 'x\udc00', 'tail\ud83d']) {
      const res = await expectRefusal(t, post('/api/units', JSON.stringify({ id: 'ca-x', name: text, kind: 'team' })), 400, 'invalid-request', 'name');
      expect(res.body.errors[0].message).toMatch(/lone surrogate/);
    }
    await expectRefusal(t, post('/api/units', '{"id":"ca-x","name":"ok","kind":"team","\\u0000":1}'), 400, 'invalid-request', 'body');
    await expectRefusal(t, post('/api/units', '{"id":"ca-x","name":"ok","kind":"team","nested":{"\\ud800":1}}'), 400, 'invalid-request', 'nested');
    // A well-formed pair is text like any other.
    await t.http().post('/api/units').send({ id: 'ca-emoji', name: 'Đội 😀', kind: 'team', parentId: 'ca-hai-phong' }).expect(201);
  });

  it('refuses NUL and lone surrogates in the query string and the path (400, not 500)', async () => {
    const reason = await expectRefusal(t, get('/api/events?reason=a%00b'), 400, 'invalid-request', 'reason');
    expect(reason.body.errors[0].message).toMatch(/NUL/);
    await expectRefusal(t, get('/api/units/ca-hai-phong?asOf=%00'), 400, 'invalid-request', 'asOf');
    await expectRefusal(t, get('/api/streams/unit:ca-%00x'), 400, 'invalid-request', 'path');
    await expectRefusal(t, get('/api/streams/%ED%A0%80'), 400, 'invalid-request', 'path');
    await expectRefusal(t, get('/api/streams/%zz'), 400, 'invalid-request', 'path');
    await expectRefusal(t, () => t.http().post('/api/campaigns/a%00b/close').send({}), 400, 'invalid-request', 'path');
  });

  it('refuses out-of-range positions, versions and as-of times (400 naming the field)', async () => {
    await expectRefusal(t, get('/api/events?after=1e308'), 400, 'invalid-request', 'after');
    await expectRefusal(t, get('/api/events?after=9007199254740993'), 400, 'invalid-request', 'after');
    await expectRefusal(t, get('/api/streams/unit:ca-hai-phong?fromVersion=99999999999999999999'), 400, 'invalid-request', 'fromVersion');
    await expectRefusal(t, get(`/api/campaigns/${campaign.id}/units/ca-hai-phong/audit?after=1e308`), 400, 'invalid-request', 'after');
    await expectRefusal(t, get(`/api/campaigns/${campaign.id}/units/ca-hai-phong/scorecard?minPosition=1e308`), 400, 'invalid-request', 'minPosition');
    for (const asOf of ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00%2B01:00', '1899-12-31T23:59:59Z', '275760-09-13T00:00:00Z', 'mai']) {
      await expectRefusal(t, get(`/api/units/ca-hai-phong?asOf=${asOf}`), 400, 'invalid-request', 'asOf');
    }
    await t.http().get('/api/units/ca-hai-phong?asOf=9999-12-31T23:59:59Z').expect(200);
    await t.http().get('/api/units/ca-hai-phong?asOf=1900-01-01').expect(404);
  });

  it('range-checks every query and path parameter of every read: 400 naming it, never a 500', async () => {
    const c = `/api/campaigns/${campaign.id}`;
    const huge = ['99999999999999999999', '1e308', '-1', '9007199254740992', 'abc', '1.5'];
    const cases: [string, string, string[]][] = [
      ['/api/events?after=', 'after', huge],
      ['/api/events?limit=', 'limit', ['0', '1001', ...huge]],
      ['/api/streams/unit:ca-hai-phong?fromVersion=', 'fromVersion', ['0', ...huge]],
      ['/api/streams/unit:ca-hai-phong?limit=', 'limit', ['0', '1001', ...huge]],
      ['/api/streams/unit:ca-hai-phong?direction=', 'direction', ['sideways', '']],
      [`${c}/clusters/cum-9/ranking?minPosition=`, 'minPosition', huge],
      [`${c}/clusters/cum-9/ranking?asOf=`, 'asOf', ['99999999999999999999', '-1', '1e308', '0000-01-01T00:00:00Z', '10000-01-01T00:00:00Z', '2026-13-01', '']],
      [`${c}/clusters/cum-9/ranking?phaseId=`, 'phaseId', ['Bad Id', 'x'.repeat(65)]],
      [`${c}/units/ca-hai-phong/scorecard?asOf=`, 'asOf', ['99999999999999999999', '1899-12-31T23:59:59Z']],
      [`${c}/units/ca-hai-phong/scorecard?phaseId=`, 'phaseId', ['Bad Id']],
      [`${c}/units/ca-hai-phong/audit?after=`, 'after', huge],
      [`${c}/units/ca-hai-phong/audit?limit=`, 'limit', ['0', '1001', ...huge]],
      [`${c}/units/ca-hai-phong/replay?asOf=`, 'asOf', ['99999999999999999999', '0001-01-01T00:00:00Z']],
      [`${c}/units/ca-hai-phong/replay?minPosition=`, 'minPosition', huge],
      [`${c}/pledges/progress?minPosition=`, 'minPosition', huge],
      [`${c}/pledges/progress?clusterId=`, 'clusterId', ['Bad Id']],
      [`${c}/pledges/progress?unitId=`, 'unitId', ['Bad Id']],
      [`${c}/clusters/cum-9/rankings/publications?minPosition=`, 'minPosition', huge],
      [`${c}/clusters/cum-9/rankings/publications/p-1/comparison?minPosition=`, 'minPosition', huge],
      ['/api/proposals?status=', 'status', ['later']],
      ['/api/proposals?campaignId=', 'campaignId', ['Bad Id']],
      ['/api/proposals?minPosition=', 'minPosition', huge],
      ['/api/commendations/register?year=', 'year', ['1944', '2101', ...huge]],
      ['/api/commendations/register?groupBy=', 'groupBy', ['colour', '']],
      ['/api/commendations/register?status=', 'status', ['revoked']],
      ['/api/commendations/register?includeSubunits=', 'includeSubunits', ['maybe', '1']],
      ['/api/commendations/register?unitId=', 'unitId', ['Bad Id']],
      ['/api/commendations/register?minPosition=', 'minPosition', huge],
      ['/api/commendations/reviews?minPosition=', 'minPosition', huge],
      ['/api/commendations/qd-1?minPosition=', 'minPosition', huge],
      ['/api/conferral-parameters/', 'year', ['1944', '2101', '0', ...huge]],
      ['/api/units/ca-hai-phong?asOf=', 'asOf', ['99999999999999999999', '-5']],
      ['/api/units/ca-hai-phong?minPosition=', 'minPosition', huge],
      ['/api/accounts?asOf=', 'asOf', ['99999999999999999999', '0000-01-01T00:00:00Z', '275760-09-13T00:00:00Z', '-1']],
      ['/api/accounts/admin?asOf=', 'asOf', ['99999999999999999999', '1e308']],
      ['/api/integrity?expect=', 'expect', ['99999999999999999999:' + 'a'.repeat(64), '1:abc']],
    ];
    const unexpected: string[] = [];
    for (const [prefix, field, values] of cases) {
      for (const value of values) {
        const url = prefix + encodeURIComponent(value);
        const res = await t.http().get(url);
        const fields = (res.body.errors ?? []).map((e: { field: string }) => e.field);
        if (res.status !== 400 || res.body.code !== 'invalid-request' || !fields.includes(field))
          unexpected.push(`${url}: ${res.status} ${res.body.code} ${JSON.stringify(fields)}`);
      }
    }
    expect(unexpected).toEqual([]);
    // The ends of the ranges are answered.
    await t.http().get('/api/conferral-parameters/1945').expect(200);
    await t.http().get('/api/conferral-parameters/2100').expect(200);
    await t.http().get('/api/commendations/register?year=1945').expect(200);
    await t.http().get('/api/events?after=9007199254740991&limit=1000').expect(200);
  });

  it('refuses member names that are no field of the request, prototype names included', async () => {
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      await expectRefusal(t, post('/api/units', `{"id":"ca-y","name":"y","kind":"team","${key}":"x"}`), 400, 'invalid-request', key);
      await expectRefusal(
        t,
        post('/api/campaigns', JSON.stringify({ ...campaign, id: 'pt-y' }).replace('"bonusCap"', `"${key}":{"a":[1]},"bonusCap"`)),
        400,
        'invalid-request',
        `scale.${key}`,
      );
    }
    await expectRefusal(t, get('/api/events?constructor=1'), 400, 'invalid-request', 'constructor');
  });
});
