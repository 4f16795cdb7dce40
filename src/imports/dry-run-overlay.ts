import type { DryRun } from '../commands/shared/ledger-writer.js';
import { ClaimTakenError, type EventStore, type StoredEvent } from '../event-store/event-store.port.js';
import { uuidv7 } from '../event-store/uuid-v7.js';
import { SCHEMA_VERSIONS, type LedgerEvent } from '../ledger/events.js';
import { foldStored, StreamStates, type Folding, type StreamState } from '../streams/stream-states.js';

/** Who holds a claim in the store (the stream whose append took it), or null. */
export type ClaimHolder = (claim: string) => Promise<string | null>;

/**
 * The streams as an import's dry run sees them: the store's, with the events the earlier rows of
 * the same file were decided to produce on top, so that a commune two rows below its district, or
 * an officer below the unit it serves in, is decided (and its access judged) as in the real run.
 * Claims (one achievement, one award; the one root) are those of the store and of earlier rows.
 * What it cannot see: facts the read models hold (eligibility: the awards, quotas and rankings a
 * decision rests on; a unit's members), which stand as the store has them, without the file's rows.
 */
export class DryRunOverlay implements DryRun {
  private readonly pending = new Map<string, StoredEvent[]>();
  private readonly folded = new Map<string, { decider: object; baseVersion: number; count: number; state: unknown }>();
  private readonly claims = new Map<string, string>();
  /** The overlay as StreamStates: what the writer decides on and the access facts are judged on. */
  readonly states: StreamStates;

  constructor(
    private readonly base: StreamStates,
    store: EventStore,
    private readonly claimHolder: ClaimHolder,
  ) {
    this.states = new OverlayStates(store, this);
  }

  async load<S, E extends LedgerEvent>(decider: Folding<S, E>, streamId: string): Promise<StreamState<S>> {
    const stored = await this.base.load(decider, streamId);
    const pending = this.pending.get(streamId);
    if (!pending) return stored;
    // Folded once per row added: a month of entries on one scorecard does not fold the earlier ones again.
    let cached = this.folded.get(streamId);
    if (!cached || cached.decider !== decider || cached.baseVersion !== stored.version || cached.count > pending.length) {
      cached = { decider, baseVersion: stored.version, count: 0, state: stored.state };
    }
    const state = foldStored(decider, cached.state as S, pending.slice(cached.count));
    this.folded.set(streamId, { decider, baseVersion: stored.version, count: pending.length, state });
    return { state, version: stored.version + pending.length };
  }

  async exists(streamId: string): Promise<boolean> {
    return this.pending.has(streamId) || this.base.exists(streamId);
  }

  async decided(streamId: string, version: number, events: readonly LedgerEvent[], claims: readonly string[]): Promise<void> {
    for (const claim of claims) {
      const holder = this.claims.get(claim) ?? (await this.claimHolder(claim));
      if (holder !== null) throw new ClaimTakenError(claim, holder);
    }
    for (const claim of claims) this.claims.set(claim, streamId);
    const pending = this.pending.get(streamId) ?? [];
    const recordedAt = new Date();
    events.forEach((event, i) =>
      pending.push({
        id: uuidv7(),
        streamId,
        version: version + i + 1,
        position: 0,
        type: event.type,
        schemaVersion: SCHEMA_VERSIONS[event.type],
        data: event.data as Record<string, unknown>,
        metadata: { actor: 'dry-run', commandId: 'dry-run', correlationId: 'dry-run', causationId: null },
        recordedAt,
      }),
    );
    this.pending.set(streamId, pending);
  }
}

/** StreamStates whose every read goes through the overlay (the access facts and the writer take StreamStates). */
class OverlayStates extends StreamStates {
  constructor(
    store: EventStore,
    private readonly overlay: DryRunOverlay,
  ) {
    super(store);
  }
  override load<S, E extends LedgerEvent>(decider: Folding<S, E>, streamId: string): Promise<StreamState<S>> {
    return this.overlay.load(decider, streamId);
  }
  override held<S, E extends LedgerEvent>(decider: Folding<S, E>, streamId: string): Promise<StreamState<S>> {
    return this.overlay.load(decider, streamId);
  }
  override exists(streamId: string): Promise<boolean> {
    return this.overlay.exists(streamId);
  }
  override remember(): void {}
}
