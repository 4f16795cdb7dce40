import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ROLES, type Role } from '../../src/ledger/accounts/roles.js';
import { startApp, type TestApp } from '../support/app.js';
import { accountWithToken } from '../support/accounts.js';
import { storeKinds } from '../support/databases.js';
import { expectNothingWrittenSince, logHead } from '../support/refusals.js';
import { openEventStream } from '../support/sse.js';

const ALL: Role[] = [...ROLES];
const NOT_VIEWER: Role[] = ALL.filter((r) => r !== 'viewer');
const LOG: Role[] = ['administrator', 'auditor'];
const ADMIN: Role[] = ['administrator'];
const OFFICER: Role[] = ['emulation-officer'];
const RECORDER: Role[] = ['recorder', 'emulation-officer'];
const PUBLIC = 'public' as const;

/**
 * Who may call each route, written out by hand (README "Who may do what"). The test reads the
 * application's own route table: a route missing here, or a row for a route that is gone, fails it,
 * so a new endpoint cannot escape the matrix. Each role holds its grant over the whole tree, so
 * only the role decides (scopes are tested in access.test.ts).
 */
const MATRIX: Record<string, Role[] | typeof PUBLIC> = {
  'GET /health': PUBLIC,
  'POST /api/sessions': PUBLIC,
  'GET /api/me': ALL,
  'GET /api/vocabularies': ALL,
  'POST /api/accounts': ADMIN,
  'GET /api/accounts': LOG,
  'GET /api/accounts/:id': LOG,
  'POST /api/accounts/:id/roles': ADMIN,
  'POST /api/accounts/:id/roles/revocation': ADMIN,
  'POST /api/accounts/:id/password': ADMIN,
  'POST /api/accounts/:id/tokens': ADMIN,
  'POST /api/accounts/:id/tokens/:tokenId/revocation': ADMIN,
  'GET /api/events': LOG,
  'GET /api/streams/:streamId': LOG,
  'GET /api/integrity': LOG,
  'GET /api/projections': ALL,
  'POST /api/projections/:name/resume': ADMIN,
  'GET /api/projections/relay': ALL,
  'POST /api/units': OFFICER,
  'POST /api/units/:id/moves': OFFICER,
  'GET /api/units': NOT_VIEWER,
  'GET /api/units/:id': NOT_VIEWER,
  'POST /api/units/:id/renames': OFFICER,
  'POST /api/units/:id/merge': OFFICER,
  'POST /api/units/:id/dissolution': OFFICER,
  'POST /api/units/:id/retirement': OFFICER,
  'GET /api/units/:id/tree': NOT_VIEWER,
  'GET /api/units/:id/lineage': NOT_VIEWER,
  'POST /api/officers': OFFICER,
  // Scoped to the officer's unit as it stands (and, for a transfer, the destination unit too).
  'POST /api/officers/:id/transfers': OFFICER,
  'POST /api/officers/:id/retirement': OFFICER,
  'GET /api/officers': NOT_VIEWER,
  'GET /api/officers/:id': NOT_VIEWER,
  // Browsing campaigns (issue 14): what a conference screen shows, readable by every role like the rankings.
  'GET /api/campaigns': ALL,
  'GET /api/campaigns/:id': ALL,
  'GET /api/campaigns/:id/phases': ALL,
  'GET /api/campaigns/:id/clusters': ALL,
  'GET /api/campaigns/:id/clusters/:clusterId': ALL,
  'GET /api/campaigns/:id/publications': ALL,
  'GET /api/campaigns/:id/pledges': NOT_VIEWER,
  'POST /api/campaigns': OFFICER,
  'POST /api/campaigns/:id/phases': OFFICER,
  'POST /api/campaigns/:id/phases/:phaseId/close': OFFICER,
  'POST /api/campaigns/:id/phases/:phaseId/withdrawal': OFFICER,
  'POST /api/campaigns/:id/phases/:phaseId/withdrawal-proposals': ADMIN,
  'POST /api/campaigns/:id/phase-withdrawal-proposals/:proposalId/approval': ADMIN,
  'POST /api/campaigns/:id/phase-withdrawal-proposals/:proposalId/rejection': ADMIN,
  'POST /api/campaigns/:id/close': OFFICER,
  'POST /api/campaigns/:id/clusters': OFFICER,
  'POST /api/campaigns/:id/clusters/:clusterId/members': OFFICER,
  'DELETE /api/campaigns/:id/clusters/:clusterId/members/:unitId': OFFICER,
  'POST /api/campaigns/:id/clusters/:clusterId/rankings/publications': OFFICER,
  'POST /api/campaigns/:id/clusters/:clusterId/rankings/publications/:publicationId/withdrawal': OFFICER,
  'GET /api/campaigns/:id/clusters/:clusterId/rankings/publications': ALL,
  'GET /api/campaigns/:id/clusters/:clusterId/rankings/publications/:publicationId/comparison': ALL,
  'GET /api/campaigns/:id/clusters/:clusterId/rankings/publications/:publicationId/ranking.pdf': ALL,
  'GET /api/campaigns/:id/clusters/:clusterId/ranking': ALL,
  'POST /api/campaigns/:id/pledges': RECORDER,
  'POST /api/campaigns/:id/pledges/:pledgeId/actuals': RECORDER,
  'GET /api/campaigns/:id/pledges/progress': NOT_VIEWER,
  // Without `source: cross-inspection` (an empty body), a score entry is a recorder's.
  'POST /api/campaigns/:id/units/:unitId/score-entries': RECORDER,
  // An entry that is not a cross-inspection (here: none at all) is a recorder's to reverse or correct.
  'POST /api/campaigns/:id/units/:unitId/score-entries/:entryId/reversal': RECORDER,
  'POST /api/campaigns/:id/units/:unitId/score-entries/:entryId/correction': RECORDER,
  'POST /api/campaigns/:id/units/:unitId/vetoes': OFFICER,
  'POST /api/campaigns/:id/units/:unitId/vetoes/lift': OFFICER,
  'POST /api/campaigns/:id/units/:unitId/vetoes/annulment': OFFICER,
  'POST /api/campaigns/:id/units/:unitId/proposals': ADMIN,
  'POST /api/campaigns/:id/units/:unitId/proposals/:proposalId/approval': ADMIN,
  'POST /api/campaigns/:id/units/:unitId/proposals/:proposalId/rejection': ADMIN,
  'GET /api/campaigns/:id/units/:unitId/scorecard': ALL,
  'GET /api/campaigns/:id/units/:unitId/audit': NOT_VIEWER,
  'GET /api/campaigns/:id/units/:unitId/replay': NOT_VIEWER,
  'GET /api/proposals': NOT_VIEWER,
  'POST /api/commendations': OFFICER,
  'POST /api/commendations/:id/revocation': OFFICER,
  'POST /api/commendations/:id/recovery': OFFICER,
  'POST /api/commendations/:id/review': OFFICER,
  'POST /api/commendations/:id/revocation/annulment': OFFICER,
  'POST /api/commendations/:id/correction': OFFICER,
  'GET /api/commendations': NOT_VIEWER,
  'GET /api/commendations/register': ALL,
  'GET /api/commendations/reviews': NOT_VIEWER,
  'GET /api/commendations/:id': NOT_VIEWER,
  'GET /api/commendations/:id/decision.pdf': NOT_VIEWER,
  'POST /api/conferral-parameters': ['administrator', 'emulation-officer'],
  'GET /api/conferral-parameters/:year': NOT_VIEWER,
  'GET /api/live': ALL,
  'GET /api/imports/templates/:kind.xlsx': ALL,
  // Each row is then judged by its own route's rule (a viewer or an auditor writes no kind of row).
  'POST /api/imports': ['recorder', 'inspector', 'emulation-officer'],
};

