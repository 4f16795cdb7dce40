import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { startApp, TEST_ADMIN_TOKEN, type TestApp } from '../support/app.js';

/** The README's curl session, run as written against a fresh embedded store. */
describe('README curl session', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp('embedded');
  });
  afterAll(async () => t?.close());

  /** Runs the README's block between `<!-- name:start -->` and `<!-- name:end -->` after the blocks before it, in one shell. */
  const run = async (...names: string[]) => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const blocks = names.map((name) => new RegExp(`<!-- ${name}:start -->\\s*\`\`\`bash\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${name}:end -->`).exec(readme));
    expect(blocks.every((b) => b !== null)).toBe(true);
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const scripts = blocks.map((b) => b![1].replaceAll('http://localhost:3000', `http://127.0.0.1:${port}`));
    // Each curl also prints its status code, and each block ends with a marker, so the answers can be checked one by one.
    // Asynchronously: the server answering these requests runs in this very process.
    const { stdout } = await promisify(execFile)(
      'bash',
      ['-euo', 'pipefail', '-c', `curl() { command curl -w '\\nHTTP %{http_code}\\n' "$@"; }\n${scripts.join('\necho "END OF BLOCK"\n')}`],
      { encoding: 'utf8', env: { ...process.env, LEDGER_TOKEN: TEST_ADMIN_TOKEN } },
    );
    return stdout.split('END OF BLOCK');
  };
  const statusesOf = (output: string) => [...output.matchAll(/^HTTP (\d{3})$/gm)].map((m) => Number(m[1]));

  it('works verbatim on a fresh start', async () => {
    const [output] = await run('curl-session');
    const statuses = statusesOf(output);
    expect(statuses).toEqual([200, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 403, 201, 422, 200, 200]);

    const stream = await t.store.readStream('scorecard:vi-an-ninh-to-quoc-2026:ca-hau-giang');
    expect(stream.map((e) => e.type)).toEqual(['ScoreEntryRecorded', 'ScoreEntryRecorded', 'ScoreEntryRecorded', 'ScoreEntryReversed', 'ScoreEntryRecorded']);
    expect(stream[0].metadata.actor).toBe('can-bo-thi-dua-hau-giang');
    expect(stream[4].data).toMatchObject({ points: '0.25', replaces: 'hg-kt-cheo-1', evidence: ['BB-KTC-01/C9'] });
    expect(output).toContain('"code":"criterion-max-exceeded"');
  });

  it('tells the 2025 reorganisation verbatim, after the first session', async () => {
    const [, output] = await run('curl-session', 'curl-2025');
    expect(statusesOf(output)).toEqual([
      ...[201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201],
      ...[422, 422, 201, 201, 422, 201, 201, 201],
      ...[200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
      ...[201, 201],
    ]);
    for (const code of ['unit-rule-parent-kind', 'unit-has-members', 'unit-ended']) expect(output).toContain(`"code":"${code}"`);
    const get = async (path: string) => (await t.http().get(path).expect(200)).body;
    const ranking = (on: string) => get(`/api/campaigns/vi-an-ninh-to-quoc-2025/clusters/cum-dong-bang/ranking?on=${on}`);
    expect((await ranking('2025-06-30')).rows.map((r: { unitId: string; total: number }) => [r.unitId, r.total])).toEqual([
      ['ca-hung-yen', 40.5],
      ['ca-thai-binh', 40],
    ]);
    expect((await ranking('2025-08-31')).rows).toMatchObject([{ rank: 1, unitId: 'ca-hung-yen', total: 90.5, carriedFrom: ['ca-thai-binh'] }]);
    type Node = { unitId: string; children: Node[] };
    const childrenOf = async (on: string) => ((await get(`/api/units/ca-hung-yen/tree?on=${on}`)) as Node).children.map((c) => c.unitId);
    expect(await childrenOf('2025-02-28')).toEqual(['ca-huyen-van-lam']);
    expect(await childrenOf('2025-03-02')).toEqual(['ca-xa-nhu-quynh']);
    expect(await childrenOf('2025-07-02')).toEqual(expect.arrayContaining(['ca-xa-nhu-quynh']));
    expect(await get('/api/units/ca-thai-binh?on=2025-07-01')).toMatchObject({ status: 'merged', successorId: 'ca-hung-yen' });
    expect(await get('/api/officers/cb-tran-thi-binh?on=2025-04-30')).toMatchObject({ unitId: 'ca-hung-yen' });
  });
});
