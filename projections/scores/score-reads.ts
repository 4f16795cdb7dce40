import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ParsedScale } from '../../src/ledger/campaigns/campaign.decider.js';
import type { ScoreEntryKind } from '../../src/ledger/events.js';
import { parsePoints, pointsToNumber } from '../../src/ledger/points.js';
import { ALL_PERIODS, isAllPeriods, type PeriodFilter } from '../../src/ledger/scores/periods.js';
import { cappedCard, NO_SUMS, rank, withEntry, type ScorecardSums, type ScorecardTotals, type Sign } from '../../src/ledger/scores/scorecard-totals.js';
import { LruCache } from '../../src/lru-cache.js';
import { ReadModelLookups } from '../shared/read-model-lookups.js';
import { carriedInto, mergesKnown, successorOf, type Merge } from '../shared/unit-merges.js';

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
  /** Units merged into this one by the read's date, whose entries of the campaign count here (absent: none). */
  carriedFrom?: string[];
}

/**
 * The business date a read's membership and merges stand on: `on`, else the last day of its
 * `period` or `through` month; null (no business date): every merge recorded by the position.
 */
export function membershipDate(filter: PeriodFilter): string | null {
  if (filter.on !== null) return filter.on;
  const month = filter.period ?? filter.through;
  if (month === null) return null;
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
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

/**
 * SQL condition on `rm_cluster_members m`: a member as recorded by the position and, with `on` (a
 * parameter holding the read's business date), as it stood on that date: added by then with effect
 * on or before it, and not removed by then with effect on or before it (docs/domain.md §3). Without
 * a business date, by position only, as the log stood.
 */
export const MEMBER_AT = (position: string, on: string | null) =>
  on === null
    ? `m.from_position <= ${position} AND (m.to_position IS NULL OR m.to_position > ${position})`
    : `m.from_position <= ${position} AND m.from_on <= ${on}::date AND NOT (m.to_position IS NOT NULL AND m.to_position <= ${position} AND m.to_on <= ${on}::date)`;

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

  /** The campaign's criteria groups by id, with their Vietnamese names (a ranking row's `groups` are keyed by id). */
  async groupNames(campaignId: string): Promise<Record<string, string>> {
    const scale = await this.lookups.campaignScale(campaignId);
    return Object.fromEntries(scale.groups.map((g) => [g.id, g.name]));
  }

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
    const date = membershipDate(filter);
    const merges = await mergesKnown(this.dataSource, position, date);
    if (merges.size > 0) {
      const members: { unit_id: string }[] = await this.dataSource.query(
        `SELECT DISTINCT m.unit_id FROM rm_cluster_members m
         WHERE m.campaign_id = $1 AND m.cluster_id = $2 AND ${MEMBER_AT('$3', date === null ? null : '$4')} ORDER BY m.unit_id`,
        date === null ? [campaignId, clusterId, position] : [campaignId, clusterId, position, date],
      );
      const memberIds = members.map((m) => m.unit_id);
      if (memberIds.some((id) => merges.has(id))) return this.rankingWithMerges(scale, campaignId, memberIds, merges, phaseId, position, filter);
    }
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
    const date = membershipDate(filter);
    const memberOn = date === null ? null : `$${params.push(date)}`;
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
         WHERE m.campaign_id = $1 AND m.cluster_id = $2 AND ${MEMBER_AT('$3', memberOn)}
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

  /**
   * docs/domain.md §5, merges: the cluster as it stood on the read's date, each member merged by then
   * replaced by its successor (once, if it was a member already), each successor counting its own
   * entries and those of every unit merged into it; a veto of any of them counts for it.
   */
  private async rankingWithMerges(
    scale: ParsedScale,
    campaignId: string,
    memberIds: readonly string[],
    merges: ReadonlyMap<string, Merge>,
    phaseId: string | null,
    position: number,
    filter: PeriodFilter,
  ): Promise<RankingRow[]> {
    const standing = [...new Set(memberIds.map((id) => successorOf(merges, id)))].sort();
    const lineage = new Map(standing.map((id) => [id, [id, ...carriedInto(merges, id)]]));
    const unitIds = [...lineage.values()].flat();
    const counted = await this.sumsOf(campaignId, unitIds, phaseId, position, filter);
    const vetoed: { unit_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT v.unit_id FROM rm_vetoes v WHERE ${VETO_IN_FORCE('$1', 'ANY($2::text[])', '$3', filter.on === null ? null : '$4')}`,
      filter.on === null ? [campaignId, unitIds, position] : [campaignId, unitIds, position, filter.on],
    );
    const vetoedIds = new Set(vetoed.map((v) => v.unit_id));
    const names: { unit_id: string; name: string }[] = await this.dataSource.query('SELECT unit_id, name FROM rm_units WHERE unit_id = ANY($1::text[])', [
      standing,
    ]);
    const nameOf = new Map(names.map((n) => [n.unit_id, n.name]));
    return rank(
      standing.map((unitId) => {
        const units = lineage.get(unitId)!;
        const sums = units.reduce((acc, id) => (counted.get(id) ?? []).reduce((a, entry) => withEntry(a, entry, 1), acc), NO_SUMS);
        const card = cappedCard(scale, sums);
        return {
          unitId,
          unitName: nameOf.get(unitId) ?? unitId,
          total: card.total,
          bonus: card.bonus,
          penalty: card.penalty,
          groups: groupsOf(card),
          vetoed: units.some((id) => vetoedIds.has(id)),
          ...(units.length > 1 ? { carriedFrom: units.slice(1) } : {}),
        };
      }),
    ).map((row) => ({ ...row, total: pointsToNumber(row.total), bonus: pointsToNumber(row.bonus), penalty: pointsToNumber(row.penalty) }));
  }

  /** Each unit's entries the filter admits, summed per criterion and kind (entries are linear: a sum counts as one entry of its kind). */
  private async sumsOf(
    campaignId: string,
    unitIds: readonly string[],
    phaseId: string | null,
    position: number,
    filter: PeriodFilter,
  ): Promise<Map<string, { kind: ScoreEntryKind; criterionId: string | null; points: number }[]>> {
    const params: unknown[] = [campaignId, unitIds, position];
    const phase = phaseId === null ? '' : `AND e.phase_id = $${params.push(phaseId)}`;
    const periods = periodWhere(filter, params.length + 1);
    params.push(...periods.params);
    const rows: { unit_id: string; criterion_id: string | null; kind: ScoreEntryKind; points: string }[] = await this.dataSource.query(
      `SELECT e.unit_id, e.criterion_id, e.kind, sum(CASE WHEN e.event_type = 'ScoreEntryReversed' THEN -e.points ELSE e.points END)::text AS points
       FROM rm_score_events e
       WHERE e.campaign_id = $1 AND e.unit_id = ANY($2::text[]) AND e.position <= $3 ${phase} ${periods.sql}
       GROUP BY e.unit_id, e.criterion_id, e.kind`,
      params,
    );
    const byUnit = new Map<string, { kind: ScoreEntryKind; criterionId: string | null; points: number }[]>();
    for (const row of rows) {
      const list = byUnit.get(row.unit_id) ?? [];
      list.push({ kind: row.kind, criterionId: row.criterion_id, points: parsePoints(row.points) });
      byUnit.set(row.unit_id, list);
    }
    return byUnit;
  }

  /**
   * A unit's scorecard; on a date after units were merged into it, their entries count too
   * (`carriedFrom`); a unit merged by the read's date reads its own entries under its own id, as it
   * was (`mergedInto` says where its campaign went on).
   */
  async scorecard(campaignId: string, unitId: string, phaseId: string | null, position: number, filter: PeriodFilter = ALL_PERIODS) {
    const scale = await this.lookups.campaignScale(campaignId);
    await this.lookups.requireUnit(unitId);
    if (phaseId !== null) await this.lookups.requirePhase(campaignId, phaseId);
    const merges = await mergesKnown(this.dataSource, position, membershipDate(filter));
    const carriedFrom = carriedInto(merges, unitId);
    const mergedInto = merges.get(unitId) ?? null;
    const params: unknown[] = [campaignId, [unitId, ...carriedFrom], position];
    const phase = phaseId === null ? '' : `AND e.phase_id = $${params.push(phaseId)}`;
    const periods = periodWhere(filter, params.length + 1);
    params.push(...periods.params);
    // Summed per criterion and kind in SQL: entries are linear, so a sum counts as one entry of its kind.
    const rows: { criterion_id: string | null; kind: ScoreEntryKind; points: string }[] = await this.dataSource.query(
      `SELECT e.criterion_id, e.kind, sum(CASE WHEN e.event_type = 'ScoreEntryReversed' THEN -e.points ELSE e.points END)::text AS points FROM rm_score_events e
       WHERE e.campaign_id = $1 AND e.unit_id = ANY($2::text[]) AND e.position <= $3 ${phase} ${periods.sql}
       GROUP BY e.criterion_id, e.kind`,
      params,
    );
    const sums = rows.reduce((acc, row) => withEntry(acc, { kind: row.kind, criterionId: row.criterion_id, points: parsePoints(row.points) }, 1), NO_SUMS);
    return {
      ...scorecardJson(scale, cappedCard(scale, sums)),
      veto: await this.vetoAt(campaignId, [unitId, ...carriedFrom], position, filter.on),
      ...(carriedFrom.length > 0 ? { carriedFrom: carriedFrom.map((id) => ({ unitId: id, mergedOn: merges.get(id)!.effectiveOn })) } : {}),
      ...(mergedInto === null ? {} : { mergedInto: { unitId: mergedInto.successorId, effectiveOn: mergedInto.effectiveOn } }),
    };
  }

  /** The veto in force at `position` (and, with `on`, on that business date) for the first of these units that has one, if any. */
  private async vetoAt(campaignId: string, unitIds: string[], position: number, on: string | null = null) {
    const [row]: { reason: string; decision_no: string; decided_on: string | Date }[] = await this.dataSource.query(
      `SELECT reason, decision_no, decided_on::text AS decided_on FROM rm_vetoes v WHERE ${VETO_IN_FORCE('$1', 'ANY($2::text[])', '$3', on === null ? null : '$4')}
       ORDER BY array_position($2::text[], v.unit_id) LIMIT 1`,
      on === null ? [campaignId, unitIds, position] : [campaignId, unitIds, position, on],
    );
    return row ? { reason: row.reason, decisionNo: row.decision_no, decidedOn: String(row.decided_on) } : null;
  }

  /** The trail after `after`, recorded by `position` (the read's asOf). */
  async audit(campaignId: string, unitId: string, after: number, limit: number, position: number = Number.MAX_SAFE_INTEGER) {
    await this.lookups.campaignScale(campaignId);
    await this.lookups.requireUnit(unitId);
    const rows: ScoreRow[] = await this.dataSource.query(
      `SELECT * FROM rm_score_events WHERE campaign_id = $1 AND unit_id = $2 AND position > $3 AND position <= $5 ORDER BY position LIMIT $4`,
      [campaignId, unitId, after, limit, position],
    );
    return rows.map(auditJson);
  }

  /**
   * The fold step by step: each score event recorded by `position` whose month the filter admits
   * (both clocks: as recorded then, for the months up to a date), then the scorecard after it.
   */
  async replay(campaignId: string, unitId: string, position: number, filter: PeriodFilter = ALL_PERIODS) {
    const scale = await this.lookups.campaignScale(campaignId);
    await this.lookups.requireUnit(unitId);
    const periods = periodWhere(filter, 4);
    const rows: ScoreRow[] = await this.dataSource.query(
      `SELECT * FROM rm_score_events e WHERE e.campaign_id = $1 AND e.unit_id = $2 AND e.position <= $3 ${periods.sql} ORDER BY e.position`,
      [campaignId, unitId, position, ...periods.params],
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
