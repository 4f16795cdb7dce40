import type { Recorded, RecordedEvent } from '../../src/event-store/recorded-event.js';
import { parseScale, type ParsedScale } from '../../src/ledger/campaigns/campaign.decider.js';
import type { Approval, Scale, ScoreEntryKind } from '../../src/ledger/events.js';
import { formatPoints, parsePoints, pointsToNumber, type Hundredths } from '../../src/ledger/points.js';
import {
  cappedCard,
  NO_SUMS,
  storedSums,
  sumsFromStored,
  totalChange,
  withEntry,
  type ScorecardSums,
  type ScoredEntry,
  type Sign,
  type StoredSums,
} from '../../src/ledger/scores/scorecard-totals.js';
import type { ApplyContext, TableNames } from '../runner/projection.js';
import { insertRows } from '../shared/insert-rows.js';

/*
 * The audit trail and the running totals: rm_score_events (a row per score event, with the month it
 * counts for and the unit's capped totals after it, for the whole campaign and for the event's
 * phase, in the order recorded, whatever the months), rm_score_state (the
 * running sums per campaign, unit and scope: '' or a phase id) and rm_score_scales (each
 * campaign's scale, to cap the totals).
 */

type ScoreEvent = Recorded<'ScoreEntryRecorded' | 'ScoreEntryReversed'>;

/** An entry as the trail keeps it: a reversal is written with the kind, criterion and points of the entry it reverses. */
interface RecordedEntry extends ScoredEntry {
  phaseId: string | null;
  period: string;
  occurredOn: string | null;
  source: string;
}

/** The whole campaign's scope in rm_score_state; a phase's scope is its id. */
const WHOLE_CAMPAIGN = '';

export async function applyScales(events: readonly RecordedEvent[], manager: ApplyContext['manager'], table: string): Promise<void> {
  const launches = events.filter((e): e is Recorded<'CampaignLaunched'> => e.type === 'CampaignLaunched');
  if (launches.length === 0) return;
  await manager.query(`INSERT INTO ${table} (campaign_id, scale) SELECT * FROM unnest($1::text[], $2::jsonb[]) ON CONFLICT (campaign_id) DO NOTHING`, [
    launches.map((e) => e.data.campaignId),
    launches.map((e) => JSON.stringify(e.data.scale)),
  ]);
}

export async function applyScoreEntries(
  events: readonly RecordedEvent[],
  manager: ApplyContext['manager'],
  tables: TableNames<'events' | 'state' | 'scales'>,
): Promise<void> {
  const scoreEvents = events.filter((e): e is ScoreEvent => e.type === 'ScoreEntryRecorded' || e.type === 'ScoreEntryReversed');
  if (scoreEvents.length === 0) return;

  const scales = await loadScales(manager, tables.scales, [...new Set(scoreEvents.map((e) => e.data.campaignId))]);
  const sums = await loadSums(manager, tables.state, scoreEvents);
  const entries = await loadEntries(manager, tables.events, scoreEvents);

  const rows: ScoreEventRow[] = [];
  for (const event of scoreEvents) {
    const { campaignId, unitId } = event.data;
    const scale = scales.get(campaignId);
    if (!scale) throw new Error(`scores projection: no scale for campaign '${campaignId}' at position ${event.position}`);
    const change = entryChange(event, entries);
    const { entry, sign } = change;
    const after = (scope: string) => {
      const k = key(campaignId, unitId, scope);
      const next = withEntry(sums.get(k) ?? NO_SUMS, entry, sign);
      sums.set(k, next);
      return cappedCard(scale, next);
    };
    const card = after(WHOLE_CAMPAIGN);
    const phaseCard = entry.phaseId === null ? null : after(entry.phaseId);
    rows.push({
      campaign_id: campaignId,
      unit_id: unitId,
      position: event.position,
      recorded_at: event.recordedAt.toISOString(),
      actor: event.metadata.actor,
      event_type: event.type,
      entry_id: change.entryId,
      kind: entry.kind,
      source: entry.source,
      criterion_id: entry.criterionId,
      phase_id: entry.phaseId,
      period: entry.period,
      occurred_on: entry.occurredOn,
      points: formatPoints(entry.points),
      delta: formatPoints(totalChange(entry, sign)),
      reason: change.reason,
      evidence: change.evidence,
      compensates: change.compensates,
      total_after: formatPoints(card.total),
      bonus_after: formatPoints(card.bonus),
      penalty_after: formatPoints(card.penalty),
      groups_after: groupsOf(card.groups),
      phase_total_after: phaseCard && formatPoints(phaseCard.total),
      phase_bonus_after: phaseCard && formatPoints(phaseCard.bonus),
      phase_penalty_after: phaseCard && formatPoints(phaseCard.penalty),
      phase_groups_after: phaseCard && groupsOf(phaseCard.groups),
      proposal_id: change.approval?.proposalId ?? null,
      proposed_by: change.approval?.proposedBy ?? null,
      approved_by: change.approval?.approvedBy ?? null,
    });
  }

  // One statement for the batch: about a third faster than 27 array parameters through unnest (measured on 5,000-row batches).
  await insertRows(manager, tables.events, rows);
  const states = [...sums].map(([k, s]) => ({ k: k.split('\u0000'), stored: storedSums(s) }));
  await manager.query(
    `INSERT INTO ${tables.state} (campaign_id, unit_id, scope, criteria, bonus, penalty)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::bigint[], $6::bigint[])
     ON CONFLICT (campaign_id, unit_id, scope) DO UPDATE SET criteria = EXCLUDED.criteria, bonus = EXCLUDED.bonus, penalty = EXCLUDED.penalty`,
    [
      states.map((s) => s.k[0]),
      states.map((s) => s.k[1]),
      states.map((s) => s.k[2]),
      states.map((s) => JSON.stringify(s.stored.criteria)),
      states.map((s) => s.stored.bonus),
      states.map((s) => s.stored.penalty),
    ],
  );
}

