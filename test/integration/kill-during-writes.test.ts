import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildForChildren } from '../support/child-build.js';
import { call, startChildServer, type ChildServer } from '../support/child-server.js';
import { freshDataDir } from '../support/databases.js';
import { campaign, cluster, units } from '../support/fixtures.js';

/**
 * Nothing acknowledged is ever lost: a real server on the embedded store is killed with SIGKILL
 * while 8 writers record score entries; every entry it acknowledged (201) is in the log after a
 * restart, and nothing it did not acknowledge is there twice. Three rounds, on the same folder.
 */
describe('kill -9 during writes (embedded store)', () => {
  const data = freshDataDir('ledger-kill');
  let build: Awaited<ReturnType<typeof buildForChildren>>;
  let server: ChildServer | null = null;
  const acknowledged = new Set<string>();

  beforeAll(async () => {
    build = await buildForChildren();
    server = await startChildServer({ buildDir: build.dir, dataDir: data.dir });
    for (const u of Object.values(units)) expect((await call(server.base, 'POST', '/api/units', u)).status).toBe(201);
    expect((await call(server.base, 'POST', '/api/campaigns', campaign)).status).toBe(201);
    expect((await call(server.base, 'POST', `/api/campaigns/${campaign.id}/clusters`, cluster)).status).toBe(201);
  }, 180_000);
  afterAll(async () => {
    server?.process.kill('SIGKILL');
    build?.remove();
    data.remove();
  });

  it('keeps every acknowledged entry across three kills mid-write', async () => {
    for (let round = 0; round < 3; round++) {
      if (!server) server = await startChildServer({ buildDir: build.dir, dataDir: data.dir });
      const base = server.base;
      let stop = false;
      const writer = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const entryId = `r${round}-w${w}-${i}`;
          const unitId = cluster.memberUnitIds[(w + i) % cluster.memberUnitIds.length];
          const res = await call(
            base,
            'POST',
            `/api/campaigns/${campaign.id}/units/${unitId}/score-entries`,
            { entryId, kind: 'achievement', criterionId: 'c1-1', points: '0.01', period: '2026-07', source: 'self-assessment', reason: `Tự chấm ${entryId}` },
            5_000,
          ).catch(() => null);
          if (res === null) return; // the server is gone
          if (res.status === 201) acknowledged.add(`${unitId}/${entryId}`);
        }
      };
      const writers = Array.from({ length: 8 }, (_, w) => writer(w));
      // Kill once some writes went through this round.
      const before = acknowledged.size;
      for (const deadline = Date.now() + 30_000; acknowledged.size < before + 20 && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 20));
      server.process.kill('SIGKILL');
      await server.exited;
      stop = true;
      await Promise.all(writers);
      server = null;
    }
    expect(acknowledged.size).toBeGreaterThanOrEqual(60);

    server = await startChildServer({ buildDir: build.dir, dataDir: data.dir });
    const inLog = new Map<string, number>();
    for (let after = 0; ;) {
      const page = await call(server.base, 'GET', `/api/events?after=${after}&limit=1000`);
      const events = page.body.events as { type: string; streamId: string; data: { entryId?: string; unitId?: string } }[];
      for (const e of events)
        if (e.type === 'ScoreEntryRecorded') inLog.set(`${e.data.unitId}/${e.data.entryId}`, (inLog.get(`${e.data.unitId}/${e.data.entryId}`) ?? 0) + 1);
      if (events.length < 1000) break;
      after = page.body.next as number;
    }
    const lost = [...acknowledged].filter((key) => !inLog.has(key));
    expect(lost).toEqual([]);
    expect([...inLog.values()].filter((n) => n > 1)).toEqual([]);
  }, 300_000);
});
