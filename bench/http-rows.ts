import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import autocannon from 'autocannon';
import type { BenchRow } from './report.js';
import type { SeededStore } from './seeded.js';

/**
 * Rows 6 and 7: the HTTP service as deployed — `node dist/src/main.js` in its own process, its
 * projections running — on the seeded store, loaded by autocannon from this process.
 */
export interface HttpOptions {
  /** Seconds per rate (row 6) and per read workload (row 7). */
  writeSeconds: number;
  readSeconds: number;
  rates: number[];
  only: (id: string) => boolean;
}

export async function httpRows(seeded: SeededStore, options: HttpOptions, log: (text: string) => void): Promise<BenchRow[]> {
  const server = await startServer(seeded);
  const rows: BenchRow[] = [];
  try {
    if (options.only('6')) {
      rows.push(...(await writeRows(seeded, server.url, options, log)));
      await drain(server.url, seeded);
    }
    if (options.only('7')) {
      rows.push(...(await readRows(seeded, server.url, options, log)));
      await drain(server.url, seeded); // stopping with requests in flight only logs their failures
    }
  } finally {
    await server.stop();
  }
  return rows;
}

/** Row 6: record score entries at fixed rates, spread over the seeded units, on a campaign of the bench's own. */
async function writeRows(seeded: SeededStore, url: string, options: HttpOptions, log: (text: string) => void): Promise<BenchRow[]> {
  const campaignId = `bench-${Date.now().toString(36)}`;
  await post(url, '/api/campaigns', {
    id: campaignId,
    title: 'Bench: ghi điểm qua HTTP',
    form: 'thematic',
    organizerUnitId: 'bo-cong-an',
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    // As large as limits.ts allows (MAX_POINTS): room for every entry of the run on one criterion.
    scale: {
      groups: [{ id: 'g1', name: 'Bench', maxPoints: 1000000 }],
      criteria: [{ id: 'c1', groupId: 'g1', name: 'Bench', maxPoints: 1000000 }],
      bonusCap: 0,
    },
  });
  const units = seeded.unitIds;
  const rows: BenchRow[] = [];
  let i = 0;
  for (const rate of options.rates) {
    log(`${seeded.kind}: row 6 at ${rate}/s for ${options.writeSeconds} s`);
    const result = await autocannon({
      url,
      connections: Math.max(16, Math.ceil(rate / 10)),
      duration: options.writeSeconds,
      overallRate: rate,
      timeout: 10,
      headers: { 'content-type': 'application/json', authorization: BENCH_AUTHORIZATION },
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            const n = i++;
            return {
              ...request,
              path: `/api/campaigns/${campaignId}/units/${units[n % units.length]}/score-entries`,
              body: JSON.stringify({
                kind: 'achievement',
                criterionId: 'c1',
                points: ((n % 900) + 100) / 100,
                period: `2026-${String((n % 12) + 1).padStart(2, '0')}`,
                source: 'self-assessment',
                reason: `Bench ${n}`,
                evidence: [`BENCH-${n}`],
              }),
            };
          },
        },
      ],
    });
    const errors = result.errors + result.timeouts + result.non2xx;
    const row: BenchRow = {
      id: '6',
      store: seeded.kind,
      name: `HTTP: record a score entry at ${rate}/s`,
      rate: result['2xx'] / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      p999: result.latency.p99_9,
      errors,
      count: result.requests.total,
      seconds: result.duration,
    };
    if (rate === 500) row.target = { text: 'p99 ≤ 25 ms, no errors', met: result.latency.p99 <= 25 && errors === 0 };
    rows.push(row);
  }
  return rows;
}

