import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { ClaimTakenError, ConcurrencyError, EVENT_STORE, type AppendWritten, type EventStore, type StoredEvent } from '../../event-store/event-store.port.js';
import { uuidv7 } from '../../event-store/uuid-v7.js';
import { fold, type Decider } from '../../ledger/decider.js';
import { LruCache } from '../../lru-cache.js';
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
 * How many streams' folded states a process keeps. A stream is append-only and its events never
 * change, so a state folded up to version v stays true of versions 1..v: a load reads only the
 * events after it (usually none) instead of the whole stream, which made a write's cost grow with
 * its scorecard's history.
 */
const CACHED_STREAMS = 4096;

/**
 * The one write path: load the stream, decide, append with the version that was read. The store
 * refuses the append if the stream moved meanwhile, so no update is ever lost.
 */
@Injectable()
export class LedgerWriter {
  private readonly folded = new FoldedStates(CACHED_STREAMS);
  private readonly decisionReads = new AsyncLocalStorage<DecisionReads>();

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

  /**
   * The first attempt decides on the states this process holds, without reading them: the append
   * checks, in its one round trip, that the stream and every other stream the decision read are
   * still at those versions. A conflict means something moved: the next attempt reads what did.
   */
  private async decideAndAppend<S, C, E extends LedgerEvent, X>(decision: Decision<S, C, E, X>, request: WriteRequest): Promise<WriteResult> {
    const commandId = commandIdOf(request) ?? uuidv7();
    for (let attempt = 1; ; attempt++) {
      // If-Match compares with the stream as it is now, not as this process last saw it.
      const fresh = attempt > 1 || request.ifMatch !== null;
      const { state, version } = await this.stateOf(decision.decider, decision.streamId, !fresh);
      if (request.ifMatch !== null && request.ifMatch !== version) {
        throw new ConcurrencyError(decision.streamId, request.ifMatch, version);
      }
      const reads: DecisionReads = { fresh, versions: new Map() };
      let events: E[];
      try {
        const context = await this.decisionReads.run(reads, () => decision.context(state));
        events = decision.decider.decide(decision.command, state, context);
      } catch (refusal) {
        // Refused on states held in memory: they may be behind (another process wrote). Only a
        // refusal on the states read now stands.
        if (fresh) throw refusal;
        continue;
      }
      const claims = typeof decision.claims === 'function' ? decision.claims(events) : (decision.claims ?? []);
      reads.versions.delete(decision.streamId);
      try {
        const result = await this.store.append(
          decision.streamId,
          events.map((event) => ({ type: event.type, schemaVersion: SCHEMA_VERSIONS[event.type], data: event.data as Record<string, unknown> })),
          {
            expectedVersion: version === 0 ? 'no-stream' : version,
            metadata: {
              actor: request.actor,
              ...(request.actorName ? { actorName: request.actorName } : {}),
              commandId,
              correlationId: request.correlationId,
              causationId: null,
            },
            // The fixed part of the answer: the store adds streamId, version and position, so the append is one round trip.
            command: { id: commandId, fingerprint: request.fingerprint, answer: decision.answer ?? {} },
            ...(claims.length > 0 ? { claims } : {}),
            ...(reads.versions.size > 0 ? { readStreams: [...reads.versions].map(([streamId, read]) => ({ streamId, version: read })) } : {}),
          },
        );
        if (result.replayed) return this.replayed(request, result.outcome);
        this.folded.remember(decision.decider, decision.streamId, foldStored(decision.decider, state, result.events), result.version);
        return { status: 201, body: answerOf(result, decision.answer) };
      } catch (error) {
        // With If-Match, the client's own stream moving is its conflict to resolve; another stream moving is ours.
        const clientConflict = request.ifMatch !== null && !(error instanceof ConcurrencyError && error.streamId !== decision.streamId);
        const retryable = error instanceof ConcurrencyError || (error instanceof ClaimTakenError && (decision.retryClaim?.(error.claim) ?? false));
        if (!retryable || clientConflict || attempt >= MAX_ATTEMPTS) throw error;
        // Each lost race means another writer succeeded; a little jitter spreads the retries.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * attempt * 2));
      }
    }
  }

