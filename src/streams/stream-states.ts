import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../event-store/event-store.port.js';
import { fold, type Decider } from '../ledger/decider.js';
import type { LedgerEvent } from '../ledger/events.js';
import { LruCache } from '../lru-cache.js';
import { decodeEvent } from '../event-store/recorded-event.js';

/** What folds a stream into a state: a decider's initial state and evolve. */
export type Folding<S, E extends LedgerEvent = LedgerEvent> = Pick<Decider<S, never, E, never>, 'initialState' | 'evolve'>;

export interface StreamState<S> {
  state: S;
  version: number;
}

/** How a decision (or the access guard) looks at a stream. */
export interface StreamReader {
  /** The stream's folded state, and the version it was read at. */
  read: <S, E extends LedgerEvent>(decider: Folding<S, E>, streamId: string) => Promise<StreamState<S>>;
  /** Whether the stream exists: once written, a stream exists for good (nothing is ever deleted). */
  exists: (streamId: string) => Promise<boolean>;
}

/**
 * How many streams' folded states a process keeps. A stream is append-only and its events never
 * change, so a state folded up to version v stays true of versions 1..v: a load reads only the
 * events after it (usually none) instead of the whole stream, which made a write's cost grow with
 * its scorecard's history.
 */
const CACHED_STREAMS = 4096;

/** Streams folded into states, kept in this process so that a load reads only what was appended since. */
@Injectable()
export class StreamStates {
  private readonly folded = new FoldedStates(CACHED_STREAMS);
  /** Streams seen to exist. */
  private readonly existing = new Set<string>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Reads of the streams as they are now. */
  readonly now: StreamReader = {
    read: (decider, streamId) => this.load(decider, streamId),
    exists: (streamId) => this.exists(streamId),
  };

  /** The stream's state now: the folded state this process has, brought up to date from the store. */
  async load<S, E extends LedgerEvent>(decider: Folding<S, E>, streamId: string): Promise<StreamState<S>> {
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

  /** The state this process holds, without asking the store (it may be behind); the stream now if it holds none. */
  async held<S, E extends LedgerEvent>(decider: Folding<S, E>, streamId: string): Promise<StreamState<S>> {
    return this.folded.recall<S>(decider, streamId) ?? this.load(decider, streamId);
  }

  /** Keeps a state this process wrote (the state before the append, with the events appended). */
  remember<S, E extends LedgerEvent>(decider: Folding<S, E>, streamId: string, state: S, version: number): void {
    this.folded.remember(decider, streamId, state, version);
  }

  async exists(streamId: string): Promise<boolean> {
    if (this.existing.has(streamId)) return true;
    const exists = (await this.store.streamVersion(streamId)) > 0;
    if (exists) this.existing.add(streamId);
    return exists;
  }
}

/** A stream holds its aggregate's events only (its id names the aggregate), so its decoded events are the decider's. */
export function foldStored<S, E extends LedgerEvent>(decider: Folding<S, E>, state: S, events: readonly StoredEvent[]): S {
  return fold(
    decider,
    events.map((event) => decodeEvent(event) as E),
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

  recall<S>(decider: object, streamId: string): StreamState<S> | undefined {
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
