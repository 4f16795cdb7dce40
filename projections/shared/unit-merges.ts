import type { DataSource, EntityManager } from 'typeorm';

/** A unit merged into a successor from a date, as the registry read model records it (rm_unit_versions, change 'merged'). */
export interface Merge {
  successorId: string;
  effectiveOn: string;
}

/**
 * The merges recorded by `position` (null: every one recorded) and effective on or before `date`
 * (null: whatever their date), merged unit → successor (docs/domain.md §5, merges).
 */
export async function mergesKnown(db: DataSource | EntityManager, position: number | null, date: string | null): Promise<Map<string, Merge>> {
  const rows: { unit_id: string; successor_id: string; effective_on: string }[] = await db.query(
    `SELECT unit_id, successor_id, effective_on::text AS effective_on FROM rm_unit_versions
     WHERE successor_id IS NOT NULL AND change = 'merged' AND ($1::bigint IS NULL OR position <= $1::bigint) AND ($2::date IS NULL OR effective_on <= $2::date)`,
    [position, date],
  );
  return new Map(rows.map((r) => [r.unit_id, { successorId: r.successor_id, effectiveOn: r.effective_on }]));
}

/** Where a unit's campaign (scorecard, pledges) stands on the read's date: the last successor of its merges (itself when none). */
export function successorOf(merges: ReadonlyMap<string, Merge>, unitId: string): string {
  const seen = new Set<string>();
  let current = unitId;
  while (merges.has(current) && !seen.has(current)) {
    seen.add(current);
    current = merges.get(current)!.successorId;
  }
  return current;
}

/** The units merged into `unitId` by the read's date, directly or through earlier merges (sorted). */
export function carriedInto(merges: ReadonlyMap<string, Merge>, unitId: string): string[] {
  const carried: string[] = [];
  for (const merged of merges.keys()) {
    const seen = new Set<string>([merged]);
    for (let at = merges.get(merged)?.successorId; at !== undefined && !seen.has(at); at = merges.get(at)?.successorId) {
      seen.add(at);
      if (at === unitId) {
        carried.push(merged);
        break;
      }
    }
  }
  return carried.sort();
}
