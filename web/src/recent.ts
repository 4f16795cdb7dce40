/** Ids opened lately in this browser: where the server cannot list campaigns or clusters yet, they are one click away. */
const KEY = 'ledger.recent';
const MAX = 8;

type Recent = Record<string, string[]>;

function read(): Recent {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Recent;
  } catch {
    return {};
  }
}

export function recentIds(kind: string): string[] {
  return read()[kind] ?? [];
}

export function rememberId(kind: string, id: string): void {
  const all = read();
  all[kind] = [id, ...(all[kind] ?? []).filter((x) => x !== id)].slice(0, MAX);
  localStorage.setItem(KEY, JSON.stringify(all));
}
