import { HttpException, HttpStatus } from '@nestjs/common';

/** The read side's refusals to serve a position yet (503), shared with the HTTP floor that answers them. */

/** The read models have not applied the position asked for within the wait (503 read-model-behind, Retry-After). */
export class ReadModelBehindError extends HttpException {
  constructor(
    readonly position: number,
    readonly processed: number,
  ) {
    super(`the read models have applied the log up to position ${processed}, not yet ${position}; retry shortly`, HttpStatus.SERVICE_UNAVAILABLE);
  }
}

/** A read model the read needs is failed before the position asked for: it will not get there by waiting (503 read-model-failed). */
export class ReadModelFailedError extends HttpException {
  constructor(
    readonly projection: string,
    readonly failedAt: number,
    readonly position: number,
  ) {
    super(
      `the read model '${projection}' is failed at position ${failedAt} (GET /api/projections): it cannot serve position ${position} until it is resumed or rebuilt`,
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}
