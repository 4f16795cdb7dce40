import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ParsedScale } from '../../src/ledger/campaigns/campaign.decider.js';
import type { ScoreEntryKind } from '../../src/ledger/events.js';
import { parsePoints, pointsToNumber } from '../../src/ledger/points.js';
import { ALL_PERIODS, isAllPeriods, type PeriodFilter } from '../../src/ledger/scores/periods.js';
import { cappedCard, NO_SUMS, rank, withEntry, type ScorecardSums, type ScorecardTotals, type Sign } from '../../src/ledger/scores/scorecard-totals.js';
import { LruCache } from '../../src/lru-cache.js';
import { ReadModelLookups } from '../shared/read-model-lookups.js';

export interface ScoreRow {
  unit_id: string;
  position: string;
  recorded_at: Date | string;
  actor: string;
  event_type: 'ScoreEntryRecorded' | 'ScoreEntryReversed';
  entry_id: string;
  /** A reversal's row carries the kind, criterion and points of the entry it reverses. */
  kind: ScoreEntryKind;
  source: string;
  criterion_id: string | null;
  phase_id: string | null;
  /** The month the row counts for; the day it happened, when known (a date column: a Date from node-postgres). */
  period: string;
  occurred_on: string | Date | null;
  points: string;
  delta: string;
  reason: string;
  evidence: string[];
  compensates: string | null;
  total_after: string;
  proposal_id: string | null;
  proposed_by: string | null;
  approved_by: string | null;
}

export interface RankingRow {
  rank: number;
  unitId: string;
  unitName: string;
  total: number;
  bonus: number;
  penalty: number;
  groups: Record<string, number>;
  vetoed: boolean;
}

/**
 * SQL condition on `rm_vetoes v`: the unit's veto (điểm liệt) in force at the position (as recorded
 * by then: imposed, not lifted, not annulled) and, with `on` (a parameter holding a business date),
 * on that date: decided on or before it and not lifted on or before it.
 */
const VETO_IN_FORCE = (campaign: string, unit: string, position: string, on: string | null = null) =>
  `v.campaign_id = ${campaign} AND v.unit_id = ${unit} AND v.imposed_position <= ${position}` +
  (on === null ? '' : ` AND v.decided_on <= ${on}::date`) +
  ` AND NOT (v.lifted_position IS NOT NULL AND v.lifted_position <= ${position}${on === null ? '' : ` AND v.lifted_on <= ${on}::date`})` +
  // Annulled (imposed by mistake): never in force for a read as of the annulment or after, whatever the business date.
  ` AND NOT (v.annulled_position IS NOT NULL AND v.annulled_position <= ${position})`;

/** SQL conditions on `rm_score_events e` for the period filter, its parameters numbered from `next`. */
function periodWhere(filter: PeriodFilter, next: number): { sql: string; params: string[] } {
  const sql: string[] = [];
  const params: string[] = [];
  if (filter.period !== null) {
    params.push(filter.period);
    sql.push(`AND e.period = $${next + params.length - 1}`);
  }
  if (filter.through !== null) {
    params.push(filter.through);
    sql.push(`AND e.period <= $${next + params.length - 1}`);
  }
  return { sql: sql.join(' '), params };
}

/** Rankings, scorecards, audit trail and replay, from the score read model at a log position. */
@Injectable()
export class ScoreReads {
  /**
   * A ranking at a position the read models have applied never changes (later events only add rows
   * at later positions), so dashboards polling an unchanged log are answered without a query.
   */
  private readonly settledRankings = new LruCache<string, Promise<RankingRow[]>>(2048);

  constructor(
    private readonly dataSource: DataSource,
    private readonly lookups: ReadModelLookups,
  ) {}

