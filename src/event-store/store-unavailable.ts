/**
 * The store cannot take writes (or, when its engine had to be dropped, cannot answer at all) for a
 * reason outside the request: the disk is full, or it failed to write. Nothing was written by the
 * refused request that a retry with the same Idempotency-Key would repeat; a write refused while
 * the store failed mid-commit may or may not have been recorded, so retry it with the same key.
 *
 * `storage-full` (HTTP 507) and `store-unavailable` (HTTP 503), both with Retry-After.
 */
export class StoreUnavailableError extends Error {
  constructor(
    readonly code: 'storage-full' | 'store-unavailable',
    message: string,
    readonly retryAfterSeconds = 5,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