  /**
   * A stream's state for a decision's context (a campaign, a unit, an award). Inside a decision's
   * first attempt, the state this process holds, noted so that the append checks it is current;
   * anywhere else, the stream as it is now.
   */
  async load<S, E extends LedgerEvent>(decider: Folding<S, E>, streamId: string): Promise<{ state: S; version: number }> {
    const reads = this.decisionReads.getStore();
    const loaded = await this.stateOf(decider, streamId, reads?.fresh === false);
    reads?.versions.set(streamId, loaded.version);
    return loaded;
  }

  /** The state this process holds when `held` is trusted and there is one, else the stream as it is now. */
  private async stateOf<S, E extends LedgerEvent>(decider: Folding<S, E>, streamId: string, held: boolean): Promise<{ state: S; version: number }> {
    return (held ? this.folded.recall<S>(decider, streamId) : undefined) ?? this.readForward(decider, streamId);
  }

  /** The stream's state now: the folded state this process has, brought up to date from the store. */
  private async readForward<S, E extends LedgerEvent>(decider: Folding<S, E>, streamId: string): Promise<{ state: S; version: number }> {
    let { state, version } = this.folded.recall<S>(decider, streamId) ?? { state: decider.initialState(), version: 0 };
    const pageSize = 1000;
    for (;;) {
      const page: StoredEvent[] = await this.store.readStream(streamId, { fromVersion: version + 1, limit: pageSize });
      state = foldStored(decider, state, page);
      if (page.length > 0) version = page[page.length - 1].version;
      if (page.length < pageSize) break;
    }
    this.folded.remember(decider, streamId, state, version);
    return { state, version };
  }

  private async replayOf(request: WriteRequest): Promise<WriteResult | null> {
    if (request.idempotencyKey === null) return null;
    const outcome = await this.store.findCommand(commandIdOf(request)!);
    return outcome ? this.replayed(request, outcome) : null;
  }

  private replayed(request: WriteRequest, outcome: { fingerprint: string; response: unknown }): WriteResult {
    if (outcome.fingerprint !== request.fingerprint) throw new IdempotencyKeyReusedError(request.idempotencyKey ?? '');
    return { status: 200, body: outcome.response as WriteResult['body'] };
  }
}

/**
 * An idempotency key belongs to the account that used it: another account sending the same key
 * (and body) gets its own command, never the first caller's answer.
 */
function commandIdOf(request: WriteRequest): string | null {
  return request.idempotencyKey === null ? null : `${request.actor}:${request.idempotencyKey}`;
}

function answerOf(written: AppendWritten, extra: Record<string, unknown> = {}): WriteResult['body'] {
  return { streamId: written.streamId, version: written.version, position: written.position, ...extra };
}

/** The other streams a decision read, at the versions it read, and whether it read them from the store. */
interface DecisionReads {
  fresh: boolean;
  versions: Map<string, number>;
}

type Folding<S, E extends LedgerEvent> = Pick<Decider<S, never, E, never>, 'initialState' | 'evolve'>;

function foldStored<S, E extends LedgerEvent>(decider: Folding<S, E>, state: S, events: readonly StoredEvent[]): S {
  return fold(
    decider,
    events.map((event) => ({ type: event.type, data: event.data }) as E),
    state,
  );
}

/**
 * States folded from streams, least recently used dropped first. Deciders' states are immutable
 * values (evolve returns a new one), so concurrent requests may share one. Keyed by decider too:
 * a stream could be folded by two deciders into different states.
 */
class FoldedStates {
  private readonly byStream: LruCache<string, { decider: object; state: unknown; version: number }>;

  constructor(capacity: number) {
    this.byStream = new LruCache(capacity);
  }

  recall<S>(decider: object, streamId: string): { state: S; version: number } | undefined {
    const entry = this.byStream.get(streamId);
    return entry === undefined || entry.decider !== decider ? undefined : { state: entry.state as S, version: entry.version };
  }

  /** Keeps the newer of two states of a stream (concurrent loads may finish in any order). */
  remember(decider: object, streamId: string, state: unknown, version: number): void {
    const entry = this.byStream.peek(streamId);
    if (entry !== undefined && entry.decider === decider && entry.version >= version) return;
    this.byStream.set(streamId, { decider, state, version });
  }
}
