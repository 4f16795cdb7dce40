import { Param, type PipeTransform } from '@nestjs/common';
import { isValidId } from '../ledger/ids.js';
import { EARLIEST_YEAR, LATEST_YEAR } from '../ledger/limits.js';
import { RequestValidationError } from './problem.js';

class LedgerIdPipe implements PipeTransform<string, string> {
  constructor(private readonly name: string) {}
  transform(value: string): string {
    if (!isValidId(value)) throw new RequestValidationError([{ field: this.name, message: 'must match ^[a-z0-9][a-z0-9._-]{0,63}$' }]);
    return value;
  }
}

/** A path id, checked like body ids (400 naming the parameter). */
export const LedgerIdParam = (name: string) => Param(name, new LedgerIdPipe(name));

class YearPipe implements PipeTransform<string | number, number> {
  constructor(private readonly name: string) {}
  /** The global validation pipe may have made a number of it already ('02026' → 2026). */
  transform(value: string | number): number {
    const year = typeof value === 'number' ? value : /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
    if (!(Number.isInteger(year) && year >= EARLIEST_YEAR && year <= LATEST_YEAR))
      throw new RequestValidationError([{ field: this.name, message: `must be a year from ${EARLIEST_YEAR} to ${LATEST_YEAR}` }]);
    return year;
  }
}

/** A path year within the business dates of limits.ts (400 naming the parameter, never a 500). */
export const YearParam = (name: string) => Param(name, new YearPipe(name));
