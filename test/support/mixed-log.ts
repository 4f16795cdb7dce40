import type { EventStore, NewEvent } from '../../src/event-store/event-store.port.js';
import type {
  CampaignLaunched,
  ClusterFormed,
  ClusterMemberAdded,
  CommendationRecorded,
  CommendationRevoked,
  OfficerRegistered,
  PhaseAdded,
  PhaseWithdrawalProposed,
  PledgeActualReported,
  RankingPublished,
  ScoreEntryRecorded,
  ScoreEntryReversed,
  UnitMoved,
  UnitRegistered,
  VetoImposed,
  VetoLifted,
} from '../../src/ledger/events.js';
import { streamIds } from '../../src/ledger/ids.js';
import { formatPoints } from '../../src/ledger/points.js';
import { campaign as fixtureCampaign } from './fixtures.js';

/** One append: a stream and its events, in the order the ledger would write them. */
export interface PlannedAppend {
  streamId: string;
  events: NewEvent[];
}

const criteria = fixtureCampaign.scale.criteria.map((c) => c.id);
const scale: CampaignLaunched['data']['scale'] = {
  groups: fixtureCampaign.scale.groups.map((g) => ({ id: g.id, name: g.name, maxPoints: String(g.maxPoints) })),
  criteria: fixtureCampaign.scale.criteria.map((c) => ({ id: c.id, groupId: c.groupId, name: c.name, maxPoints: String(c.maxPoints) })),
  bonusCap: String(fixtureCampaign.scale.bonusCap),
};

/**
 * A valid log spread over many Kafka keys: several campaigns (each a key: its campaign, clusters,
 * pledges and scorecards), units and officers and commendations (each its own key). Every read
 * model gets rows: unit moves, clusters with members joining later, pledges, score entries with
 * reversals, vetoes imposed and lifted, commendations recorded and revoked.
 * `setup()` comes first (what later events refer to); `next()` yields the stream of activity.
 */
export class MixedLog {
  readonly campaignIds: string[];
  readonly unitIds: string[];
  private readonly open = new Map<string, string[]>();
  private readonly vetoed = new Set<string>();
  private n = 0;

  constructor(readonly options: { campaigns?: number; units?: number } = {}) {
    this.campaignIds = Array.from({ length: options.campaigns ?? 6 }, (_, i) => `thi-dua-${2020 + i}`);
    this.unitIds = Array.from({ length: options.units ?? 24 }, (_, i) => `ca-don-vi-${String(i).padStart(2, '0')}`);
  }

