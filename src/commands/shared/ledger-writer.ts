import { Inject, Injectable } from '@nestjs/common';
import { ClaimTakenError, ConcurrencyError, EVENT_STORE, type AppendWritten, type EventStore, type StoredEvent } from '../../event-store/event-store.port.js';
import { uuidv7 } from '../../event-store/uuid-v7.js';
import type { Decider } from '../../ledger/decider.js';
import { SCHEMA_VERSIONS, type LedgerEvent } from '../../ledger/events.js';
import type { WriteRequest, WriteResult } from './write-request.js';

export class IdempotencyKeyReusedError extends Error {
  readonly code = 'idempotency-key-reused';
  constructor(readonly key: string) {
    super(`Idempotency-Key '${key}' was already used with a different request`);
  }
}

export interface Decision<S, C, E extends LedgerEvent, X> {
  streamId: string;
  decider: Decider<S, C, E, X>;
  command: C;
  /** Facts from other streams the decision needs, read after the stream itself. */
  context: (state: S) => Promise<X>;
  /** Extra fields for the answer (e.g. a server-assigned entry id). */
  answer?: Record<string, unknown>;
  /**
   * Unique keys the append takes with its events (e.g. `achievement:<id>`, domain.md §6 rule 1): if
   * one is held already, nothing is written and the store throws ClaimTakenError. A function
   * derives them from the decided events (e.g. the quota slot a decision takes).
   */
  claims?: string[] | ((events: E[]) => string[]);
  /**
   * Claims that mean "someone else took this slot first", like a version conflict: decide again
   * (on fresh facts) rather than refuse. Others (an achievement already awarded) are refusals.
   */
  retryClaim?: (claim: string) => boolean;
}

/**
 * Without If-Match a conflict means someone else wrote first: decide again on the fresh state.
 * Each failed attempt means another writer succeeded, so N attempts absorb N concurrent writers.
 */
const MAX_ATTEMPTS = 20;

/**
 * The one write path: load the stream, decide, append with the version that was read. The store
 * refuses the append if the stream moved meanwhile, so no update is ever lost.
 */
@Injectable()
export class LedgerWriter {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute<S, C, E extends LedgerEvent, X>(decision: Decision<S, C, E, X>, request: WriteRequest): Promise<WriteResult> {
    const replay = await this.replayOf(request);
    if (replay) return replay;
    try {
      return await this.decideAndAppend(decision, request);
    } catch (error) {
      // A request retried with the same key while the first was still running can be refused on
      // the state the first one wrote (e.g. already-exists): it is a replay all the same.
      const late = await this.replayOf(request);
      if (late) return late;
      throw error;
    }
  }

  private async decideAndAppend<S, C, E extends LedgerEvent, X>(decision: Decision<S, C, E, X>, request: WriteRequest): Promise<WriteResult> {
    const commandId = request.idempotencyKey ?? uuidv7();
    for (let attempt = 1; ; attempt++) {
      const { state, version } = await this.load(decision.decider, decision.streamId);
      if (request.ifMatch !== null && request.ifMatch !== version) {
        throw new ConcurrencyError(decision.streamId, request.ifMatch, version);
      }
      const events = decision.decider.decide(decision.command, state, await decision.context(state));
      const claims = typeof decision.claims === 'function' ? decision.claims(events) : decision.claims ?? [];
      try {
        const result = await this.store.append(
          decision.streamId,
          events.map((event) => ({ type: event.type, schemaVersion: SCHEMA_VERSIONS[event.type], data: event.data as Record<string, unknown> })),
          {
            expectedVersion: version === 0 ? 'no-stream' : version,
            metadata: { actor: request.actor, commandId, correlationId: request.correlationId, causationId: null },
            // The fixed part of the answer: the store adds streamId, version and position, so the append is one round trip.
            command: { id: commandId, fingerprint: request.fingerprint, answer: decision.answer ?? {} },
            ...(claims.length > 0 ? { claims } : {}),
          },
        );
        if (result.replayed) return this.replayed(request, result.outcome);
        return { status: 201, body: answerOf(result, decision.answer) };
      } catch (error) {
        const retryable = error instanceof ConcurrencyError || (error instanceof ClaimTakenError && (decision.retryClaim?.(error.claim) ?? false));
        if (!retryable || request.ifMatch !== null || attempt >= MAX_ATTEMPTS) throw error;
        // Each lost race means another writer succeeded; a little jitter spreads the retries.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * attempt * 2));
      }
    }
  }

  async load<S, E extends LedgerEvent>(decider: Pick<Decider<S, never, E, never>, 'initialState' | 'evolve'>, streamId: string): Promise<{ state: S; version: number }> {
    let state = decider.initialState();
    let version = 0;
    const pageSize = 1000;
    for (;;) {
      const page: StoredEvent[] = await this.store.readStream(streamId, { fromVersion: version + 1, limit: pageSize });
      for (const event of page) state = decider.evolve(state, { type: event.type, data: event.data } as E);
      if (page.length > 0) version = page[page.length - 1].version;
      if (page.length < pageSize) return { state, version };
    }
  }

  private async replayOf(request: WriteRequest): Promise<WriteResult | null> {
    if (request.idempotencyKey === null) return null;
    const outcome = await this.store.findCommand(request.idempotencyKey);
    return outcome ? this.replayed(request, outcome) : null;
  }

  private replayed(request: WriteRequest, outcome: { fingerprint: string; response: unknown }): WriteResult {
    if (outcome.fingerprint !== request.fingerprint) throw new IdempotencyKeyReusedError(request.idempotencyKey ?? '');
    return { status: 200, body: outcome.response as WriteResult['body'] };
  }
}

function answerOf(written: AppendWritten, extra: Record<string, unknown> = {}): WriteResult['body'] {
  return { streamId: written.streamId, version: written.version, position: written.position, ...extra };
}