/** Routes that answer an endless event stream: the matrix reads their status (and a refusal's body), then hangs up. */
const STREAMING = new Set(['GET /api/live']);

/** Routes that are documentation, not data: the OpenAPI page and document. */
const DOCUMENTATION = /^\/api\/docs|^\/api\/openapi\.json/;

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** The application's own route table, as Express holds it. */
function routeTable(t: TestApp): string[] {
  const stack: Layer[] = (t.app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } }).router.stack;
  return stack
    .flatMap((layer) =>
      layer.route
        ? Object.keys(layer.route.methods)
            .filter((m) => m !== '_all')
            .map((m) => `${m.toUpperCase()} ${layer.route!.path}`)
        : [],
    )
    .filter((route) => !DOCUMENTATION.test(route.split(' ')[1]));
}

const concrete = (path: string) => path.replace(':year', '2026').replace(':streamId', 'unit:khong-co').replace(/:\w+/g, 'khong-co');

describe.each(storeKinds('access matrix'))('authorization matrix: every route × every role (%s store)', (kind) => {
  let t: TestApp;
  const tokens = new Map<Role, string>();

  beforeAll(async () => {
    t = await startApp(kind);
    for (const role of ROLES) tokens.set(role, await accountWithToken(t, `vai-tro-${role}`, [{ role }]));
  }, 120_000);
  afterAll(async () => t?.close());

  it('has a row for every route of the application, and a route for every row', () => {
    const routes = routeTable(t);
    expect(routes.filter((route) => !(route in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((row) => !routes.includes(row))).toEqual([]);
  });

  it.each(Object.entries(MATRIX))('%s', async (route, allowed) => {
    const [method, path] = route.split(' ');
    const call = (client: ReturnType<TestApp['http']>) =>
      (client as unknown as Record<string, (url: string) => ReturnType<ReturnType<TestApp['http']>['get']>>)[method.toLowerCase()](concrete(path));
    const stream = async (token: string | null) => {
      const opened = await openEventStream(t, concrete(path), token ? { Authorization: `Bearer ${token}` } : {});
      const body = (opened.response.ok ? {} : await opened.response.json()) as { code?: string };
      opened.close();
      return { status: opened.response.status, body };
    };
    const send = (client: ReturnType<TestApp['http']>, token: string | null): Promise<{ status: number; body: { code?: string } }> =>
      STREAMING.has(route) ? stream(token) : call(client);
    const head = await logHead(t);
    if (allowed !== PUBLIC) {
      const anonymous = await send(t.anonymous(), null);
      expect([anonymous.status, anonymous.body.code]).toEqual([
        method === 'GET' ? 401 : expect.any(Number),
        method === 'GET' ? 'unauthenticated' : expect.any(String),
      ]);
      if (method !== 'GET') expect([401, 415]).toContain(anonymous.status);
    }
    for (const role of ROLES) {
      const res = await send(t.as(tokens.get(role)!), tokens.get(role)!);
      const outcome = `${role}: ${res.status} ${res.body?.code ?? ''}`;
      if (allowed === PUBLIC || allowed.includes(role)) expect(outcome).not.toMatch(/: (401|403) /);
      else expect(outcome).toBe(`${role}: 403 forbidden`);
    }
    await expectNothingWrittenSince(t, head);
  });
});