  setup(): PlannedAppend[] {
    const plan: PlannedAppend[] = [];
    plan.push({
      streamId: streamIds.unit('bo-cong-an'),
      events: [
        { type: 'UnitRegistered', data: { unitId: 'bo-cong-an', name: 'Bộ Công an', kind: 'ministry', parentId: null } satisfies UnitRegistered['data'] },
      ],
    });
    for (const [i, unitId] of this.unitIds.entries()) {
      plan.push({
        streamId: streamIds.unit(unitId),
        events: [
          {
            type: 'UnitRegistered',
            data: {
              unitId,
              name: `Công an đơn vị số ${i}`,
              kind: i < 8 ? 'province' : 'district',
              parentId: i < 8 ? 'bo-cong-an' : this.unitIds[i % 8],
            } satisfies UnitRegistered['data'],
          },
        ],
      });
    }
    for (let i = 0; i < 6; i++) {
      const officerId = `can-bo-${i}`;
      plan.push({
        streamId: streamIds.officer(officerId),
        events: [
          {
            type: 'OfficerRegistered',
            data: { officerId, fullName: `Nguyễn Văn ${i}`, rank: 'Đại úy', unitId: this.unitIds[i] } satisfies OfficerRegistered['data'],
          },
        ],
      });
    }
    for (const [c, campaignId] of this.campaignIds.entries()) {
      const year = 2020 + c;
      plan.push({
        streamId: streamIds.campaign(campaignId),
        events: [
          {
            type: 'CampaignLaunched',
            data: {
              campaignId,
              title: `Phong trào thi đua năm ${year}`,
              form: 'regular',
              organizerUnitId: 'bo-cong-an',
              startsOn: `${year}-01-01`,
              endsOn: `${year}-12-31`,
              slogan: null,
              scale,
            } satisfies CampaignLaunched['data'],
          },
          {
            type: 'PhaseAdded',
            data: {
              campaignId,
              phaseId: 'dot-1',
              name: 'Đợt 1',
              startsOn: `${year}-01-01`,
              endsOn: `${year}-06-30`,
              occasion: null,
              slogan: null,
            } satisfies PhaseAdded['data'],
          },
        ],
      });
      const members = this.unitIds.filter((_, u) => u % this.campaignIds.length === c || u < 3);
      plan.push({
        streamId: streamIds.cluster(campaignId, 'cum-1'),
        events: [
          {
            type: 'ClusterFormed',
            data: {
              campaignId,
              clusterId: 'cum-1',
              name: 'Cụm thi đua số 1',
              kind: 'cluster',
              headUnitId: members[0],
              deputyUnitId: members[1],
              memberUnitIds: members.slice(0, -1),
            } satisfies ClusterFormed['data'],
          },
        ],
      });
      plan.push({
        streamId: streamIds.cluster(campaignId, 'cum-1'),
        events: [
          {
            type: 'ClusterMemberAdded',
            data: { campaignId, clusterId: 'cum-1', unitId: members.at(-1)!, effectiveOn: `${year}-02-01` } satisfies ClusterMemberAdded['data'],
          },
        ],
      });
      plan.push({
        streamId: streamIds.pledge(campaignId, `gu-${c}`),
        events: [
          {
            type: 'PledgeSigned',
            data: {
              campaignId,
              pledgeId: `gu-${c}`,
              unitId: members[0],
              signedOn: `${year}-01-15`,
              targets: [{ criterionId: 'c2-1', description: 'Kéo giảm tội phạm', target: '80', measure: 'điểm' }],
            }, // schema version 1 (no schemaVersion given): a unit's pledge with a label as `measure`, upcast when read
          },
          {
            type: 'PledgeActualReported',
            schemaVersion: 1,
            data: {
              campaignId,
              pledgeId: `gu-${c}`,
              criterionId: 'c2-1',
              period: `${year}-03`,
              value: '42.5',
              evidence: ['BC-Q1'],
            } satisfies PledgeActualReported['data'],
          },
        ],
      });
      // A withdrawal proposed for a phase (pending: a second administrator has not decided).
      plan.push({
        streamId: streamIds.campaign(campaignId),
        events: [
          {
            type: 'PhaseWithdrawalProposed',
            schemaVersion: 1,
            data: {
              campaignId,
              phaseId: 'dot-1',
              proposalId: `rut-${c}`,
              reason: 'Tạo nhầm đợt',
              proposedBy: 'admin',
              proposedOn: `${year}-02-01`,
            } satisfies PhaseWithdrawalProposed['data'],
          },
        ],
      });
    }
    return plan;
  }

