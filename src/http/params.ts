import { Param, type PipeTransform } from '@nestjs/common';
import { isValidId } from '../ledger/ids.js';
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
