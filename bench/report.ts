/** The bench's rows, their targets, and how they are printed (markdown) and saved (JSON). */

export type StoreKind = 'postgres' | 'embedded';

export interface BenchRow {
  /** Row id as in issue 6: '1a'…'7c'. */
  id: string;
  store: StoreKind;
  name: string;
  /** Throughput: events (or rows, or requests) per second. */
  rate?: number;
  /** Latencies in ms. */
  p50?: number;
  p99?: number;
  p999?: number;
  errors?: number;
  /** Work done: events, rows or requests, and seconds spent. */
  count?: number;
  seconds?: number;
  /** Rows 2-4: rate as a fraction of its floor row. */
  ratio?: { floor: string; value: number };
  target?: { text: string; met: boolean };
  note?: string;
}

export interface Skipped {
  id: string;
  store: StoreKind;
  reason: string;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; postgres: string | null; platform: string };
  options: { quick: boolean; size: string; only: string[] | null; seconds: number };
  rows: BenchRow[];
  skipped: Skipped[];
}

const fmt = (n: number | undefined, digits = 0) =>
  n === undefined || Number.isNaN(n) ? '' : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const ms = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '' : n < 10 ? fmt(n, 2) : fmt(n, 1));

export function markdownTable(report: BenchReport): string {
  const lines = [
    '| row | store | workload | rate /s | p50 ms | p99 ms | p999 ms | errors | vs floor | target |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const row of report.rows) {
    const target = row.target ? `${row.target.met ? 'met' : 'NOT met'} (${row.target.text})` : '';
    const ratio = row.ratio ? `${fmt(row.ratio.value * 100)}% of ${row.ratio.floor}` : '';
    const name = row.note ? `${row.name} (${row.note})` : row.name;
    lines.push(
      `| ${row.id} | ${row.store} | ${name} | ${fmt(row.rate)} | ${ms(row.p50)} | ${ms(row.p99)} | ${ms(row.p999)} | ${row.errors ?? ''} | ${ratio} | ${target} |`,
    );
  }
  for (const skip of report.skipped) lines.push(`| ${skip.id} | ${skip.store} | skipped: ${skip.reason} | | | | | | | |`);
  return lines.join('\n');
}

/** Sets `ratio` (and a ratio target) on a row from its floor row, when both were measured. */
export function compareToFloor(rows: BenchRow[], rowId: string, floorId: string, store: StoreKind, minimum: number): void {
  const row = rows.find((r) => r.id === rowId && r.store === store);
  const floor = rows.find((r) => r.id === floorId && r.store === store);
  if (!row?.rate || !floor?.rate) return;
  const value = row.rate / floor.rate;
  row.ratio = { floor: floorId, value };
  row.target = { text: `≥ ${Math.round(minimum * 100)}% of ${floorId}`, met: value >= minimum };
}
