import type { EventStore, StoredEvent, Subscription } from '../event-store/event-store.port.js';
import { PositionWaiters } from './position-waiters.js';

/** Where a processor reports its streaks of failures: Nest's logger in the API, the console in the CLIs. */
export interface ProcessorLogger {
  warn(message: string): void;
  log(message: string): void;
}

export interface FailureStreak {
  /** Since when the streak lasts, in seconds. */
  seconds: number;
  /** Failed reads or batches in it. */
  failures: number;
}

/** What a processor logs of a streak of failures: once when it starts, once when it ends (and, if asked, every so often between). */
export interface FailureStreakMessages {
  failing(error: unknown): string;
  stillFailing?(error: unknown, streak: FailureStreak): string;
  recovered(streak: FailureStreak, position: number): string;
}

export interface LogProcessorOptions {
  /** Handles a batch, in position order; a throw retries the same batch after a back-off. */
  handle(events: StoredEvent[]): Promise<void>;
  messages: FailureStreakMessages;
  logger?: ProcessorLogger;
  batchSize?: number;
  /** Repeats `stillFailing` this often while a streak lasts (default: never). */
  repeatEveryMs?: number;
  /** Every failed read or batch (to show it in a status), not only the first of a streak. */
  onFailure?(error: unknown): void;
}

const SILENT: ProcessorLogger = { warn: () => undefined, log: () => undefined };

/**
 * A consumer of the global log: reads the batches after its checkpoint through the store's
 * subscription (gap-safe: see EventStore.readAll), hands each to `handle`, and retries a failed
 * read or batch with the subscription's back-off (100 ms doubling up to 1 s), never skipping one.
 * Where its checkpoint lives and when it moves belong to the handler: in the transaction of its
 * effects when they are in the database, after them when they are idempotent (at least once).
 */
export class LogProcessor {
  private subscription: Subscription | null = null;
  private stopping = false;
  private processed = 0;
  private streak: { since: number; failures: number; lastLog: number } | null = null;
  private readonly waiters = new PositionWaiters();
  private readonly logger: ProcessorLogger;

  constructor(
    private readonly store: EventStore,
    private readonly options: LogProcessorOptions,
  ) {
    this.logger = options.logger ?? SILENT;
  }

  /** Follows the log from `after` (the checkpoint), until stop(). */
  start(after: number): void {
    if (this.subscription) throw new Error('log processor already started');
    this.stopping = false;
    this.processed = Math.max(this.processed, after);
    this.subscription = this.store.subscribe({
      after,
      batchSize: this.options.batchSize ?? 1000,
      handler: (events) => this.handle(events),
      onError: (error) => this.failed(error),
    });
    this.waiters.notify();
  }

  /** Resolves once no batch is being handled any more. */
  async stop(): Promise<void> {
    this.stopping = true;
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.stop();
  }

  get started(): boolean {
    return this.subscription !== null;
  }

  /** A streak of failures is going on. */
  get failing(): boolean {
    return this.streak !== null;
  }

  /** Every position up to here is handled. */
  processedPosition(): number {
    return this.processed;
  }

  /** Resolves true once `position` is handled, false after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    return this.waiters.wait(timeoutMs, () => this.processed >= position);
  }

  private async handle(events: StoredEvent[]): Promise<void> {
    await this.options.handle(events);
    this.processed = Math.max(this.processed, events[events.length - 1].position);
    if (this.streak) {
      const { since, failures } = this.streak;
      this.streak = null;
      this.logger.log(this.options.messages.recovered({ seconds: (Date.now() - since) / 1000, failures }, this.processed));
    }
    this.waiters.notify();
  }

  private failed(error: unknown): void {
    if (this.stopping) return;
    this.options.onFailure?.(error);
    const now = Date.now();
    if (this.streak === null) {
      this.streak = { since: now, failures: 1, lastLog: now };
      this.logger.warn(this.options.messages.failing(error));
      return;
    }
    this.streak.failures++;
    const { repeatEveryMs } = this.options;
    const stillFailing = this.options.messages.stillFailing;
    if (repeatEveryMs === undefined || !stillFailing || now - this.streak.lastLog < repeatEveryMs) return;
    this.streak.lastLog = now;
    this.logger.warn(stillFailing(error, { seconds: (now - this.streak.since) / 1000, failures: this.streak.failures }));
  }
}