  /** The next append of ongoing activity: mostly score entries, now and then the rarer kinds. */
  next(): PlannedAppend {
    const n = this.n++;
    const campaignId = this.campaignIds[(n * 7) % this.campaignIds.length];
    const unitId = this.unitIds[(n * 5) % this.unitIds.length];
    if (n % 97 === 50) {
      const unit = this.unitIds[8 + (n % (this.unitIds.length - 8))];
      return {
        streamId: streamIds.unit(unit),
        events: [
          {
            type: 'UnitMoved',
            data: { unitId: unit, fromParentId: null, parentId: this.unitIds[(n + 1) % 8], effectiveOn: '2026-07-01' } satisfies UnitMoved['data'],
          },
        ],
      };
    }
    if (n % 41 === 20) {
      const commendationId = `qd-${n}`;
      const recorded: CommendationRecorded['data'] = {
        commendationId,
        form: 'certificate-of-merit',
        authority: 'minister',
        recipient: { kind: 'collective', id: unitId },
        title: null,
        campaignId,
        phaseId: null,
        achievementId: null,
        decisionNo: `${n}/QĐ-BCA`,
        decidedOn: '2026-03-01',
        achievementPeriod: null,
        amountVnd: 1_000_000 + n,
        // Every other one recorded from the books, with a warning (the historical columns).
        ...(n % 2 === 0
          ? {
              recordedAs: 'historical' as const,
              source: { document: `Sổ khen thưởng ${n}`, page: String(n), fileRef: null },
              warnings: [{ code: 'quota-exceeded', detail: 'hạn mức năm', field: 'title' }],
            }
          : {}),
      };
      const events: NewEvent[] = [{ type: 'CommendationRecorded', data: recorded as unknown as Record<string, unknown> }];
      if (n % 3 === 0)
        events.push({
          type: 'CommendationRevoked',
          data: {
            commendationId,
            ground: 'false-declaration',
            reason: 'Kê khai không đúng',
            decisionNo: `${n}/QĐ-BCA-HB`,
            decidedOn: '2026-04-01',
          } satisfies CommendationRevoked['data'],
        });
      return { streamId: streamIds.commendation(commendationId), events };
    }
    if (n % 61 === 30) {
      const published: RankingPublished['data'] = {
        campaignId,
        clusterId: 'cum-1',
        publicationId: `thang-${n}`,
        period: `2026-${String(1 + (n % 12)).padStart(2, '0')}`,
        phaseId: null,
        position: n,
        final: false,
        rows: [{ rank: 1, unitId, total: '12.5', bonus: '0', penalty: '0', vetoed: false }],
      };
      return {
        streamId: streamIds.cluster(campaignId, 'cum-1'),
        events: [{ type: 'RankingPublished', data: published as unknown as Record<string, unknown> }],
      };
    }
    const key = `${campaignId}:${unitId}`;
    const scorecard = streamIds.scorecard(campaignId, unitId);
    if (n % 53 === 10) {
      const decision = { reason: 'Để xảy ra vụ việc nghiêm trọng', decisionNo: `${n}/QĐ`, decidedOn: '2026-05-01' };
      const lifting = this.vetoed.delete(key);
      if (!lifting) this.vetoed.add(key);
      return {
        streamId: scorecard,
        events: [
          lifting
            ? { type: 'VetoLifted', data: { campaignId, unitId, ...decision } satisfies VetoLifted['data'] }
            : { type: 'VetoImposed', data: { campaignId, unitId, ...decision } satisfies VetoImposed['data'] },
        ],
      };
    }
    const open = this.open.get(key) ?? [];
    this.open.set(key, open);
    const events: NewEvent[] = [];
    for (let k = 0; k < 1 + (n % 4); k++) {
      const m = n * 4 + k;
      if (m % 9 === 8 && open.length > 0) {
        const entryId = open.shift()!;
        events.push({
          type: 'ScoreEntryReversed',
          data: { campaignId, unitId, entryId, reason: 'Nhập trùng số liệu', correctedBy: null } satisfies ScoreEntryReversed['data'],
        });
        continue;
      }
      const kind = m % 13 === 5 ? 'bonus' : m % 17 === 3 ? 'penalty' : 'achievement';
      const entryId = `e-${m}`;
      open.push(entryId);
      events.push({
        type: 'ScoreEntryRecorded',
        data: {
          campaignId,
          unitId,
          entryId,
          kind,
          criterionId: kind === 'achievement' ? criteria[m % criteria.length] : null,
          points: formatPoints((m % 7) + 1),
          phaseId: m % 5 === 0 ? 'dot-1' : null,
          period: `${campaignId.slice(-4)}-${String((m % 6) + 1).padStart(2, '0')}`,
          source: m % 3 === 0 ? 'cross-inspection' : 'self-assessment',
          reason: `Tự chấm mục ${m}`,
          evidence: m % 4 === 0 ? [`BC-${m}`] : [],
          replaces: null,
        } satisfies ScoreEntryRecorded['data'],
      });
    }
    return { streamId: scorecard, events };
  }
}

const metadata = (n: number) => ({
  actor: 'seed',
  commandId: `mixed-${n}-${Math.random().toString(36).slice(2)}`,
  correlationId: `mixed-${n}`,
  causationId: null,
});

/** Appends in order, one after the other. Returns the number of events written. */
export async function appendPlanned(store: EventStore, plan: PlannedAppend[]): Promise<number> {
  let written = 0;
  for (const [i, { streamId, events }] of plan.entries()) {
    await store.append(streamId, events, { expectedVersion: 'any', metadata: metadata(i) });
    written += events.length;
  }
  return written;
}

/**
 * `writers` concurrent writers appending the log's activity until `until()` says stop. Each stream
 * belongs to one writer, so a stream's appends keep their order while writers race each other.
 * Returns the number of events written.
 */
export async function appendConcurrently(
  store: EventStore,
  log: MixedLog,
  options: { writers: number; until: (written: number) => boolean; pauseMs?: number },
): Promise<number> {
  let written = 0;
  const queues: PlannedAppend[][] = Array.from({ length: options.writers }, () => []);
  const owner = (streamId: string) => [...streamId].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7) % options.writers;
  let stopped = false;
  const writer = async (w: number) => {
    for (let i = 0; ; i++) {
      while (queues[w].length === 0) {
        if (stopped || options.until(written)) return;
        const planned = log.next();
        queues[owner(planned.streamId)].push(planned);
      }
      const { streamId, events } = queues[w].shift()!;
      await store.append(streamId, events, { expectedVersion: 'any', metadata: metadata(i) });
      written += events.length;
      if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
    }
  };
  try {
    await Promise.all(queues.map((_, w) => writer(w)));
  } finally {
    stopped = true;
  }
  // What was planned for a writer that finished first is written too: no planned append is lost.
  for (const queue of queues) written += await appendPlanned(store, queue.splice(0));
  return written;
}
