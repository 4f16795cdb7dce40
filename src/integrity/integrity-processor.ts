import type { KeyObject } from 'node:crypto';
import type { EventStore, StoredEvent } from '../event-store/event-store.port.js';
import { LogProcessor, type ProcessorLogger } from '../processing/log-processor.js';
import { describeError } from '../safe-error.js';
import { chainHashes, GENESIS_HASH, publicKeyPem, signCheckpoint, type SignedCheckpoint } from './hash-chain.js';
import { CHAIN_HEAD, INSERT_CHECKPOINT, INSERT_LINKS, LAST_CHECKPOINT, LINKS_AFTER } from './integrity.sql.js';
import type { SqlQuery } from './verify.js';

export interface IntegrityProcessorOptions {
  /** Sign once this many events are chained since the last checkpoint (default 1,000). */
  checkpointEvery?: number;
  /** Sign when the log has been idle this long with unsigned events (default 3 s). */
  idleMs?: number;
  /** …and at the latest this long after the first unsigned event, however busy the log (default 60 s). */
  maxUnsignedMs?: number;
  batchSize?: number;
  /** Where a streak of failures to read or chain the log is told: once when it starts, once when it ends. */
  logger?: ProcessorLogger;
  /** A checkpoint that could not be signed (the timer tries again). */
  onError?: (error: unknown) => void;
}

export interface IntegrityProcessorStatus {
  status: 'stopped' | 'catching-up' | 'live' | 'failing';
  chainedThrough: number;
  headHash: string;
  lastCheckpoint: SignedCheckpoint | null;
  lastError: string | null;
}

/**
 * Extends the hash chain over the log as readAll delivers it (gap-safe: see EventStore.readAll),
 * one INSERT per batch, and signs checkpoints. A LogProcessor whose checkpoint is the chain itself:
 * its head is where it resumes, written by the same statement as the links. Runs in the API process
 * beside the projections; several processes on one database chain the same links (deterministic)
 * and ON CONFLICT DO NOTHING makes the second write a no-op.
 */
export class IntegrityProcessor {
  private readonly processor: LogProcessor;
  private head = { position: 0, hash: GENESIS_HASH };
  private lastCheckpoint: SignedCheckpoint | null = null;
  private status: IntegrityProcessorStatus['status'] = 'stopped';
  private lastError: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastBatchAt = 0;
  private firstUnsignedAt: number | null = null;
  private signing: Promise<void> | null = null;
  /** Links chained after the last checkpoint. */
  private unsignedCount = 0;
  private stopped = true;
  private readonly publicKey: string;

  constructor(
    private readonly store: EventStore,
    private readonly query: SqlQuery,
    private readonly key: KeyObject,
    private readonly options: IntegrityProcessorOptions = {},
  ) {
    this.publicKey = publicKeyPem(key);
    this.processor = new LogProcessor(store, {
      handle: (events) => this.chain(events),
      batchSize: options.batchSize ?? 1000,
      logger: options.logger,
      onFailure: (error) => {
        this.status = 'failing';
        this.lastError = error instanceof Error ? error.message : String(error);
      },
      messages: {
        failing: (error) => `cannot chain the log after position ${this.head.position}: ${describeError(error)}; retrying with back-off (up to 1 s)`,
        recovered: ({ seconds }, position) => `chaining again after ${seconds.toFixed(1)} s, at position ${position}`,
      },
    });
  }

  async start(): Promise<void> {
    this.stopped = false;
    const [head] = await this.query(CHAIN_HEAD);
    if (head) this.head = { position: Number(head.position), hash: String(head.hash) };
    this.lastCheckpoint = await this.readLastCheckpoint();
    const [unsigned] = await this.query(LINKS_AFTER, [this.lastCheckpoint?.position ?? 0]);
    this.unsignedCount = Number(unsigned?.n ?? 0);
    this.status = (await this.store.headPosition()) > this.head.position ? 'catching-up' : 'live';
    this.processor.start(this.head.position);
    // Events chained by an earlier run but never signed (a stop before the idle delay).
    if (this.unsignedCount > 0) {
      this.firstUnsignedAt = this.lastBatchAt = Date.now();
      this.scheduleSigning();
    }
  }

