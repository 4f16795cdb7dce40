import type { Recorded, RecordedEvent } from '../../src/event-store/recorded-event.js';
import { parseScale, type ParsedScale } from '../../src/ledger/campaigns/campaign.decider.js';
import type {
  Approval,
  CampaignLaunched,
  ChangeApproved,
  ChangeProposed,
  ChangeRejected,
  ScoreEntryRecorded,
  ScoreEntryReversed,
  VetoImposed,
  VetoLifted,
} from '../../src/ledger/events.js';
import { formatPoints, parsePoints, pointsToNumber, type Hundredths } from '../../src/ledger/points.js';
import { effectOf } from '../../src/ledger/scores/scorecard.decider.js';
import { computeScorecard } from '../../src/ledger/scores/scorecard-totals.js';
import type { ApplyContext, Projection } from '../runner/projection.js';
import { insertRows } from '../shared/insert-rows.js';

type Tables = 'events' | 'state' | 'scales' | 'vetoes' | 'proposals';

/** Running sums of one unit in one campaign, for the whole campaign ('') or one phase. */
interface Sums {
  criteria: Record<string, Hundredths>;
  bonus: Hundredths;
  penalty: Hundredths;
}

interface RecordedEntry {
  kind: ScoreEntryRecorded['data']['kind'];
  criterionId: string | null;
  phaseId: string | null;
  points: Hundredths;
  source: string;
}

export const scoresProjection: Projection<Tables> = {
  name: 'scores',
  tables: { events: 'rm_score_events', state: 'rm_score_state', scales: 'rm_score_scales', vetoes: 'rm_vetoes', proposals: 'rm_proposals' },
  handles: new Set([
    'CampaignLaunched',
    'ScoreEntryRecorded',
    'ScoreEntryReversed',
    'VetoImposed',
    'VetoLifted',
    'ChangeProposed',
    'ChangeApproved',
    'ChangeRejected',
  ]),

  async apply(events, { manager, tables }: ApplyContext<Tables>) {
    const launches = events.filter((e): e is Recorded<'CampaignLaunched'> => e.type === 'CampaignLaunched');
    if (launches.length > 0) {
      await manager.query(
        `INSERT INTO ${tables.scales} (campaign_id, scale) SELECT * FROM unnest($1::text[], $2::jsonb[]) ON CONFLICT (campaign_id) DO NOTHING`,
        [launches.map((e) => e.data.campaignId), launches.map((e) => JSON.stringify(e.data.scale))],
      );
    }
    await applyVetoes(events, manager, tables.vetoes);
    await applyProposals(events, manager, tables.proposals);
    const scoreEvents = events.filter(
      (e): e is Recorded<'ScoreEntryRecorded' | 'ScoreEntryReversed'> => e.type === 'ScoreEntryRecorded' || e.type === 'ScoreEntryReversed',
    );
    if (scoreEvents.length === 0) return;

    const key = (campaignId: string, unitId: string, scope: string) => `${campaignId}\u0000${unitId}\u0000${scope}`;
    const campaignIds = [...new Set(scoreEvents.map((e) => e.data.campaignId as string))];
    const scales = await loadScales(manager, tables.scales, campaignIds);
    const sums = await loadSums(manager, tables.state, scoreEvents, key);
    const entries = await loadEntries(manager, tables.events, scoreEvents, key);

    const rows: ScoreEventRow[] = [];
    for (const event of scoreEvents) {
      const { campaignId, unitId } = event.data as { campaignId: string; unitId: string };
      const scale = scales.get(campaignId);
      if (!scale) throw new Error(`scores projection: no scale for campaign '${campaignId}' at position ${event.position}`);
      let entryId: string;
      let entry: RecordedEntry;
      let sign: 1 | -1;
      let reason: string;
      let evidence: string[] = [];
      let compensates: string | null;
      let approval: Approval | undefined;
      if (event.type === 'ScoreEntryRecorded') {
        const data = event.data as ScoreEntryRecorded['data'];
        entry = { kind: data.kind, criterionId: data.criterionId, phaseId: data.phaseId, points: parsePoints(data.points), source: data.source };
        entries.set(key(campaignId, unitId, data.entryId), entry);
        ({ entryId, reason, evidence } = data);
        compensates = data.replaces;
        approval = data.approval;
        sign = 1;
      } else {
        const data = event.data as ScoreEntryReversed['data'];
        const reversed = entries.get(key(campaignId, unitId, data.entryId));
        if (!reversed) throw new Error(`scores projection: reversal of unknown entry '${data.entryId}' at position ${event.position}`);
        entry = reversed;
        ({ entryId, reason } = data);
        compensates = data.entryId;
        approval = data.approval;
        sign = -1;
      }
      const effect = effectOf(entry);
      const delta = sign * (effect.criterion + effect.bonus - effect.penalty);
      const after = (scope: string) => {
        const k = key(campaignId, unitId, scope);
        const current = sums.get(k) ?? { criteria: {}, bonus: 0, penalty: 0 };
        const next: Sums = { criteria: { ...current.criteria }, bonus: current.bonus + sign * effect.bonus, penalty: current.penalty + sign * effect.penalty };
        if (entry.criterionId !== null) next.criteria[entry.criterionId] = (next.criteria[entry.criterionId] ?? 0) + sign * effect.criterion;
        sums.set(k, next);
        return computeScorecard(scale, new Map(Object.entries(next.criteria)), next.bonus, next.penalty);
      };
      const card = after('');
      const phaseCard = entry.phaseId === null ? null : after(entry.phaseId);
      rows.push({
        campaign_id: campaignId,
        unit_id: unitId,
        position: event.position,
        recorded_at: event.recordedAt.toISOString(),
        actor: event.metadata.actor,
        event_type: event.type,
        entry_id: entryId,
        kind: entry.kind,
        source: entry.source,
        criterion_id: entry.criterionId,
        phase_id: entry.phaseId,
        points: formatPoints(entry.points),
        delta: formatPoints(delta),
        reason,
        evidence,
        compensates,
        total_after: formatPoints(card.total),
        bonus_after: formatPoints(card.bonus),
        penalty_after: formatPoints(card.penalty),
        groups_after: groupsOf(card.groups),
        phase_total_after: phaseCard && formatPoints(phaseCard.total),
        phase_bonus_after: phaseCard && formatPoints(phaseCard.bonus),
        phase_penalty_after: phaseCard && formatPoints(phaseCard.penalty),
        phase_groups_after: phaseCard && groupsOf(phaseCard.groups),
        proposal_id: approval?.proposalId ?? null,
        proposed_by: approval?.proposedBy ?? null,
        approved_by: approval?.approvedBy ?? null,
      });
    }

    // One statement for the batch: about a third faster than 27 array parameters through unnest (measured on 5,000-row batches).
    await insertRows(manager, tables.events, rows);
    const states = [...sums.entries()].map(([k, s]) => [...k.split('\u0000'), JSON.stringify(s.criteria), s.bonus, s.penalty]);
    const stateColumns = [0, 1, 2, 3, 4, 5].map((i) => states.map((row) => row[i]));
    await manager.query(
      `INSERT INTO ${tables.state} (campaign_id, unit_id, scope, criteria, bonus, penalty)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::bigint[], $6::bigint[])
       ON CONFLICT (campaign_id, unit_id, scope) DO UPDATE SET criteria = EXCLUDED.criteria, bonus = EXCLUDED.bonus, penalty = EXCLUDED.penalty`,
      stateColumns,
    );
  },
};