  /**
   * The cluster's ranking at `position` (the log as recorded then), counting the entries of the
   * periods `filter` admits; `settled` when the read models have applied it (then it is kept).
   */
  ranking(
    campaignId: string,
    clusterId: string,
    phaseId: string | null,
    position: number,
    settled = false,
    filter: PeriodFilter = ALL_PERIODS,
  ): Promise<RankingRow[]> {
    if (!settled) return this.computeRanking(campaignId, clusterId, phaseId, position, filter);
    const key = JSON.stringify([campaignId, clusterId, phaseId, position, filter.period, filter.through, filter.on]);
    const kept = this.settledRankings.get(key);
    if (kept) return kept;
    const computed = this.computeRanking(campaignId, clusterId, phaseId, position, filter);
    this.settledRankings.set(key, computed);
    computed.catch(() => this.settledRankings.delete(key)); // a refusal (404) may not hold later: the campaign or phase may come
    return computed;
  }

  private async computeRanking(campaignId: string, clusterId: string, phaseId: string | null, position: number, filter: PeriodFilter): Promise<RankingRow[]> {
    const scale = await this.lookups.campaignScale(campaignId);
    await this.lookups.requireCluster(campaignId, clusterId, position);
    if (phaseId !== null) await this.lookups.requirePhase(campaignId, phaseId);
    if (!isAllPeriods(filter)) return this.rankingByPeriod(scale, campaignId, clusterId, phaseId, position, filter);
    const prefix = phaseId === null ? '' : 'phase_';
    const rows: {
      unit_id: string;
      unit_name: string | null;
      total: string | null;
      bonus: string | null;
      penalty: string | null;
      groups: Record<string, number> | null;
      vetoed: boolean;
    }[] = await this.dataSource.query(
      `SELECT m.unit_id, u.name AS unit_name, s.total, s.bonus, s.penalty, s.groups, EXISTS (SELECT 1 FROM rm_vetoes v WHERE ${VETO_IN_FORCE('m.campaign_id', 'm.unit_id', '$3')}) AS vetoed
       FROM rm_cluster_members m
       LEFT JOIN rm_units u ON u.unit_id = m.unit_id
       LEFT JOIN LATERAL (
         SELECT e.${prefix}total_after AS total, e.${prefix}bonus_after AS bonus, e.${prefix}penalty_after AS penalty, e.${prefix}groups_after AS groups
         FROM rm_score_events e
         WHERE e.campaign_id = m.campaign_id AND e.unit_id = m.unit_id AND e.position <= $3
           ${phaseId === null ? '' : 'AND e.phase_id = $4'}
         ORDER BY e.position DESC LIMIT 1
       ) s ON true
       WHERE m.campaign_id = $1 AND m.cluster_id = $2 AND m.from_position <= $3 AND (m.to_position IS NULL OR m.to_position > $3)
       ORDER BY m.unit_id`,
      phaseId === null ? [campaignId, clusterId, position] : [campaignId, clusterId, position, phaseId],
    );
    const zeroGroups = Object.fromEntries(scale.groups.map((g) => [g.id, 0]));
    return rank(
      rows.map((row) => ({
        unitId: row.unit_id,
        unitName: row.unit_name ?? row.unit_id,
        total: parsePoints(row.total ?? '0'),
        bonus: parsePoints(row.bonus ?? '0'),
        penalty: parsePoints(row.penalty ?? '0'),
        groups: row.groups ?? zeroGroups,
        vetoed: row.vetoed,
      })),
    ).map((row) => ({
      rank: row.rank,
      unitId: row.unitId,
      unitName: row.unitName,
      total: pointsToNumber(row.total),
      bonus: pointsToNumber(row.bonus),
      penalty: pointsToNumber(row.penalty),
      groups: row.groups,
      vetoed: row.vetoed,
    }));
  }

