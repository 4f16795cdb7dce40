import type { DataSource } from 'typeorm';
import { projections } from '../../projections/index.js';
import type { EventStore, NewEvent } from '../../src/event-store/event-store.port.js';
import type { CampaignLaunched, ScoreEntryRecorded, ScoreEntryReversed, UnitRegistered } from '../../src/ledger/events.js';
import { streamIds } from '../../src/ledger/ids.js';
import { formatPoints } from '../../src/ledger/points.js';
import { campaign } from '../support/fixtures.js';

/** Every live read-model table of every projection. */
export const readModelTables = (): string[] => projections.flatMap((p) => Object.values(p.tables));

/** md5 of each table's rows (as text, sorted) and its row count: equal hashes, equal contents. */
export async function tableHashes(dataSource: DataSource): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const table of readModelTables()) {
    const [row]: { hash: string | null; count: string }[] = await dataSource.query(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS hash, count(*)::text AS count FROM ${table} t`,
    );
    hashes[table] = `${row.count}:${row.hash ?? '-'}`;
  }
  return hashes;
}

/**
 * Waits until every projection's checkpoint has reached the head of the log, once settled: every
 * committed event deliverable (transactions open elsewhere on the server delay delivery a little).
 */
export async function waitCaughtUp(store: EventStore, dataSource: DataSource, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const head = await store.headPosition();
    const [{ committed }] = await dataSource.query('SELECT coalesce(max(position), 0)::bigint AS committed FROM ledger_events');
    if (Number(committed) > head) {
      if (Date.now() > deadline) throw new Error(`log head not settled after ${timeoutMs} ms: deliverable ${head}, committed ${committed}`);
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    const rows: { position: string }[] = await dataSource.query('SELECT position FROM processor_checkpoints WHERE name = ANY($1::text[])', [
      projections.map((p) => p.name),
    ]);
    if (rows.length === projections.length && rows.every((r) => Number(r.position) >= head)) return head;
    if (Date.now() > deadline) throw new Error(`read models not caught up with ${head} after ${timeoutMs} ms: ${JSON.stringify(rows)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A large, valid log written straight through the store: units, the fixture campaign, then score
 * entries (with reversals of earlier entries) for `units` units, `perAppend` events per append.
 */
export async function appendSyntheticLog(store: EventStore, total: number, options: { units?: number; perAppend?: number } = {}): Promise<number> {
  const unitCount = options.units ?? 40;
  const perAppend = options.perAppend ?? 250;
  const metadata = (n: number) => ({ actor: 'seed', commandId: `seed-${n}`, correlationId: `seed-${n}`, causationId: null });
  let written = 0;
  let appends = 0;
  const append = async (streamId: string, events: NewEvent[]) => {
    await store.append(streamId, events, { expectedVersion: 'any', metadata: metadata(appends++) });
    written += events.length;
  };
  const unitIds = Array.from({ length: unitCount }, (_, i) => `don-vi-${String(i).padStart(3, '0')}`);
  await append(streamIds.unit('bo-cong-an'), [
    { type: 'UnitRegistered', data: { unitId: 'bo-cong-an', name: 'Bộ Công an', kind: 'ministry', parentId: null } satisfies UnitRegistered['data'] },
  ]);
  for (const [i, unitId] of unitIds.entries()) {
    await append(streamIds.unit(unitId), [
      { type: 'UnitRegistered', data: { unitId, name: `Công an đơn vị số ${i}`, kind: 'province', parentId: 'bo-cong-an' } satisfies UnitRegistered['data'] },
    ]);
  }
  const scale: CampaignLaunched['data']['scale'] = {
    groups: campaign.scale.groups.map((g) => ({ id: g.id, name: g.name, maxPoints: String(g.maxPoints) })),
    criteria: campaign.scale.criteria.map((c) => ({ id: c.id, groupId: c.groupId, name: c.name, maxPoints: String(c.maxPoints) })),
    bonusCap: String(campaign.scale.bonusCap),
  };
  const launched: CampaignLaunched['data'] = {
    campaignId: campaign.id,
    title: campaign.title,
    form: 'regular',
    organizerUnitId: 'bo-cong-an',
    startsOn: campaign.startsOn,
    endsOn: campaign.endsOn,
    slogan: campaign.slogan,
    scale,
  };
  await append(streamIds.campaign(campaign.id), [{ type: 'CampaignLaunched', data: launched }]);

  const criteria = campaign.scale.criteria.map((c) => c.id);
  const recorded = new Map<string, string[]>();
  let n = 0;
  for (let round = 0; written < total; round++) {
    const unitId = unitIds[round % unitCount];
    const open = recorded.get(unitId) ?? [];
    recorded.set(unitId, open);
    const events: NewEvent[] = [];
    for (let k = 0; k < Math.min(perAppend, total - written); k++, n++) {
      if (k % 20 === 19 && open.length > 0) {
        const entryId = open.splice((n * 7) % open.length, 1)[0];
        events.push({
          type: 'ScoreEntryReversed',
          data: { campaignId: campaign.id, unitId, entryId, reason: 'Nhập trùng số liệu', correctedBy: null } satisfies ScoreEntryReversed['data'],
        });
        continue;
      }
      const kind = k % 13 === 5 ? 'bonus' : k % 17 === 3 ? 'penalty' : 'achievement';
      const entryId = `e-${n}`;
      open.push(entryId);
      events.push({
        type: 'ScoreEntryRecorded',
        data: {
          campaignId: campaign.id,
          unitId,
          entryId,
          kind,
          criterionId: kind === 'achievement' ? criteria[n % criteria.length] : null,
          points: formatPoints(((n % 9) + 1) * 100 + (n % 100)),
          phaseId: null,
          period: `2026-${String((n % 12) + 1).padStart(2, '0')}`,
          source: n % 3 === 0 ? 'cross-inspection' : 'self-assessment',
          reason: `Tự chấm mục ${n}`,
          evidence: n % 5 === 0 ? [`BC-${n}`] : [],
          replaces: null,
        } satisfies ScoreEntryRecorded['data'],
      });
    }
    await append(streamIds.scorecard(campaign.id, unitId), events);
  }
  return written;
}
