import { Inject, Injectable } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '../../config.js';

export class TooManyRequestsError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

const MINUTE = 60_000;
/** Consecutive failed sign-ins before an account is locked, and the longest lock. */
const FREE_FAILURES = 5;
const MAX_LOCK_SECONDS = 15 * 60;

/**
 * Per-process limits: sign-ins per address per minute, writes per account per minute, and an
 * account locked for 1 s, 2 s, 4 s … (at most 15 min) after five failed sign-ins in a row.
 * Kept by hand rather than with @nestjs/throttler: that counts requests per route and address,
 * while these are per account and the lockout grows with each failure.
 */
@Injectable()
export class RateLimits {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();

  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {}

  write(accountId: string): void {
    this.take(
      `write:${accountId}`,
      this.config.auth.writesPerMinute,
      `'${accountId}' has made more than ${this.config.auth.writesPerMinute} writes this minute`,
    );
  }

  signIn(address: string, accountId: string): void {
    this.take(`sign-in:${address}`, this.config.auth.signInsPerMinute, `more than ${this.config.auth.signInsPerMinute} sign-ins from this address this minute`);
    const failure = this.failures.get(accountId);
    const wait = failure ? Math.ceil((failure.lockedUntil - Date.now()) / 1000) : 0;
    if (wait > 0) throw new TooManyRequestsError(`'${accountId}' is locked after ${failure!.count} failed sign-ins: try again in ${wait} s`, wait);
  }

  signInFailed(accountId: string): void {
    const count = (this.failures.get(accountId)?.count ?? 0) + 1;
    const lockSeconds = count < FREE_FAILURES ? 0 : Math.min(2 ** (count - FREE_FAILURES), MAX_LOCK_SECONDS);
    this.failures.set(accountId, { count, lockedUntil: Date.now() + lockSeconds * 1000 });
  }

  signInSucceeded(accountId: string): void {
    this.failures.delete(accountId);
  }

  private take(key: string, perMinute: number, message: string): void {
    if (perMinute === 0) return;
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= MINUTE) {
      if (this.windows.size > 100_000) this.windows.clear();
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
    }
    if (++window.count > perMinute) throw new TooManyRequestsError(message, Math.ceil((window.startedAt + MINUTE - now) / 1000));
  }
}