  /**
   * Stops chaining and the signing timer, then signs what was chained since the last checkpoint (a
   * server stopped cleanly leaves its chain signed). Call it before the storage closes.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.processor.stop();
    if (this.unsignedCount > 0) await this.signNow().catch((error: unknown) => this.reportError(error));
    else await this.signing;
    this.status = 'stopped';
  }

  report(): IntegrityProcessorStatus {
    return {
      status: this.status,
      chainedThrough: this.head.position,
      headHash: this.head.hash,
      lastCheckpoint: this.lastCheckpoint,
      lastError: this.lastError,
    };
  }

  /** Every position up to here is chained. */
  processedPosition(): number {
    return this.processor.processedPosition();
  }

  /** Resolves true once the chain covers `position`, false after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    return this.processor.waitFor(position, timeoutMs);
  }

  /** Signs a checkpoint at the chain's head now, if events were chained since the last one. */
  async signNow(): Promise<SignedCheckpoint | null> {
    while (this.signing) await this.signing;
    let signed: SignedCheckpoint | null = null;
    this.signing = (async () => {
      signed = await this.sign();
    })().finally(() => {
      this.signing = null;
    });
    await this.signing;
    return signed;
  }

  private async chain(batch: StoredEvent[]): Promise<void> {
    const events = batch.filter((e) => e.position > this.head.position);
    if (events.length === 0) return;
    const hashes = chainHashes(this.head.hash, events);
    await this.query(INSERT_LINKS, [events.map((e) => e.position), events.map((e, i) => (i === 0 ? this.head.position : events[i - 1].position)), hashes]);
    this.head = { position: events[events.length - 1].position, hash: hashes[hashes.length - 1] };
    this.status = 'live';
    this.lastError = null;

    const now = Date.now();
    this.lastBatchAt = now;
    this.firstUnsignedAt ??= now;
    this.unsignedCount += events.length;
    if (this.unsignedCount < (this.options.checkpointEvery ?? 1000)) return this.scheduleSigning();
    // A failed signature must not fail the batch (it is chained): the timer tries again.
    await this.signNow().catch((error: unknown) => {
      this.reportError(error);
      this.scheduleSigning();
    });
  }

  private reportError(error: unknown): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    this.options.onError?.(error);
  }

  private scheduleSigning(): void {
    if (this.timer || this.stopped) return;
    const idleMs = this.options.idleMs ?? 3000;
    const maxUnsignedMs = this.options.maxUnsignedMs ?? 60_000;
    const tick = () => {
      this.timer = null;
      if (this.stopped) return;
      const now = Date.now();
      const idleFor = now - this.lastBatchAt;
      const unsignedFor = now - (this.firstUnsignedAt ?? now);
      if (idleFor < idleMs && unsignedFor < maxUnsignedMs) {
        this.timer = setTimeout(tick, Math.min(idleMs - idleFor, maxUnsignedMs - unsignedFor));
        return;
      }
      this.signNow().catch((error: unknown) => {
        this.reportError(error);
        this.scheduleSigning(); // try again later
      });
    };
    this.timer = setTimeout(tick, idleMs);
  }

  private async sign(): Promise<SignedCheckpoint | null> {
    const head = this.head;
    // Another instance may have signed meanwhile.
    const latest = await this.readLastCheckpoint();
    if (latest && (!this.lastCheckpoint || latest.position > this.lastCheckpoint.position)) this.lastCheckpoint = latest;
    if (head.position === 0 || (this.lastCheckpoint?.position ?? 0) >= head.position) {
      this.resetUnsigned();
      return null;
    }
    const checkpoint = signCheckpoint(this.key, { position: head.position, headHash: head.hash, signedAt: new Date().toISOString() });
    await this.query(INSERT_CHECKPOINT, [
      checkpoint.position,
      checkpoint.headHash,
      checkpoint.signedAt,
      checkpoint.keyId,
      this.publicKey,
      checkpoint.signature,
    ]);
    this.lastCheckpoint = checkpoint;
    this.resetUnsigned();
    return checkpoint;
  }

  private resetUnsigned(): void {
    this.unsignedCount = 0;
    this.firstUnsignedAt = null;
  }

  private async readLastCheckpoint(): Promise<SignedCheckpoint | null> {
    const [row] = await this.query(LAST_CHECKPOINT);
    if (!row) return null;
    const signedAt = row.signed_at instanceof Date ? row.signed_at : new Date(String(row.signed_at));
    return {
      position: Number(row.position),
      headHash: String(row.head_hash),
      signedAt: signedAt.toISOString(),
      keyId: String(row.key_id),
      signature: String(row.signature),
    };
  }
}
