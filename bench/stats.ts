/** Small measuring helpers shared by the bench workloads. */

/** Latencies in milliseconds, kept whole so percentiles are exact. */
export class Latencies {
  private readonly values: number[] = [];

  add(ms: number): void {
    this.values.push(ms);
  }

  get count(): number {
    return this.values.length;
  }

  /** Nearest-rank percentile (p in 0..100) in ms; NaN when empty. */
  percentile(p: number): number {
    if (this.values.length === 0) return Number.NaN;
    const sorted = [...this.values].sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[rank];
  }
}

/**
 * Runs `workers` loops in parallel for `seconds` (each loop calls `step` until the time is up) and
 * returns how many steps ran and the latency of each. A step returns how many units (events, rows)
 * it did, so a 100-row batch counts 100.
 */
export async function runFor(
  seconds: number,
  workers: number,
  step: (worker: number, iteration: number) => Promise<number>,
): Promise<{ units: number; seconds: number; latencies: Latencies }> {
  const latencies = new Latencies();
  let units = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const t0 = performance.now();
        const done = await step(worker, i); // not `units += await …`: that reads `units` before the await
        latencies.add(performance.now() - t0);
        units += done;
      }
    }),
  );
  return { units, seconds: (performance.now() - started) / 1000, latencies };
}

/** A realistic event payload (schema version 2): a monthly self-assessment (about 300 bytes of JSON). */
export function scorePayload(i: number): Record<string, unknown> {
  const month = (i % 12) + 1;
  return {
    campaignId: 'vi-an-ninh-to-quoc-2024',
    unitId: `ca-ha-noi-doi-${i % 97}`,
    entryId: `m${String(month).padStart(2, '0')}-c2-${i % 5}`,
    kind: 'achievement',
    criterionId: `c2-${i % 5}`,
    points: `${(i % 900) / 100 + 1}`,
    phaseId: null,
    period: `2024-${String(month).padStart(2, '0')}`,
    source: 'self-assessment',
    reason: `Tự chấm điểm tháng ${month}/2024: kéo giảm tội phạm, điều tra khám phá án`,
    evidence: [`BC-${month}/2024-${i % 1000}`],
    replaces: null,
  };
}

export function round(n: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
