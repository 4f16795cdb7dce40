import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { Prng } from '../../src/seed/prng.js';
import { startApp, TEST_ADMIN_TOKEN, type TestApp } from '../support/app.js';
import { storeKinds } from '../support/databases.js';
import { campaign, cluster, phase, units } from '../support/fixtures.js';
import { logHead } from '../support/refusals.js';
import { requestEventStream } from '../support/sse.js';

/**
 * A bounded, deterministic fuzz of the whole HTTP API, generated from the app's own OpenAPI
 * document: every operation gets mutated bodies, path parameters, query strings and headers
 * (wrong types, huge and odd numbers, deep nesting, NUL, lone surrogates, extra and missing
 * fields, very long strings, odd dates, empty bodies). Whatever comes in, the answer is never a
 * 5xx, every refusal is problem+json with its code, and a refusal writes nothing.
 * FUZZ_REQUESTS (default 1500 per store) and FUZZ_SEED change the run; a failure prints the seed
 * and the request, so it can be replayed.
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
/** A safety net: the run stops (and says so) rather than time out. */
const TIME_BUDGET_MS = 90_000;

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  allOf?: Schema[];
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
  example?: unknown;
}
interface Operation {
  method: 'get' | 'post' | 'delete';
  path: string;
  parameters: Parameter[];
  body: Schema | null;
  /** The answer is an endless event stream (GET /api/live): read its status, then hang up. */
  streams: boolean;
}

/** A raw JSON token placed as is in a body (numbers JSON.stringify cannot write, deep nesting). */
class Raw {
  constructor(readonly text: string) {}
}

const deep = (depth: number, open: string, close: string) => new Raw(open.repeat(depth) + close.repeat(depth));
const vietnamDay = (offsetDays: number) => new Date(Date.now() + 7 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Values that have broken, or could break, something on the way in. */
const WEIRD_STRINGS = [
  '',
  ' ',
  '  padded  ',
  'a\u0000b',
  '\u0000',
  '\ud800',
  'x\udc00',
  'tail\ud83d',
  '😀 Công an',
  'Cờ thi đua của Chính phủ',
  'co-thi-dua-chinh-phu',
  'x'.repeat(301),
  'x'.repeat(2001),
  'x'.repeat(100_000),
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '\u202eRTL',
  '../../etc/passwd',
  '%00',
  'NaN',
  '0000-01-01',
  '9999-12-31',
  '2026-02-29',
  '2024-02-29',
  '1899-12-31',
  '2026-13-01',
  '+002026-01-01',
  '2026-1-1',
  '1970-01-01',
  vietnamDay(1),
  vietnamDay(0),
  '2027-01-01',
  '0000-01-01T00:00:00Z',
  '1e308',
  '-1',
  '12.345',
  'Bad Id',
  'UPPER',
  'a'.repeat(65),
];
const WEIRD_NUMBERS: unknown[] = [
  0,
  -0,
  -1,
  1,
  1.5,
  0.001,
  12.345,
  1e308,
  -1e308,
  // eslint-disable-next-line no-loss-of-precision -- a number JSON can spell but a double cannot hold, on purpose
  9007199254740993,
  1e21,
  2147483648,
  -2147483649,
  new Raw('1e309'),
  new Raw('-1e400'),
  new Raw('1E-400'),
  new Raw('99999999999999999999'),
  new Raw('-0.0'),
  new Raw('0.1e1'),
];
const WEIRD_OTHERS: unknown[] = [
  null,
  true,
  false,
  [],
  {},
  [1, 'a', null],
  { a: 1 },
  [[[]]],
  deep(40, '[', ']'),
  deep(10_000, '{"a":', '}'),
  deep(100_000, '[', ']'),
  Array.from({ length: 10_000 }, (_, i) => i),
];
/** Whole bodies, as sent (a string is sent as is). */
const WEIRD_BODIES: string[] = [
  '',
  '{}',
  '[]',
  'null',
  '"text"',
  '123',
  'true',
  '{"a":',
  '{"a":1,"a":2}',
  '\u0000',
  '{"\\u0000":1}',
  '{"\\ud800":"x"}',
  '{"x":"\\ud800"}',
  '[' + '{"a":1},'.repeat(20_000) + '{}]',
  deep(33, '{"a":', '}').text,
  deep(1_000, '[', ']').text,
  deep(10_000, '{"x":', '}').text,
  deep(100_000, '[', ']').text,
];
const WEIRD_PATH = [
  'khong-co',
  'A',
  'Bad%20Id',
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%C0%80',
  '%',
  '%zz',
  '..',
  '.',
  'x'.repeat(300),
  encodeURIComponent('Công-an'),
  '%F0%9F%98%80',
  '0',
  '-1',
  '99999999999999999999',
  '1e308',
  'unit%3Aca-hai-phong',
  'scorecard%3Akhong-co%3Ax',
];
const WEIRD_QUERY = [
  '',
  'x',
  '-1',
  '0',
  '1',
  '1.5',
  'NaN',
  'Infinity',
  '1e308',
  '99999999999999999999',
  '9007199254740993',
  'true',
  'all',
  'backward',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '275760-09-13T00:00:00Z',
  '2026-06-30T23:59:59%2B14:00',
  '2026-02-30',
  '1899-12-31T23:59:59Z',
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%ud800',
  'x'.repeat(5000),
  'form,authority,x',
  'form,,',
  '%2C',
  'a%5Bb%5D',
];
/**
 * `minPosition` beyond the log's end waits 5 s for the read models and answers 503 by design
 * (read-your-writes, README "Reading"): the fuzz sends it only values that answer at once.
 */
const MIN_POSITION = ['', 'x', '-1', '0', '1', '1.5', '1e308', '99999999999999999999', '9007199254740993', '%00', '%ED%A0%80'];

function serialise(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, v) => {
    if (v instanceof Raw) {
      raws.push(v.text);
      return `__raw_${raws.length - 1}__`;
    }
    return v;
  });
  return text === undefined ? '' : text.replace(/"__raw_(\d+)__"/g, (_, i: string) => raws[Number(i)]);
}

