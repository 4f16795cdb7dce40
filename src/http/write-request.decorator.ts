import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthenticatedRequest } from './auth/access.guard.js';
import { uuidv7 } from '../event-store/uuid-v7.js';
import { fingerprintOf, type WriteRequest } from '../streams/write-request.js';
import { RequestValidationError, type FieldError } from './problem.js';

const IF_MATCH = /^(?:W\/)?"?(\d{1,15})"?$/;

/**
 * The write's envelope: the authenticated account (set by the access guard) and the headers
 * Idempotency-Key, If-Match and X-Correlation-Id. Bad headers are refused like bad fields.
 * X-Actor, which callers once typed themselves, decides nothing any more and is ignored.
 */
export const Write = createParamDecorator((_data: unknown, context: ExecutionContext): WriteRequest => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  const errors: FieldError[] = [];
  const principal = request.principal;
  const idempotencyKey = header(request, 'idempotency-key');
  if (idempotencyKey !== null && (idempotencyKey.length === 0 || idempotencyKey.length > 200)) {
    errors.push({ field: 'Idempotency-Key', message: 'must be 1-200 characters' });
  }
  const ifMatchText = header(request, 'if-match');
  let ifMatch: number | null = null;
  if (ifMatchText !== null) {
    const match = IF_MATCH.exec(ifMatchText);
    if (match) ifMatch = Number(match[1]);
    else errors.push({ field: 'If-Match', message: 'must be an entity tag holding a version, e.g. "3"' });
  }
  const correlationId = header(request, 'x-correlation-id');
  if (correlationId !== null && !/^[\x21-\x7e]{1,128}$/.test(correlationId))
    errors.push({ field: 'X-Correlation-Id', message: 'must be 1-128 visible ASCII characters' });
  if (errors.length > 0) throw new RequestValidationError(errors);
  return {
    actor: principal?.accountId ?? 'anonymous',
    actorName: principal?.displayName ?? null,
    idempotencyKey,
    ifMatch,
    fingerprint: fingerprintOf(request.method, request.originalUrl.split('?')[0], request.body),
    correlationId: correlationId ?? uuidv7(),
  };
});

function header(request: Request, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' ? value.trim() : Array.isArray(value) ? value[0] : null;
}
