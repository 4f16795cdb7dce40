import type { ParsedScale } from '../campaigns/campaign.decider.js';
import type { ScoreEntryKind } from '../events.js';
import type { Hundredths } from '../points.js';

/*
 * How score entries make a unit's score, in one place: an entry's effect on the running sums,
 * the capped scorecard (docs/domain.md §5) and the ranking order. The decider, the scores projector,
 * the score reads and the seed all count with these. Exact: everything is integer hundredths.
 */

/** What the totals need of a score entry: where its points go, and how many. */
export interface ScoredEntry {
  kind: ScoreEntryKind;
  criterionId: string | null;
  points: Hundredths;
}

/** Recording an entry adds its effect (+1); reversing it takes the effect away again (−1). */
export type Sign = 1 | -1;

/** A unit's running sums, uncapped: per criterion, the bonus and the penalty (a positive sum). */
export interface ScorecardSums {
  readonly criterionTotals: ReadonlyMap<string, Hundredths>;
  readonly bonus: Hundredths;
  readonly penalty: Hundredths;
}

export const NO_SUMS: ScorecardSums = { criterionTotals: new Map(), bonus: 0, penalty: 0 };

/** The change an entry makes to its criterion, to the bonus, or to the penalty. */
export function effectOf(entry: Pick<ScoredEntry, 'kind' | 'points'>): { criterion: Hundredths; bonus: Hundredths; penalty: Hundredths } {
  switch (entry.kind) {
    case 'achievement':
    case 'adjustment':
      return { criterion: entry.points, bonus: 0, penalty: 0 };
    case 'bonus':
      return { criterion: 0, bonus: entry.points, penalty: 0 };
    case 'penalty':
      return { criterion: 0, bonus: 0, penalty: entry.points };
  }
}

/**
 * The sums after the entry is recorded (+1) or reversed (−1). Immutable: a new value, of the same
 * type as `sums`, so that a state holding the sums (the decider's) keeps its other fields.
 */
export function withEntry<S extends ScorecardSums>(sums: S, entry: ScoredEntry, sign: Sign): S {
  const effect = effectOf(entry);
  const criterionTotals =
    entry.criterionId === null
      ? sums.criterionTotals
      : new Map(sums.criterionTotals).set(entry.criterionId, (sums.criterionTotals.get(entry.criterionId) ?? 0) + sign * effect.criterion);
  return { ...sums, criterionTotals, bonus: sums.bonus + sign * effect.bonus, penalty: sums.penalty + sign * effect.penalty };
}

/** How far the entry moves the uncapped total: criterion points and bonus count up, a penalty down. */
export function totalChange(entry: Pick<ScoredEntry, 'kind' | 'points'>, sign: Sign): Hundredths {
  const effect = effectOf(entry);
  return sign * (effect.criterion + effect.bonus - effect.penalty);
}

/** The sums as the scores projector stores them (rm_score_state: criteria jsonb, bonus, penalty). */
export interface StoredSums {
  criteria: Record<string, Hundredths>;
  bonus: Hundredths;
  penalty: Hundredths;
}

export function storedSums(sums: ScorecardSums): StoredSums {
  return { criteria: Object.fromEntries(sums.criterionTotals), bonus: sums.bonus, penalty: sums.penalty };
}

export function sumsFromStored(stored: StoredSums): ScorecardSums {
  return { criterionTotals: new Map(Object.entries(stored.criteria)), bonus: stored.bonus, penalty: stored.penalty };
}

export interface ScorecardTotals {
  criteria: { criterionId: string; groupId: string; raw: Hundredths; capped: Hundredths }[];
  groups: { groupId: string; raw: Hundredths; capped: Hundredths }[];
  /** Bonus as entered, and as counted (at most the cap). */
  bonusRaw: Hundredths;
  bonus: Hundredths;
  penalty: Hundredths;
  total: Hundredths;
}

/** The capped scorecard of the sums: see computeScorecard. */
export function cappedCard(scale: ParsedScale, sums: ScorecardSums): ScorecardTotals {
  return computeScorecard(scale, sums.criterionTotals, sums.bonus, sums.penalty);
}

/**
 * docs/domain.md §5: Total = Σ over groups of min(group max, Σ over its criteria of min(criterion max,
 * points)) + min(bonus cap, bonus) − penalty. Exact: everything is integer hundredths.
 */
export function computeScorecard(
  scale: ParsedScale,
  criterionTotals: ReadonlyMap<string, Hundredths>,
  bonusRaw: Hundredths,
  penalty: Hundredths,
): ScorecardTotals {
  const criteria = [...scale.criteria.values()].map((criterion) => {
    const raw = criterionTotals.get(criterion.id) ?? 0;
    return { criterionId: criterion.id, groupId: criterion.groupId, raw, capped: Math.min(criterion.max, raw) };
  });
  const groups = scale.groups.map((group) => {
    const raw = criteria.filter((c) => c.groupId === group.id).reduce((sum, c) => sum + c.capped, 0);
    return { groupId: group.id, raw, capped: Math.min(group.max, raw) };
  });
  const bonus = Math.min(scale.bonusCap, bonusRaw);
  const total = groups.reduce((sum, g) => sum + g.capped, 0) + bonus - penalty;
  return { criteria, groups, bonusRaw, bonus, penalty, total };
}

export interface Rankable {
  total: Hundredths;
  bonus: Hundredths;
  penalty: Hundredths;
}

/**
 * Ranking inside a cluster (docs/domain.md §5): total desc, then bonus desc, then penalty asc; exact
 * ties share a rank and the next rank skips (1, 1, 3). Ties keep the input order (e.g. by unit id).
 */
export function rank<T extends Rankable>(rows: readonly T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => b.total - a.total || b.bonus - a.bonus || a.penalty - b.penalty);
  return sorted.map((row, i) => {
    let first = i;
    while (first > 0 && sameStanding(sorted[first - 1], row)) first--;
    return { ...row, rank: first + 1 };
  });
}

function sameStanding(a: Rankable, b: Rankable): boolean {
  return a.total === b.total && a.bonus === b.bonus && a.penalty === b.penalty;
}