/** Row 7: ranking, as-of ranking and an audit page, 16 concurrent clients each. */
async function readRows(seeded: SeededStore, url: string, options: HttpOptions, log: (text: string) => void): Promise<BenchRow[]> {
  const { campaignId, clusterIds, provinceCampaigns, events } = seeded;
  const audited = provinceCampaigns.flatMap((p) => p.unitIds.map((unitId) => ({ campaignId: p.campaignId, unitId })));
  const workloads: { id: string; name: string; path: (n: number) => string; target?: { text: string; test: (p99: number) => boolean } }[] = [
    {
      id: '7a',
      name: 'HTTP: cluster ranking',
      path: (n) => `/api/campaigns/${campaignId}/clusters/${clusterIds[n % clusterIds.length]}/ranking`,
      target: { text: 'p99 ≤ 5 ms', test: (p99) => p99 <= 5 },
    },
    {
      // Positions spread over the months of the seeded log (after the registry and the clusters,
      // which come first: before them a cluster does not exist yet), visited in a scattered order.
      id: '7b',
      name: 'HTTP: as-of ranking (asOf = a position in the log)',
      path: (n) =>
        `/api/campaigns/${campaignId}/clusters/${clusterIds[n % clusterIds.length]}/ranking?asOf=${events - ((n * 7919) % Math.floor(events * 0.6))}`,
      target: { text: `p99 ≤ 50 ms${seeded.size === 'medium' ? '' : ' (on medium)'}`, test: (p99) => p99 <= 50 },
    },
    {
      id: '7c',
      name: 'HTTP: audit page (100 score events of a unit)',
      path: (n) => {
        const a = audited[(n * 31) % audited.length];
        return `/api/campaigns/${a.campaignId}/units/${a.unitId}/audit?limit=100`;
      },
    },
  ];
  const rows: BenchRow[] = [];
  for (const workload of workloads) {
    log(`${seeded.kind}: row ${workload.id} for ${options.readSeconds} s`);
    let n = 0;
    const result = await autocannon({
      url,
      connections: 16,
      duration: options.readSeconds,
      timeout: 10,
      headers: { authorization: BENCH_AUTHORIZATION },
      requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: workload.path(n++) }) }],
    });
    rows.push({
      id: workload.id,
      store: seeded.kind,
      name: `${workload.name}, 16 clients`,
      rate: result['2xx'] / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      p999: result.latency.p99_9,
      errors: result.errors + result.timeouts + result.non2xx,
      count: result.requests.total,
      seconds: result.duration,
      ...(workload.target ? { target: { text: workload.target.text, met: workload.target.test(result.latency.p99) && seeded.size === 'medium' } } : {}),
    });
  }
  return rows;
}

/**
 * Requests the server accepted but had not answered when a rate ended are still being served (an
 * overloaded server keeps a queue): wait until a read answers promptly, so row 7 measures reads.
 */
async function drain(url: string, seeded: SeededStore): Promise<void> {
  const probe = `${url}/api/campaigns/${seeded.campaignId}/clusters/${seeded.clusterIds[0]}/ranking`;
  for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
    const started = performance.now();
    const ok = await fetch(probe, { headers: { authorization: BENCH_AUTHORIZATION } }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok && performance.now() - started < 200) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function post(url: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: BENCH_AUTHORIZATION },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
}

/** The bench calls as the bootstrap administrator, whose token it sets. */
const BENCH_TOKEN = 'bench-admin-token-0123456789';
const BENCH_AUTHORIZATION = `Bearer ${BENCH_TOKEN}`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startServer(seeded: SeededStore): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  // No write limit: the bench offers thousands of writes a second from one account.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    PROJECTIONS: 'on',
    LEDGER_ADMIN_TOKEN: BENCH_TOKEN,
    RATE_LIMIT_WRITES: '0',
  };
  // The ledger alone: no Kafka relay in the measured process (CI exports KAFKA_BROKERS for its suite).
  delete env.KAFKA_BROKERS;
  if (seeded.databaseUrl) env.DATABASE_URL = seeded.databaseUrl;
  else {
    delete env.DATABASE_URL;
    env.LEDGER_DATA_DIR = seeded.dataDir;
  }
  const child: ChildProcess = spawn(process.execPath, ['dist/src/main.js'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (const deadline = Date.now() + 120_000; ; await new Promise((r) => setTimeout(r, 200))) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('the server did not become healthy within 120 s');
    }
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