/** Vetoes are rare: a statement each, in order (a lift may follow its veto in the same batch). */
async function applyVetoes(events: RecordedEvent[], manager: ApplyContext['manager'], table: string): Promise<void> {
  for (const event of events) {
    if (event.type === 'VetoImposed') {
      const d = event.data as unknown as VetoImposed['data'];
      await manager.query(`INSERT INTO ${table} (campaign_id, unit_id, imposed_position, reason, decision_no, decided_on) VALUES ($1, $2, $3, $4, $5, $6)`, [
        d.campaignId,
        d.unitId,
        event.position,
        d.reason,
        d.decisionNo,
        d.decidedOn,
      ]);
    } else if (event.type === 'VetoLifted') {
      const d = event.data as unknown as VetoLifted['data'];
      await manager.query(
        `UPDATE ${table} SET lifted_position = $3, lift_reason = $4, lift_decision_no = $5, lifted_on = $6
         WHERE campaign_id = $1 AND unit_id = $2 AND lifted_position IS NULL`,
        [d.campaignId, d.unitId, event.position, d.reason, d.decisionNo, d.decidedOn],
      );
    }
  }
}

/** One query per batch: a cache keyed by campaign id alone would be shared across databases. */
async function loadScales(manager: ApplyContext['manager'], table: string, campaignIds: string[]): Promise<Map<string, ParsedScale>> {
  const rows: { campaign_id: string; scale: CampaignLaunched['data']['scale'] }[] = await manager.query(
    `SELECT campaign_id, scale FROM ${table} WHERE campaign_id = ANY($1::text[])`,
    [campaignIds],
  );
  return new Map(rows.map((row) => [row.campaign_id, parseScale(row.scale)]));
}

