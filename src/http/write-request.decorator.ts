import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { uuidv7 } from '../event-store/uuid-v7.js';
import { fingerprintOf, type WriteRequest } from '../commands/shared/write-request.js';
import { RequestValidationError, type FieldError } from './problem.js';

const IF_MATCH = /^(?:W\/)?"?(\d{1,15})"?$/;

/**
 * The write's envelope from its headers: X-Actor (until authentication lands), Idempotency-Key,
 * If-Match and X-Correlation-Id. Bad headers are refused like bad fields.
 */
export const Write = createParamDecorator((_data: unknown, context: ExecutionContext): WriteRequest => {
  const request = context.switchToHttp().getRequest<Request>();
  const errors: FieldError[] = [];
  const actor = header(request, 'x-actor') ?? 'anonymous';
  if (actor.length > 128) errors.push({ field: 'X-Actor', message: 'must be at most 128 characters' });
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
  if (errors.length > 0) throw new RequestValidationError(errors);
  return {
    actor,
    idempotencyKey,
    ifMatch,
    fingerprint: fingerprintOf(request.method, request.originalUrl.split('?')[0], request.body),
    correlationId: header(request, 'x-correlation-id') ?? uuidv7(),
  };
});

function header(request: Request, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' ? value.trim() : Array.isArray(value) ? value[0] : null;
}
