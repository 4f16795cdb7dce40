import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { freshDataDir } from '../support/databases.js';
import { accountWithToken } from '../support/accounts.js';
import { listen, TEST_ADMIN_TOKEN, withToken } from '../support/app.js';
import { campaign, cluster, phase, units } from '../support/fixtures.js';

// `npm run replay`: the auditor's table on the command line, over the embedded store.
describe('replay CLI', () => {
  const root = resolve(import.meta.dirname, '../..');
  const dataDir = freshDataDir('ledger-replay-cli');

  beforeAll(async () => {
    execFileSync(process.execPath, [resolve(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
    const app = await listen(null, dataDir.dir);
    const http = () => withToken(request(app.getHttpServer()), TEST_ADMIN_TOKEN);
    for (const u of Object.values(units)) await http().post('/api/units').send(u).expect(201);
    await http().post('/api/campaigns').send(campaign).expect(201);
    await http().post(`/api/campaigns/${campaign.id}/phases`).send(phase).expect(201);
    await http().post(`/api/campaigns/${campaign.id}/clusters`).send(cluster).expect(201);
    const scores = `/api/campaigns/${campaign.id}/units/ca-can-tho`;
    await http()
      .post(`${scores}/score-entries`)
      .send({
        entryId: 'e-1',
        kind: 'achievement',
        criterionId: 'c1-1',
        points: 40,
        phaseId: phase.id,
        period: '2026-07',
        source: 'self-assessment',
        reason: 'Tự chấm đợt 19/8',
      })
      .expect(201);
    await http().post(`/api/campaigns/${campaign.id}/phases/${phase.id}/close`).send({}).expect(201);
    const adminA = await accountWithToken({ http }, 'admin-a', [{ role: 'administrator' }]);
    const adminB = await accountWithToken({ http }, 'admin-b', [{ role: 'administrator' }]);
    await withToken(request(app.getHttpServer()), adminA)
      .post(`${scores}/proposals`)
      .send({ proposalId: 'dx-1', action: 'correct', entryId: 'e-1', points: 35, reason: 'Kiểm tra chéo' })
      .expect(201);
    await withToken(request(app.getHttpServer()), adminB).post(`${scores}/proposals/dx-1/approval`).send({}).expect(201);
    await app.close();
  }, 120_000);
  afterAll(() => dataDir.remove());

  const replay = (...args: string[]) =>
    promisify(execFile)(process.execPath, [resolve(root, 'dist/src/cli/replay.js'), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', LEDGER_DATA_DIR: dataDir.dir },
      encoding: 'utf8',
    });

  it('prints each step with its actor (proposer → approver for approved changes) and the total', async () => {
    const { stdout } = await replay('--campaign', campaign.id, '--unit', 'ca-can-tho');
    expect(stdout).toContain('Công an thành phố Cần Thơ');
    expect(stdout).toMatch(/admin\s.*\+40/);
    expect(stdout).toMatch(/admin-a → admin-b \(duyệt\)\s.*-40/);
    expect(stdout).toMatch(/admin-a → admin-b \(duyệt\)\s.*\+35/);
    expect(stdout).toMatch(/TỔNG ĐIỂM:\s+35/);
  });

  it('refuses a missing --unit with usage (exit 2)', async () => {
    await expect(replay('--campaign', campaign.id)).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--unit') });
  });
});
