/**
 * JSON with sorted keys (UTF-16 code unit order) and no insignificant whitespace, so that key order
 * never changes a hash: a request's fingerprint, an event's link in the integrity chain.
 * `undefined` members are left out; `undefined`, NaN and ±Infinity become `null` (as JSON.stringify).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
