import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import type { Paging } from '../../../projections/shared/paging.js';
import { isValidId } from '../../ledger/ids.js';
import { RequestValidationError } from '../../http/problem.js';
import { IsIsoDate, isIsoDate } from '../../http/validation.js';
import { AsOfQuery } from './read-query.dto.js';

/** docs/api.md, Browse: a page holds 50 items unless asked, 500 at most. */
export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 500;

/** `true` / `false` in a query string. */
export function booleanText({ value }: { value: unknown }): unknown {
  return value === 'true' ? true : value === 'false' ? false : value;
}

/** A browse list: `after` (the previous page's `next`) and `limit`, on the recording clock (`asOf`). */
export class ListQuery extends AsOfQuery {
  @ApiPropertyOptional({ description: 'Continue after this cursor: the `next` of the previous page (opaque)' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'must be the `next` of a previous page' })
  after?: string;

  @ApiPropertyOptional({ default: DEFAULT_PAGE, minimum: 1, maximum: MAX_PAGE, description: 'Items per page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  limit?: number;
}

/** A browse list whose facts have business dates (units, officers, cluster members): also `on`. */
export class DatedListQuery extends ListQuery {
  @ApiPropertyOptional({
    example: '2025-06-30',
    description: 'Business date YYYY-MM-DD: as things stood on that day (default: the latest effective date)',
  })
  @IsOptional()
  @IsIsoDate()
  on?: string;
}

/** What each part of a list's key is, so that a cursor altered by hand is a 400, never a bad SQL cast. */
export type KeyPart = 'id' | 'date' | 'position';

const PART_CHECKS: Record<KeyPart, (value: string) => boolean> = {
  id: isValidId,
  date: isIsoDate,
  position: (value) => /^\d{1,15}$/.test(value),
};

/** The cursor a page answers as `next`: its last item's key (base64url of a JSON array). */
export function encodeCursor(key: readonly string[] | null): string | null {
  return key === null ? null : Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The list's paging from its query: the key decoded from `after` (shaped like `shape`, else 400 naming `after`). */
export function pagingOf(query: ListQuery, shape: readonly KeyPart[]): Paging {
  const limit = query.limit ?? DEFAULT_PAGE;
  if (query.after === undefined) return { after: null, limit };
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(query.after, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  const valid = Array.isArray(key) && key.length === shape.length && key.every((part, i) => typeof part === 'string' && PART_CHECKS[shape[i]](part));
  if (!valid) throw new RequestValidationError([{ field: 'after', message: 'must be the `next` of a previous page of this list' }]);
  return { after: key as string[], limit };
}