  /**
   * The ranking over the periods `filter` admits: the entries' sums per unit, criterion and kind,
   * capped per unit by the domain's accumulator (the running totals on the trail count every month).
   */
  private async rankingByPeriod(
    scale: ParsedScale,
    campaignId: string,
    clusterId: string,
    phaseId: string | null,
    position: number,
    filter: PeriodFilter,
  ): Promise<RankingRow[]> {
    const params: unknown[] = [campaignId, clusterId, position];
    const phase = phaseId === null ? '' : `AND e.phase_id = $${params.push(phaseId)}`;
    const periods = periodWhere(filter, params.length + 1);
    params.push(...periods.params);
    const on = filter.on === null ? null : `$${params.push(filter.on)}`;
    const rows: {
      unit_id: string;
      unit_name: string | null;
      criterion_id: string | null;
      kind: ScoreEntryKind | null;
      points: string | null;
      vetoed: boolean;
    }[] = await this.dataSource.query(
      `SELECT m.unit_id, u.name AS unit_name, s.criterion_id, s.kind, s.points,
           EXISTS (SELECT 1 FROM rm_vetoes v WHERE ${VETO_IN_FORCE('m.campaign_id', 'm.unit_id', '$3', on)}) AS vetoed
         FROM rm_cluster_members m
         LEFT JOIN rm_units u ON u.unit_id = m.unit_id
         LEFT JOIN LATERAL (
           SELECT e.criterion_id, e.kind, sum(CASE WHEN e.event_type = 'ScoreEntryReversed' THEN -e.points ELSE e.points END)::text AS points
           FROM rm_score_events e
           WHERE e.campaign_id = m.campaign_id AND e.unit_id = m.unit_id AND e.position <= $3 ${phase} ${periods.sql}
           GROUP BY e.criterion_id, e.kind
         ) s ON true
         WHERE m.campaign_id = $1 AND m.cluster_id = $2 AND m.from_position <= $3 AND (m.to_position IS NULL OR m.to_position > $3)
         ORDER BY m.unit_id`,
      params,
    );
    const units = new Map<string, { unitName: string; sums: ScorecardSums; vetoed: boolean }>();
    for (const row of rows) {
      const unit = units.get(row.unit_id) ?? { unitName: row.unit_name ?? row.unit_id, sums: NO_SUMS, vetoed: row.vetoed };
      if (row.kind !== null && row.points !== null)
        unit.sums = withEntry(unit.sums, { kind: row.kind, criterionId: row.criterion_id, points: parsePoints(row.points) }, 1);
      units.set(row.unit_id, unit);
    }
    return rank(
      [...units].map(([unitId, unit]) => {
        const card = cappedCard(scale, unit.sums);
        return { unitId, unitName: unit.unitName, total: card.total, bonus: card.bonus, penalty: card.penalty, groups: groupsOf(card), vetoed: unit.vetoed };
      }),
    ).map((row) => ({ ...row, total: pointsToNumber(row.total), bonus: pointsToNumber(row.bonus), penalty: pointsToNumber(row.penalty) }));
  }

  async scorecard(campaignId: string, unitId: string, phaseId: string | null, position: number, filter: PeriodFilter = ALL_PERIODS) {
    const scale = await this.lookups.campaignScale(campaignId);
    await this.lookups.requireUnit(unitId);
    if (phaseId !== null) await this.lookups.requirePhase(campaignId, phaseId);
    const params: unknown[] = [campaignId, unitId, position];
    const phase = phaseId === null ? '' : `AND e.phase_id = $${params.push(phaseId)}`;
    const periods = periodWhere(filter, params.length + 1);
    params.push(...periods.params);
    // Summed per criterion and kind in SQL: entries are linear, so a sum counts as one entry of its kind.
    const rows: { criterion_id: string | null; kind: ScoreEntryKind; points: string }[] = await this.dataSource.query(
      `SELECT e.criterion_id, e.kind, sum(CASE WHEN e.event_type = 'ScoreEntryReversed' THEN -e.points ELSE e.points END)::text AS points FROM rm_score_events e
       WHERE e.campaign_id = $1 AND e.unit_id = $2 AND e.position <= $3 ${phase} ${periods.sql}
       GROUP BY e.criterion_id, e.kind`,
      params,
    );
    const sums = rows.reduce((acc, row) => withEntry(acc, { kind: row.kind, criterionId: row.criterion_id, points: parsePoints(row.points) }, 1), NO_SUMS);
    return { ...scorecardJson(scale, cappedCard(scale, sums)), veto: await this.vetoAt(campaignId, unitId, position, filter.on) };
  }

