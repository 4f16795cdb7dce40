/**
 * Names searched without tone marks and case: "hai phong" finds "Hải Phòng", "Công an" finds
 * "CÔNG AN". The fold is done here rather than by PostgreSQL's `unaccent` (an extension the embedded
 * store does not ship): Unicode canonical decomposition splits each Vietnamese letter into its base
 * and its combining marks (tones, hooks, circumflexes), the marks are dropped, and đ, the one letter
 * that does not decompose, becomes d. Projectors store the folded name (`search_name`); a query is
 * folded the same way, so both sides always agree.
 */
export function searchText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The words of a query, folded: a name matches when it contains every one (in any order). */
export function searchTerms(query: string): string[] {
  return [
    ...new Set(
      searchText(query)
        .split(' ')
        .filter((term) => term.length > 0),
    ),
  ];
}

/** A LIKE pattern matching `term` anywhere, its own % _ and \ taken literally (with `ESCAPE '\'`). */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