/** What a score event does to the trail: the entry it adds (+1) or takes away (−1), and the row's own fields. */
interface EntryChange {
  entry: RecordedEntry;
  sign: Sign;
  entryId: string;
  reason: string;
  evidence: string[];
  compensates: string | null;
  approval: Approval | undefined;
}

function entryChange(event: ScoreEvent, entries: Map<string, RecordedEntry>): EntryChange {
  const { campaignId, unitId } = event.data;
  if (event.type === 'ScoreEntryRecorded') {
    const d = event.data;
    const entry: RecordedEntry = {
      kind: d.kind,
      criterionId: d.criterionId,
      phaseId: d.phaseId,
      period: d.period,
      occurredOn: d.occurredOn ?? null,
      points: parsePoints(d.points),
      source: d.source,
    };
    entries.set(key(campaignId, unitId, d.entryId), entry);
    return { entry, sign: 1, entryId: d.entryId, reason: d.reason, evidence: d.evidence, compensates: d.replaces, approval: d.approval };
  }
  const d = event.data;
  const entry = entries.get(key(campaignId, unitId, d.entryId));
  if (!entry) throw new Error(`scores projection: reversal of unknown entry '${d.entryId}' at position ${event.position}`);
  return { entry, sign: -1, entryId: d.entryId, reason: d.reason, evidence: [], compensates: d.entryId, approval: d.approval };
}

function key(campaignId: string, unitId: string, scopeOrEntry: string): string {
  return `${campaignId}\u0000${unitId}\u0000${scopeOrEntry}`;
}

/** One query per batch: a cache keyed by campaign id alone would be shared across databases. */
async function loadScales(manager: ApplyContext['manager'], table: string, campaignIds: string[]): Promise<Map<string, ParsedScale>> {
  const rows: { campaign_id: string; scale: Scale }[] = await manager.query(`SELECT campaign_id, scale FROM ${table} WHERE campaign_id = ANY($1::text[])`, [
    campaignIds,
  ]);
  return new Map(rows.map((row) => [row.campaign_id, parseScale(row.scale)]));
}

/** The running sums of every unit the batch scores, in every scope they have. */
async function loadSums(manager: ApplyContext['manager'], table: string, events: readonly ScoreEvent[]): Promise<Map<string, ScorecardSums>> {
  const pairs = [...new Set(events.map((e) => `${e.data.campaignId}\u0000${e.data.unitId}`))].map((p) => p.split('\u0000'));
  const rows: ({ campaign_id: string; unit_id: string; scope: string } & Omit<StoredSums, 'bonus' | 'penalty'> & {
      bonus: string | number;
      penalty: string | number;
    })[] = await manager.query(
    `SELECT s.campaign_id, s.unit_id, s.scope, s.criteria, s.bonus, s.penalty
       FROM ${table} s JOIN unnest($1::text[], $2::text[]) AS k(campaign_id, unit_id) USING (campaign_id, unit_id)`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
  return new Map(
    rows.map((r) => [key(r.campaign_id, r.unit_id, r.scope), sumsFromStored({ criteria: r.criteria, bonus: Number(r.bonus), penalty: Number(r.penalty) })]),
  );
}

/** Entries that reversals in this batch refer to and that were recorded in earlier batches. */
async function loadEntries(manager: ApplyContext['manager'], table: string, events: readonly ScoreEvent[]): Promise<Map<string, RecordedEntry>> {
  const wanted = events.filter((e): e is Recorded<'ScoreEntryReversed'> => e.type === 'ScoreEntryReversed').map((e) => e.data);
  if (wanted.length === 0) return new Map();
  const rows: {
    campaign_id: string;
    unit_id: string;
    entry_id: string;
    kind: ScoreEntryKind;
    criterion_id: string | null;
    phase_id: string | null;
    period: string;
    occurred_on: string | null;
    points: string;
    source: string;
  }[] = await manager.query(
    `SELECT e.campaign_id, e.unit_id, e.entry_id, e.kind, e.criterion_id, e.phase_id, e.period, e.occurred_on::text AS occurred_on, e.points, e.source
     FROM ${table} e JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(campaign_id, unit_id, entry_id) USING (campaign_id, unit_id, entry_id)
     WHERE e.event_type = 'ScoreEntryRecorded'`,
    [wanted.map((w) => w.campaignId), wanted.map((w) => w.unitId), wanted.map((w) => w.entryId)],
  );
  return new Map(
    rows.map((r) => [
      key(r.campaign_id, r.unit_id, r.entry_id),
      {
        kind: r.kind,
        criterionId: r.criterion_id,
        phaseId: r.phase_id,
        period: r.period,
        occurredOn: r.occurred_on,
        points: parsePoints(r.points),
        source: r.source,
      },
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
  period: string;
  occurred_on: string | null;
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
