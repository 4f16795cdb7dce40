/**
 * Keyset paging of the browse lists: a list is read in the order of its key, `after` is the key of
 * the last item of the previous page (null: from the start), and a page reads one row more than it
 * answers, to know whether anything follows without counting.
 */
export interface Paging {
  /** The key of the last item already seen, in the list's own key shape; null for the first page. */
  after: readonly string[] | null;
  limit: number;
}

export interface Page<T> {
  items: T[];
  /** The key to continue after; null when nothing follows. */
  next: string[] | null;
}

/** `rows` read with `LIMIT paging.limit + 1`: the page and, when a row was left over, the key of its last item. */
export function pageOf<R, T>(rows: readonly R[], paging: Paging, keyOf: (row: R) => string[], toItem: (row: R) => T): Page<T> {
  const kept = rows.slice(0, paging.limit);
  return { items: kept.map(toItem), next: rows.length > paging.limit && kept.length > 0 ? keyOf(kept[kept.length - 1]) : null };
}