describe.each(storeKinds('fuzz'))('fuzz from the OpenAPI document (%s store)', (kind) => {
  let t: TestApp;
  let doc: {
    paths: Record<
      string,
      Record<
        string,
        { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> }; responses?: Record<string, { content?: object }> }
      >
    >;
    components: { schemas: Record<string, Schema> };
  };
  const ids = {
    units: Object.values(units).map((u) => u.id) as string[],
    campaigns: [campaign.id],
    clusters: [cluster.id],
    phases: [phase.id],
    entries: ['fz-entry-1'],
    commendations: ['fz-qd-1'],
    proposals: ['fz-de-xuat-1'],
    publications: ['final-campaign', 'fz-thang-03'],
    accounts: ['fz-account'],
    streams: [
      'unit:ca-hai-phong',
      `campaign:${campaign.id}`,
      `scorecard:${campaign.id}:ca-hau-giang`,
      'commendation:fz-qd-1',
      `cluster:${campaign.id}:${cluster.id}`,
    ],
  };

  beforeAll(async () => {
    t = await startApp(kind);
    // A small valid world, so that path ids sometimes exist.
    const ok = async (res: Response) => {
      if (res.status >= 300) throw new Error(`seeding: ${res.status} ${JSON.stringify(res.body)}`);
    };
    for (const unit of Object.values(units)) await ok(await t.http().post('/api/units').send(unit));
    await ok(await t.http().post('/api/officers').send({ id: 'fz-officer', fullName: 'Nguyễn Văn Thử', rank: 'Đại úy', unitId: 'ca-hai-phong' }));
    await ok(await t.http().post('/api/campaigns').send(campaign));
    await ok(await t.http().post(`/api/campaigns/${campaign.id}/phases`).send(phase));
    await ok(await t.http().post(`/api/campaigns/${campaign.id}/clusters`).send(cluster));
    await ok(
      await t
        .http()
        .post(`/api/campaigns/${campaign.id}/units/ca-hau-giang/score-entries`)
        .send({ entryId: 'fz-entry-1', kind: 'achievement', criterionId: 'c2-1', points: 10, period: '2026-07', source: 'self-assessment', reason: 'Tự chấm' }),
    );
    await ok(
      await t
        .http()
        .post('/api/commendations')
        .send({
          id: 'fz-qd-1',
          form: 'certificate-of-merit',
          authority: 'unit-head',
          recipient: { kind: 'individual', id: 'fz-officer' },
          decisionNo: '1/QĐ',
          decidedOn: '2026-06-01',
          amountVnd: 1_000_000,
        }),
    );
    await ok(await t.http().post(`/api/campaigns/${campaign.id}/clusters/${cluster.id}/rankings/publications`).send({ id: 'fz-thang-03', period: '2026-03' }));
    const res = await t.http().get('/api/openapi.json');
    await ok(res);
    doc = res.body;
  });
  afterAll(async () => t?.close());

  it(`answers ${REQUESTS} mutated requests without a 5xx, every refusal problem+json, writing nothing on refusal`, async () => {
    const rng = new Prng(SEED + (kind === 'postgres' ? 1 : 0));
    const resolve = (schema: Schema | undefined): Schema => {
      let s = schema ?? {};
      for (let hops = 0; s.$ref && hops < 10; hops++) s = doc.components.schemas[s.$ref.split('/').pop()!] ?? {};
      return s.allOf?.length ? resolve(s.allOf[0]) : s;
    };
    const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => ['get', 'post', 'delete'].includes(method))
        .map(([method, op]) => ({
          method: method as Operation['method'],
          path,
          parameters: op.parameters ?? [],
          body: op.requestBody?.content?.['application/json']?.schema ?? null,
          streams: Object.values(op.responses ?? {}).some((answer) => answer.content && 'text/event-stream' in answer.content),
        })),
    );
    expect(operations.length).toBeGreaterThan(40);

    let fresh = 0;
    /** A valid-looking value for a schema: its example, its first enum value, or one of its type. */
    const valid = (schema: Schema | undefined, name: string, depth = 0): unknown => {
      const s = resolve(schema);
      if (depth > 6) return null;
      if (name === 'id' && rng.chance(0.6)) return `fz-${kind}-${++fresh}`;
      if (s.enum?.length) return rng.pick(s.enum);
      if (s.type === 'object' || s.properties) {
        const out: Record<string, unknown> = {};
        for (const [key, prop] of Object.entries(s.properties ?? {})) {
          if (s.required?.includes(key) || rng.chance(0.5)) out[key] = valid(prop, key, depth + 1);
        }
        return out;
      }
      if (s.type === 'array') return s.example !== undefined ? s.example : [valid(s.items, name, depth + 1)];
      if (s.example !== undefined) return s.example;
      if (s.default !== undefined) return s.default;
      if (s.type === 'number' || s.type === 'integer') return 1;
      if (s.type === 'boolean') return true;
      return 'fz-text';
    };
    const weird = (): unknown => {
      const bucket = rng.int(0, 9);
      const value = bucket < 5 ? rng.pick(WEIRD_STRINGS) : bucket < 8 ? rng.pick(WEIRD_NUMBERS) : rng.pick(WEIRD_OTHERS);
      return value instanceof Raw ? value : structuredClone(value); // later mutations must not change the shared ones
    };
    /** A fresh copy of a valid body (examples are the document's own objects). */
    const validBody = (schema: Schema) => structuredClone(valid(schema, 'body'));
    /** Every path to a member of a body, for mutations. */
    const members = (value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] => {
      if (at.length > 6) return out;
      if (Array.isArray(value))
        value.forEach((v, i) => {
          out.push([...at, i]);
          members(v, [...at, i], out);
        });
      else if (value && typeof value === 'object' && !(value instanceof Raw)) {
        for (const [k, v] of Object.entries(value)) {
          out.push([...at, k]);
          members(v, [...at, k], out);
        }
      }
      return out;
    };
    const mutate = (body: unknown): unknown => {
      if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
      const paths = members(body);
      const choice = rng.int(0, 9);
      if (choice < 5 && paths.length > 0) {
        // A member gets a value of another kind.
        const path = rng.pick(paths);
        let parent = body as Record<string | number, unknown>;
        for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
        parent[path.at(-1)!] = weird();
      } else if (choice < 7 && paths.length > 0) {
        // A member goes missing.
        const path = rng.pick(paths);
        let parent = body as Record<string | number, unknown>;
        for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
        if (Array.isArray(parent)) parent.splice(Number(path.at(-1)), 1);
        else delete parent[path.at(-1)!];
      } else {
        // A member nobody asked for.
        const key = rng.pick(['extra', '__proto__', 'constructor', 'toString', 'a\u0000b', '\ud800', 'x'.repeat(1000), '', 'Công an', 'id']);
        (body as Record<string, unknown>)[key] = weird();
      }
      return body;
    };
    const pathValue = (path: string, name: string): string => {
      if (rng.chance(0.15)) return rng.pick(WEIRD_PATH);
      const pool =
        name === 'unitId'
          ? ids.units
          : name === 'clusterId'
            ? ids.clusters
            : name === 'phaseId'
              ? ids.phases
              : name === 'entryId'
                ? ids.entries
                : name === 'proposalId'
                  ? ids.proposals
                  : name === 'publicationId'
                    ? ids.publications
                    : name === 'streamId'
                      ? ids.streams
                      : name === 'year'
                        ? ['2026', '2016', '1999']
                        : name === 'tokenId'
                          ? ['fz-token']
                          : path.startsWith('/api/campaigns')
                            ? ids.campaigns
                            : path.startsWith('/api/units')
                              ? ids.units
                              : path.startsWith('/api/commendations')
                                ? ids.commendations
                                : path.startsWith('/api/accounts')
                                  ? ids.accounts
                                  : ['fz-x'];
      return encodeURIComponent(rng.chance(0.1) ? 'khong-co' : rng.pick(pool));
    };
    const queryValue = (param: Parameter): string => {
      if (param.name === 'minPosition') return rng.pick(MIN_POSITION);
      if (rng.chance(0.5)) return rng.pick(WEIRD_QUERY);
      const value = valid(param.schema, param.name);
      return encodeURIComponent(typeof value === 'string' ? value : String(value));
    };

    const stats = { sent: 0, byStatus: new Map<number, number>(), failures: [] as string[], refusals: 0, written: 0 };
    const failure = (what: string, op: Operation, url: string, body: string | null, res: Pick<Response, 'status' | 'text'>) => {
      if (stats.failures.length < 30) {
        stats.failures.push(
          `${what}: ${op.method.toUpperCase()} ${url.slice(0, 300)} body=${(body ?? '').slice(0, 300)} → ${res.status} ${String(res.text ?? '').slice(0, 300)}`,
        );
      }
    };
    let head = await logHead(t);
    const started = Date.now();
    const order = rng.shuffle(operations);
    for (let i = 0; i < REQUESTS; i++) {
      if (Date.now() - started > TIME_BUDGET_MS) {
        console.warn(`fuzz (${kind}): time budget reached after ${i} requests`);
        break;
      }
      const op = order[i % order.length];
      let url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => pathValue(op.path, name));
      const query = op.parameters.filter((p) => p.in === 'query' && rng.chance(0.6)).map((p) => `${p.name}=${queryValue(p)}`);
      if (op.method === 'get' && rng.chance(0.1)) query.push(rng.pick(['extra=1', 'limit=1&limit=2', 'after[]=1', 'asOf[x]=1', '%00=1', 'a%ED%A0%80=1']));
      if (query.length > 0) url += `?${query.join('&')}`;

      let body: string | null = null;
      if (op.method !== 'get') {
        const roll = rng.int(0, 19);
        if (roll === 0 || !op.body) body = rng.chance(0.5) || !op.body ? rng.pick(WEIRD_BODIES) : serialise(validBody(op.body));
        else {
          let value = validBody(op.body);
          for (let m = roll < 5 ? 0 : rng.int(1, 3); m > 0; m--) value = mutate(value);
          body = serialise(value);
        }
      }
      let request = op.method === 'get' ? t.http().get(url) : op.method === 'delete' ? t.http().delete(url) : t.http().post(url);
      if (op.method !== 'get' && rng.chance(0.1)) {
        const [name, value] = rng.pick<[string, string]>([
          ['If-Match', '"1"'],
          ['If-Match', '"999"'],
          ['If-Match', 'W/"x"'],
          ['If-Match', '*'],
          ['If-Match', '"99999999999999999999"'],
          ['Idempotency-Key', 'k'.repeat(201)],
          ['Idempotency-Key', `fz-key-${rng.int(1, 3)}`],
          ['X-Correlation-Id', 'c'.repeat(4000)],
        ]);
        request = request.set(name, value);
      }
      const res = op.streams
        ? await requestEventStream(t, url, { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` })
        : body === null || body === ''
          ? await request
          : await request.send(body);
      stats.sent++;
      stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);

      if (res.status >= 500) failure('5xx', op, url, body, res);
      if (res.status >= 400) {
        stats.refusals++;
        if (!/^application\/problem\+json/.test(String(res.headers['content-type']))) failure('not problem+json', op, url, body, res);
        else if (typeof res.body?.code !== 'string' || res.body.status !== res.status) failure('problem without code/status', op, url, body, res);
        const now = await logHead(t);
        if (now !== head) {
          // Only the ledger's own policies may have written meanwhile (e.g. final rankings after a close).
          const events = await t.store.readAll({ after: head, limit: 1000 });
          const foreign = events.filter((e) => !String((e.metadata as { actor?: string }).actor ?? '').startsWith('system:'));
          if (foreign.length > 0) failure(`refusal wrote ${foreign.length} event(s) (${foreign.map((e) => e.type).join(', ')})`, op, url, body, res);
          head = now;
        }
      } else {
        stats.written++;
        head = await logHead(t);
      }
    }
    const seconds = (Date.now() - started) / 1000;
    const statuses = [...stats.byStatus]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ');
    console.log(
      `fuzz (${kind}, seed ${SEED}): ${stats.sent} requests over ${operations.length} operations in ${seconds.toFixed(1)} s; ${statuses}; ${stats.failures.length} failures`,
    );
    expect(stats.failures).toEqual([]);
    expect(stats.sent).toBeGreaterThan(Math.min(REQUESTS, 500));
  }, 180_000);
});