  /** The veto in force at `position` (and, with `on`, on that business date), if any. */
  private async vetoAt(campaignId: string, unitId: string, position: number, on: string | null = null) {
    const [row]: { reason: string; decision_no: string; decided_on: string | Date }[] = await this.dataSource.query(
      `SELECT reason, decision_no, decided_on::text AS decided_on FROM rm_vetoes v WHERE ${VETO_IN_FORCE('$1', '$2', '$3', on === null ? null : '$4')}`,
      on === null ? [campaignId, unitId, position] : [campaignId, unitId, position, on],
    );
    return row ? { reason: row.reason, decisionNo: row.decision_no, decidedOn: String(row.decided_on) } : null;
  }

  async audit(campaignId: string, unitId: string, after: number, limit: number) {
    await this.lookups.campaignScale(campaignId);
    await this.lookups.requireUnit(unitId);
    const rows: ScoreRow[] = await this.dataSource.query(
      `SELECT * FROM rm_score_events WHERE campaign_id = $1 AND unit_id = $2 AND position > $3 ORDER BY position LIMIT $4`,
      [campaignId, unitId, after, limit],
    );
    return rows.map(auditJson);
  }

  /** The fold step by step: each score event, then the scorecard after it. */
  async replay(campaignId: string, unitId: string, position: number) {
    const scale = await this.lookups.campaignScale(campaignId);
    await this.lookups.requireUnit(unitId);
    const rows: ScoreRow[] = await this.dataSource.query(
      'SELECT * FROM rm_score_events WHERE campaign_id = $1 AND unit_id = $2 AND position <= $3 ORDER BY position',
      [campaignId, unitId, position],
    );
    let sums = NO_SUMS;
    return rows.map((row) => {
      sums = withEntry(sums, { kind: row.kind, criterionId: row.criterion_id, points: parsePoints(row.points) }, signOf(row));
      return { event: auditJson(row), scorecard: scorecardJson(scale, cappedCard(scale, sums)) };
    });
  }
}

/** A trail row records its entry (+1) or, for a reversal, takes it away again (−1). */
/** Each group's capped points, as the trail's groups_after holds them. */
function groupsOf(card: ScorecardTotals): Record<string, number> {
  return Object.fromEntries(card.groups.map((g) => [g.groupId, pointsToNumber(g.capped)]));
}

function signOf(row: Pick<ScoreRow, 'event_type'>): Sign {
  return row.event_type === 'ScoreEntryReversed' ? -1 : 1;
}

export function auditJson(row: ScoreRow) {
  return {
    position: Number(row.position),
    recordedAt: new Date(row.recorded_at).toISOString(),
    actor: row.actor,
    type: row.event_type,
    entryId: row.entry_id,
    kind: row.kind,
    source: row.source,
    criterionId: row.criterion_id,
    phaseId: row.phase_id,
    period: row.period,
    ...(row.occurred_on === null ? {} : { occurredOn: dateText(row.occurred_on) }),
    points: pointsToNumber(parsePoints(row.points)),
    delta: pointsToNumber(parsePoints(row.delta)),
    runningTotal: pointsToNumber(parsePoints(row.total_after)),
    reason: row.reason,
    evidence: row.evidence,
    ...(row.compensates ? { compensates: row.compensates } : {}),
    // Written by an approved proposal: the two administrators (the approver is also `actor`).
    ...(row.proposal_id ? { approval: { proposalId: row.proposal_id, proposedBy: row.proposed_by, approvedBy: row.approved_by } } : {}),
  };
}

/** A date column as YYYY-MM-DD (node-postgres reads it as local midnight; PGlite may give the text). */
function dateText(value: string | Date): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

export function scorecardJson(scale: ParsedScale, card: ScorecardTotals) {
  const n = pointsToNumber;
  return {
    criteria: card.criteria.map((c) => ({
      criterionId: c.criterionId,
      groupId: c.groupId,
      name: scale.criteria.get(c.criterionId)!.name,
      max: n(scale.criteria.get(c.criterionId)!.max),
      raw: n(c.raw),
      capped: n(c.capped),
    })),
    groups: card.groups.map((g, i) => ({ groupId: g.groupId, name: scale.groups[i].name, max: n(scale.groups[i].max), raw: n(g.raw), capped: n(g.capped) })),
    bonus: { raw: n(card.bonusRaw), counted: n(card.bonus), cap: n(scale.bonusCap) },
    penalty: n(card.penalty),
    total: n(card.total),
  };
}
