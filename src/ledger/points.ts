/**
 * Points are decimals with at most two places. Inside the ledger they are integer hundredths
 * ("centipoints"), so every sum is exact: 0.1 + 0.2 is 30 hundredths, never 0.30000000000000004.
 * In events they are canonical decimal strings ("12.5", "-3", "0.25"), readable by auditors.
 */
export type Hundredths = number;

/** A point or, as Vietnamese writes it, a comma before the decimals ("6,5"); with at most two decimals "1,234" cannot be a thousands separator. */
const DECIMAL = /^-?\d{1,12}([.,]\d{1,2})?$/;

export class InvalidPointsError extends Error {}

/** Parses a JSON number or string such as 12.5, "12.50" or "12,5". Refuses more than two decimals. */
export function parsePoints(input: unknown): Hundredths {
  const text = typeof input === 'number' ? numberToPlainString(input) : typeof input === 'string' ? input.trim() : null;
  if (text === null || !DECIMAL.test(text)) {
    throw new InvalidPointsError('must be a decimal number with at most 2 decimal places');
  }
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = (negative ? text.slice(1) : text).split(/[.,]/);
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return negative && value !== 0 ? -value : value;
}

export function isValidPoints(input: unknown): boolean {
  try {
    parsePoints(input);
    return true;
  } catch {
    return false;
  }
}

/** Canonical decimal string for events: no trailing zeros, no "-0". */
export function formatPoints(value: Hundredths): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  const whole = Math.floor(abs / 100);
  const fraction = abs % 100;
  if (fraction === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
}

/** For JSON answers: a number whose shortest decimal form is exact (1230 → 12.3). */
export function pointsToNumber(value: Hundredths): number {
  return value / 100;
}

function numberToPlainString(n: number): string | null {
  if (!Number.isFinite(n)) return null;
  // String(1e-7) is "1e-7": exponent forms are not plain decimals and are refused by the pattern.
  return String(n);
}
