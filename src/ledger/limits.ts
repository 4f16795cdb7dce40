/**
 * What the ledger accepts, sized so that every read model can hold it: one place. The HTTP
 * validators (src/http/validation.ts), the deciders and the read models' column types
 * (projections/ migrations) take their numbers from here; test/integration/read-model-limits.test.ts
 * checks every numeric and date column of a migrated database against the worst case below.
 *
 * Worst cases, per column (a proof sketch, in points):
 * - a scale's groups' maxima plus its bonus cap are at most MAX_POINTS (the decider refuses more),
 *   and each criterion's running total stays within [0, its maximum] (ditto), the bonus within its
 *   cap, the penalty total within MAX_POINTS: so a campaign scorecard's total, bonus, penalty and
 *   each group subtotal lie within ±MAX_POINTS, and so does one entry's points or delta;
 * - a phase's scorecard counts only that phase's entries, so its criterion sums can go below zero
 *   (an adjustment in one phase of an achievement recorded in another), bounded only by the number
 *   of entries: a scorecard holds at most MAX_SCORE_ENTRIES, so |a phase total| ≤
 *   MAX_SCORE_ENTRIES × MAX_POINTS + MAX_POINTS = PHASE_TOTAL_WORST;
 * - PHASE_TOTAL_WORST (about 10^11) < 10^(14−2): numeric(14,2) holds every one of them, and in
 *   integer hundredths (10^13) they stay exact JavaScript numbers (< 2^53 ≈ 9·10^15).
 */

import { DomainRuleError } from './errors.js';

/** Business dates (campaigns, phases, pledges, decisions, vetoes, moves, achievement periods). */
export const EARLIEST_DATE = '1945-01-01';
export const LATEST_DATE = '2100-12-31';
export const EARLIEST_YEAR = Number(EARLIEST_DATE.slice(0, 4));
export const LATEST_YEAR = Number(LATEST_DATE.slice(0, 4));

/** Any points value the ledger takes (an entry, a correction, a maximum, the bonus cap, a target), in magnitude. */
export const MAX_POINTS = 1_000_000;
/** The same in integer hundredths (points.ts). */
export const MAX_POINTS_HUNDREDTHS = MAX_POINTS * 100;
/** Entries one unit's scorecard of one campaign holds (reversals not counted): bounds a phase's sums. */
export const MAX_SCORE_ENTRIES = 100_000;
/** A commendation's money (amountVnd), and so any recovery of it. */
export const MAX_AMOUNT_VND = 10_000_000_000;
/** Positions and versions: integers PostgreSQL's bigint and JavaScript both hold exactly. */
export const MAX_POSITION = Number.MAX_SAFE_INTEGER;

/**
 * The read models' column type for points: numeric(POINTS_PRECISION, POINTS_SCALE). The migrations
 * that create the columns read it; a change needs a new migration altering them too (the old ones
 * have run on existing databases), and the read-model limits test compares the live columns.
 */
export const POINTS_PRECISION = 14;
export const POINTS_SCALE = 2;
export const POINTS_COLUMN = `numeric(${POINTS_PRECISION},${POINTS_SCALE})`;
/** Money in VND: whole đồng. */
export const MONEY_COLUMN = 'bigint';

/** The largest magnitude of a campaign scorecard's numbers (total, bonus, penalty, a delta). */
export const SCORECARD_TOTAL_WORST = MAX_POINTS;
/** The largest magnitude of a phase scorecard's total (see above). */
export const PHASE_TOTAL_WORST = MAX_SCORE_ENTRIES * MAX_POINTS + MAX_POINTS;

// Raising a limit past what the columns hold stops the process at once, not a projection later.
if (PHASE_TOTAL_WORST >= 10 ** (POINTS_PRECISION - POINTS_SCALE) || PHASE_TOTAL_WORST * 100 > Number.MAX_SAFE_INTEGER) {
  throw new Error(`limits.ts: a phase total of ${PHASE_TOTAL_WORST} points does not fit ${POINTS_COLUMN}; widen the columns (a migration) first`);
}
if (MAX_AMOUNT_VND > Number.MAX_SAFE_INTEGER) throw new Error('limits.ts: MAX_AMOUNT_VND must be an exact JavaScript integer');

/** A calendar date YYYY-MM-DD that exists, from EARLIEST_DATE to LATEST_DATE. */
export function isBusinessDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || value < EARLIEST_DATE || value > LATEST_DATE) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export const BUSINESS_DATE_RULE = `must be a calendar date YYYY-MM-DD from ${EARLIEST_DATE} to ${LATEST_DATE}`;

/** Points (integer hundredths) within ±MAX_POINTS. */
export const isWithinPointsLimit = (hundredths: number): boolean => Math.abs(hundredths) <= MAX_POINTS_HUNDREDTHS;

export const POINTS_LIMIT_RULE = `must be at most ${MAX_POINTS.toLocaleString('en-US')} points in magnitude`;

/** The domain's own check (commands that do not come over HTTP, e.g. the seed): 422 points-limit-exceeded. */
export function requirePointsWithinLimit(hundredths: number, field: string, what = 'points'): void {
  if (!isWithinPointsLimit(hundredths)) {
    throw new DomainRuleError('points-limit-exceeded', `${what} would reach ${hundredths / 100}, beyond the ledger's limit of ${MAX_POINTS} points`, field, {
      limit: MAX_POINTS,
    });
  }
}

/** The domain's own check of business dates (422 invalid-date naming the field); HTTP refuses them first with 400. */
export function requireBusinessDates(dates: Record<string, string | null | undefined>): void {
  for (const [field, value] of Object.entries(dates)) {
    if (value !== null && value !== undefined && !isBusinessDate(value)) {
      throw new DomainRuleError('invalid-date', `${field} ${BUSINESS_DATE_RULE}, not '${String(value).slice(0, 40)}'`, field, {
        earliest: EARLIEST_DATE,
        latest: LATEST_DATE,
      });
    }
  }
}

/** Money the register holds and sums exactly (422 amount-limit-exceeded); HTTP refuses it first with 400. */
export function requireAmountWithinLimit(vnd: number | null, field: string): void {
  if (vnd !== null && !(Number.isInteger(vnd) && vnd >= 0 && vnd <= MAX_AMOUNT_VND)) {
    throw new DomainRuleError('amount-limit-exceeded', `${field} must be a whole number of VND from 0 to ${MAX_AMOUNT_VND}`, field, { limit: MAX_AMOUNT_VND });
  }
}
