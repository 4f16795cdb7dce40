import { Inject, Injectable } from '@nestjs/common';
import { ClaimTakenError, ConcurrencyError, EVENT_STORE, type AppendWritten, type EventStore } from '../../event-store/event-store.port.js';
import { uuidv7 } from '../../event-store/uuid-v7.js';
import type { Decider } from '../../ledger/decider.js';
import { SCHEMA_VERSIONS, type LedgerEvent } from '../../ledger/events.js';
import { foldStored, StreamStates, type StreamReader } from '../../streams/stream-states.js';
import { IdempotencyKeyReusedError, type WriteRequest, type WriteResult } from '../../streams/write-request.js';

export interface Decision<S, C, E extends LedgerEvent, X> {
  streamId: string;
  decider: Decider<S, C, E, X>;
  command: C;
  /**
   * Facts from other streams the decision needs, read after the stream itself and only through
   * `reader`: the append checks that each stream read is still at the version read.
   */
  context: (state: S, reader: StreamReader) => Promise<X>;
  /** Extra fields for the answer (e.g. a server-assigned entry id). */
  answer?: Record<string, unknown>;
  /**
   * Unique keys the append takes with its events (e.g. `achievement:<id>`, docs/domain.md §6 rule 1): if
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
 * A dry run (the import's, src/imports): each decision is taken as for real, on the streams as the
 * dry run shows them (the store's, with the events its earlier decisions produced on top), and
 * nothing is appended. Its events and claims go to `decided`, which refuses (ClaimTakenError) a
 * claim already held.
 */
export interface DryRun {
  readonly states: Pick<StreamStates, 'load' | 'now'>;
  decided(streamId: string, version: number, events: readonly LedgerEvent[], claims: readonly string[]): Promise<void>;
}

/** A write request taken on a dry run: decided, answered as if written (`position: 0`, `dryRun: true`), not appended. */
export type DryRunRequest = WriteRequest & { dryRun: DryRun };

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
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly states: StreamStates,
  ) {}

  async execute<S, C, E extends LedgerEvent, X>(decision: Decision<S, C, E, X>, request: WriteRequest): Promise<WriteResult> {
    const replay = await this.replayOf(request);
    if (replay) return replay;
    const { dryRun } = request as Partial<DryRunRequest>;
    if (dryRun) return this.decideOnly(decision, request, dryRun);
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
      const { state, version } = fresh
        ? await this.states.load(decision.decider, decision.streamId)
        : await this.states.held(decision.decider, decision.streamId);
      if (request.ifMatch !== null && request.ifMatch !== version) {
        throw new ConcurrencyError(decision.streamId, request.ifMatch, version);
      }
      const reads = this.decisionReader(fresh);
      let events: E[];
      try {
        const context = await decision.context(state, reads.reader);
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
        this.states.remember(decision.decider, decision.streamId, foldStored(decision.decider, state, result.events), result.version);
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

  /** The dry-run path: the same decision, on the dry run's streams; the events go to the dry run instead of the store. */
  private async decideOnly<S, C, E extends LedgerEvent, X>(decision: Decision<S, C, E, X>, request: WriteRequest, dryRun: DryRun): Promise<WriteResult> {
    const { state, version } = await dryRun.states.load(decision.decider, decision.streamId);
    if (request.ifMatch !== null && request.ifMatch !== version) throw new ConcurrencyError(decision.streamId, request.ifMatch, version);
    const events = decision.decider.decide(decision.command, state, await decision.context(state, dryRun.states.now));
    const claims = typeof decision.claims === 'function' ? decision.claims(events) : (decision.claims ?? []);
    // A claim taken first by someone else that is decided again (a quota slot) is no refusal: the real run takes the next one.
    await dryRun.decided(
      decision.streamId,
      version,
      events,
      claims.filter((claim) => !(decision.retryClaim?.(claim) ?? false)),
    );
    return { status: 201, body: { streamId: decision.streamId, version: version + events.length, position: 0, ...decision.answer, dryRun: true } };
  }

  /**
   * The one way a decision looks at another stream: on the first attempt the state this process
   * holds, later ones the stream as it is now; either way the version read is noted, so that the
   * append checks it is still current.
   */
  private decisionReader(fresh: boolean): { reader: StreamReader; versions: Map<string, number> } {
    const versions = new Map<string, number>();
    const reader: StreamReader = {
      read: async (decider, streamId) => {
        const read = fresh ? await this.states.load(decider, streamId) : await this.states.held(decider, streamId);
        versions.set(streamId, read.version);
        return read;
      },
      // A stream once written exists for good: there is nothing for the append to check.
      exists: (streamId) => this.states.exists(streamId),
    };
    return { reader, versions };
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
