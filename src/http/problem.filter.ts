import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ClaimTakenError, ConcurrencyError } from '../event-store/event-store.port.js';
import { StoreUnavailableError } from '../event-store/store-unavailable.js';
import { achievementOfClaim, commendationOfStream } from '../ledger/commendations/commendation.decider.js';
import { AlreadyExistsError, DomainRuleError, NotFoundError } from '../ledger/errors.js';
import { IdempotencyKeyReusedError } from '../streams/write-request.js';
import { ReadModelBehindError, ReadModelFailedError } from '../read-side-errors.js';
import { ProjectionFailedError, ProjectionNotFailedError, RebuildRequiredError } from '../../projections/runner/failure.js';
import { AuthenticationError } from '../identity/account-directory.js';
import { TooManyRequestsError } from './auth/rate-limits.js';
import { ForbiddenError, RouteWithoutAccessRuleError } from './auth/access.guard.js';
import { PROBLEM_CONTENT_TYPE, problemType, RequestValidationError, type Problem } from './problem.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  429: 'Too Many Requests',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  507: 'Insufficient Storage',
};

/** Every error leaves as application/problem+json; a refused command has written nothing. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const problem = this.toProblem(exception);
    if (exception instanceof ReadModelBehindError) response.setHeader('Retry-After', '1');
    if (exception instanceof TooManyRequestsError) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    if (exception instanceof AuthenticationError) response.setHeader('WWW-Authenticate', 'Bearer realm="campaign-ledger"');
    const unavailable = storeUnavailable(exception);
    if (unavailable) response.setHeader('Retry-After', String(unavailable.retryAfterSeconds));
    // A 503 of a read model behind or failed is an answer, not a fault of this request (the failure is logged once, by the runner).
    // A store refusing writes (disk full) says so once, in its own log line.
    const expected = exception instanceof ReadModelBehindError || exception instanceof ReadModelFailedError || unavailable !== null;
    if (problem.status >= 500 && !expected) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  toProblem(exception: unknown): Problem {
    const make = (status: number, code: string, detail: string, extra: Record<string, unknown> = {}): Problem => ({
      type: problemType(code),
      title: TITLES[status] ?? 'Error',
      status,
      detail,
      code,
      ...extra,
    });
    const unavailable = storeUnavailable(exception);
    if (unavailable) {
      return make(unavailable.code === 'storage-full' ? 507 : 503, unavailable.code, unavailable.message, { retryAfterSeconds: unavailable.retryAfterSeconds });
    }
    if (exception instanceof AuthenticationError) return make(401, exception.code, exception.message);
    if (exception instanceof ForbiddenError) return make(403, exception.code, exception.message, { needed: exception.needed });
    if (exception instanceof RouteWithoutAccessRuleError) return make(403, 'forbidden', `${exception.message}: refused until it does`);
    if (exception instanceof TooManyRequestsError) return make(429, 'too-many-requests', exception.message, { retryAfterSeconds: exception.retryAfterSeconds });
    if (exception instanceof RequestValidationError) {
      return make(400, 'invalid-request', 'The request has invalid fields.', { errors: exception.errors });
    }
    if (exception instanceof DomainRuleError) {
      return make(422, exception.code, exception.message, {
        ...(exception.field ? { errors: [{ field: exception.field, message: exception.message }] } : {}),
        ...(exception.details ?? {}),
      });
    }
    if (exception instanceof NotFoundError) {
      return make(404, exception.code, exception.message, exception.field ? { errors: [{ field: exception.field, message: exception.message }] } : {});
    }
    if (exception instanceof AlreadyExistsError) return make(409, exception.code, exception.message);
    if (exception instanceof ConcurrencyError) {
      return make(409, 'version-conflict', exception.message, { streamId: exception.streamId, currentVersion: exception.currentVersion });
    }
    if (exception instanceof ClaimTakenError) {
      // docs/domain.md §6 rule 1: one achievement, one award.
      const achievementId = achievementOfClaim(exception.claim);
      if (achievementId !== null) {
        const firstCommendationId = commendationOfStream(exception.holderStreamId) ?? exception.holderStreamId;
        const detail = `achievement '${achievementId}' is already rewarded by commendation '${firstCommendationId}': one achievement, one award`;
        return make(422, 'achievement-already-awarded', detail, { errors: [{ field: 'achievementId', message: detail }], achievementId, firstCommendationId });
      }
      return make(409, 'claim-taken', exception.message, { claim: exception.claim, holderStreamId: exception.holderStreamId });
    }
    if (exception instanceof IdempotencyKeyReusedError) {
      return make(422, exception.code, exception.message, { errors: [{ field: 'Idempotency-Key', message: exception.message }] });
    }
    if (exception instanceof ReadModelBehindError) {
      return make(503, 'read-model-behind', exception.message, { minPosition: exception.position, processedPosition: exception.processed });
    }
    if (exception instanceof ReadModelFailedError) {
      return make(503, 'read-model-failed', exception.message, {
        projection: exception.projection,
        failedAt: exception.failedAt,
        minPosition: exception.position,
      });
    }
    if (exception instanceof ProjectionFailedError) {
      return make(422, exception.code, exception.message, {
        projection: exception.projection,
        failedAt: exception.failure.position,
        error: exception.failure.error,
      });
    }
    if (exception instanceof ProjectionNotFailedError || exception instanceof RebuildRequiredError) {
      return make(422, exception.code, exception.message, { projection: exception.projection });
    }
    if (exception instanceof HttpException && (exception.cause as { type?: string } | undefined)?.type === 'entity.parse.failed') {
      return make(400, 'malformed-json', `The body is not valid JSON: ${exception.message}`);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
      const code = status === HttpStatus.NOT_FOUND ? 'route-not-found' : status === 400 ? 'malformed-request' : `http-${status}`;
      return make(status, code, detail);
    }
    const status = (exception as { status?: number; type?: string })?.status;
    if (status === 400 || status === 413 || status === 415) {
      // body-parser errors: malformed JSON, too large, wrong content type.
      return make(status, status === 400 ? 'malformed-json' : status === 413 ? 'body-too-large' : 'unsupported-media-type', (exception as Error).message);
    }
    return make(500, 'internal-error', 'An unexpected error occurred. It has been logged.');
  }
}

/**
 * The store refusing (disk full, reopening), also when TypeORM wrapped it (QueryFailedError.driverError);
 * and PostgreSQL's own `disk_full` (SQLSTATE 53100), from a server or from PGlite.
 */
function storeUnavailable(exception: unknown): StoreUnavailableError | null {
  for (let e = exception, depth = 0; e && depth < 4; depth++) {
    if (e instanceof StoreUnavailableError) return e;
    if ((e as { code?: unknown }).code === '53100') {
      return new StoreUnavailableError('storage-full', `the database is out of disk space (${(e as Error).message}); retry later`, 5, { cause: e });
    }
    e = (e as { driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return null;
}