async function loadSums(
  manager: ApplyContext['manager'],
  table: string,
  events: Recorded<'ScoreEntryRecorded' | 'ScoreEntryReversed'>[],
  key: (c: string, u: string, s: string) => string,
): Promise<Map<string, Sums>> {
  const pairs = [...new Set(events.map((e) => `${e.data.campaignId}\u0000${e.data.unitId}`))].map((p) => p.split('\u0000'));
  const rows: { campaign_id: string; unit_id: string; scope: string; criteria: Record<string, number>; bonus: string | number; penalty: string | number }[] =
    await manager.query(
      `SELECT s.campaign_id, s.unit_id, s.scope, s.criteria, s.bonus, s.penalty
     FROM ${table} s JOIN unnest($1::text[], $2::text[]) AS k(campaign_id, unit_id) USING (campaign_id, unit_id)`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
  return new Map(rows.map((r) => [key(r.campaign_id, r.unit_id, r.scope), { criteria: r.criteria, bonus: Number(r.bonus), penalty: Number(r.penalty) }]));
}

/** Entries that reversals in this batch refer to and that were recorded in earlier batches. */
async function loadEntries(
  manager: ApplyContext['manager'],
  table: string,
  events: RecordedEvent[],
  key: (c: string, u: string, s: string) => string,
): Promise<Map<string, RecordedEntry>> {
  const wanted = events
    .filter((e) => e.type === 'ScoreEntryReversed')
    .map((e) => [e.data.campaignId as string, e.data.unitId as string, e.data.entryId as string]);
  if (wanted.length === 0) return new Map();
  const rows: {
    campaign_id: string;
    unit_id: string;
    entry_id: string;
    kind: RecordedEntry['kind'];
    criterion_id: string | null;
    phase_id: string | null;
    points: string;
    source: string;
  }[] = await manager.query(
    `SELECT e.campaign_id, e.unit_id, e.entry_id, e.kind, e.criterion_id, e.phase_id, e.points, e.source
     FROM ${table} e JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(campaign_id, unit_id, entry_id) USING (campaign_id, unit_id, entry_id)
     WHERE e.event_type = 'ScoreEntryRecorded'`,
    [wanted.map((w) => w[0]), wanted.map((w) => w[1]), wanted.map((w) => w[2])],
  );
  return new Map(
    rows.map((r) => [
      key(r.campaign_id, r.unit_id, r.entry_id),
      { kind: r.kind, criterionId: r.criterion_id, phaseId: r.phase_id, points: parsePoints(r.points), source: r.source },
    ]),
  );
}

function groupsOf(groups: { groupId: string; capped: Hundredths }[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const g of groups) result[g.groupId] = pointsToNumber(g.capped);
  return result;
}

/** A row of rm_score_events, keyed by column (numeric columns as canonical decimal strings). */
type ScoreEventRow = {
  campaign_id: string;
  unit_id: string;
  position: number;
  recorded_at: string;
  actor: string;
  event_type: string;
  entry_id: string;
  kind: string;
  source: string;
  criterion_id: string | null;
  phase_id: string | null;
  points: string;
  delta: string;
  reason: string;
  evidence: string[];
  compensates: string | null;
  total_after: string;
  bonus_after: string;
  penalty_after: string;
  groups_after: Record<string, number>;
  phase_total_after: string | null;
  phase_bonus_after: string | null;
  phase_penalty_after: string | null;
  phase_groups_after: Record<string, number> | null;
  proposal_id: string | null;
  proposed_by: string | null;
  approved_by: string | null;
};

/** Proposals are rare: a statement each, in order (a decision may follow its proposal in the same batch). */
async function applyProposals(events: RecordedEvent[], manager: ApplyContext['manager'], table: string): Promise<void> {
  for (const event of events) {
    if (event.type === 'ChangeProposed') {
      const d = event.data as unknown as ChangeProposed['data'];
      await manager.query(
        `INSERT INTO ${table} (campaign_id, unit_id, proposal_id, action, change, reason, proposed_by, proposed_position, proposed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          d.campaignId,
          d.unitId,
          d.proposalId,
          d.change.action,
          JSON.stringify(d.change),
          d.reason,
          d.proposedBy,
          event.position,
          event.recordedAt.toISOString(),
        ],
      );
    } else if (event.type === 'ChangeApproved' || event.type === 'ChangeRejected') {
      const approved = event.type === 'ChangeApproved';
      const d = event.data as unknown as ChangeApproved['data'] & ChangeRejected['data'];
      await manager.query(
        `UPDATE ${table} SET status = $4, decided_by = $5, decided_position = $6, decided_at = $7, decision_note = $8
         WHERE campaign_id = $1 AND unit_id = $2 AND proposal_id = $3`,
        [
          d.campaignId,
          d.unitId,
          d.proposalId,
          approved ? 'approved' : 'rejected',
          approved ? d.approvedBy : d.rejectedBy,
          event.position,
          event.recordedAt.toISOString(),
          approved ? d.note : d.reason,
        ],
      );
    }
  }
}
