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

  it('works verbatim on a fresh start', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /<!-- curl-session:start -->\s*```bash\n([\s\S]*?)```\s*<!-- curl-session:end -->/.exec(readme);
    expect(block).not.toBeNull();
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const script = block![1].replaceAll('http://localhost:3000', `http://127.0.0.1:${port}`);
    // Each curl also prints its status code, so the session's answers can be checked one by one.
    // Asynchronously: the server answering these requests runs in this very process.
    const { stdout: output } = await promisify(execFile)(
      'bash',
      ['-euo', 'pipefail', '-c', `curl() { command curl -w '\\nHTTP %{http_code}\\n' "$@"; }\n${script}`],
      { encoding: 'utf8', env: { ...process.env, LEDGER_TOKEN: TEST_ADMIN_TOKEN } },
    );
    const statuses = [...output.matchAll(/^HTTP (\d{3})$/gm)].map((m) => Number(m[1]));
    expect(statuses).toEqual([200, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 201, 403, 201, 422, 200, 200]);

    const stream = await t.store.readStream('scorecard:vi-an-ninh-to-quoc-2026:ca-hau-giang');
    expect(stream.map((e) => e.type)).toEqual(['ScoreEntryRecorded', 'ScoreEntryRecorded', 'ScoreEntryRecorded', 'ScoreEntryReversed', 'ScoreEntryRecorded']);
    expect(stream[0].metadata.actor).toBe('can-bo-thi-dua-hau-giang');
    expect(stream[4].data).toMatchObject({ points: '0.25', replaces: 'hg-kt-cheo-1', evidence: ['BB-KTC-01/C9'] });
    expect(output).toContain('"code":"criterion-max-exceeded"');
  });
});
