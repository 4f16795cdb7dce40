import type { ParsedScale } from '../campaigns/campaign.decider.js';
import type { Hundredths } from '../points.js';

export interface ScorecardTotals {
  criteria: { criterionId: string; groupId: string; raw: Hundredths; capped: Hundredths }[];
  groups: { groupId: string; raw: Hundredths; capped: Hundredths }[];
  /** Bonus as entered, and as counted (at most the cap). */
  bonusRaw: Hundredths;
  bonus: Hundredths;
  penalty: Hundredths;
  total: Hundredths;
}

/**
 * domain.md §5: Total = Σ over groups of min(group max, Σ over its criteria of min(criterion max,
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
 * Ranking inside a cluster (domain.md §5): total desc, then bonus desc, then penalty asc; exact
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
