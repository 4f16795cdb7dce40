import { RequestValidationError } from '../../http/problem.js';

/** What an `asOf` asks for: the log up to a global position, or as recorded up to a moment. */
export type AsOf = { position: number } | { at: Date };

const EARLIEST_AS_OF = Date.UTC(1900, 0, 1);
const LATEST_AS_OF = Date.UTC(10000, 0, 1);
export const AS_OF_MESSAGE = 'must be a global position (integer) or an ISO 8601 timestamp from 1900-01-01 to 9999-12-31';

/** `asOf`: a global position (1-15 digits), or an ISO 8601 date or timestamp from 1900 to 9999 (PostgreSQL has no year 0); null for anything else. */
export function asOfOf(value: unknown): AsOf | null {
  if (typeof value !== 'string') return null;
  if (/^\d{1,15}$/.test(value)) return { position: Number(value) };
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const at = new Date(value);
  return !Number.isNaN(at.getTime()) && at.getTime() >= EARLIEST_AS_OF && at.getTime() < LATEST_AS_OF ? { at } : null;
}

/** `asOf` as sent; a 400 naming the field when it is neither a position nor a timestamp. */
export function parseAsOf(value: string): AsOf {
  const asOf = asOfOf(value);
  if (asOf === null) throw new RequestValidationError([{ field: 'asOf', message: AS_OF_MESSAGE }]);
  return asOf;
}
