import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { campaignDecider, type CampaignState } from '../../ledger/campaigns/campaign.decider.js';
import { commendationDecider } from '../../ledger/commendations/commendation.decider.js';
import { streamIds } from '../../ledger/ids.js';
import { unitDecider, type UnitState } from '../../ledger/registry/unit.decider.js';
import { LedgerWriter } from './ledger-writer.js';

/** Facts a decision needs from other aggregates, read from their streams. */
@Injectable()
export class Lookups {
  constructor(
    private readonly writer: LedgerWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Streams seen to exist. A stream, once written, exists for good: nothing is ever deleted. */
  private readonly existing = new Set<string>();

  async unitExists(unitId: string): Promise<boolean> {
    return this.streamExists(streamIds.unit(unitId));
  }

  async officerExists(officerId: string): Promise<boolean> {
    return this.streamExists(streamIds.officer(officerId));
  }

  private async streamExists(streamId: string): Promise<boolean> {
    if (this.existing.has(streamId)) return true;
    const exists = (await this.store.streamVersion(streamId)) > 0;
    if (exists) this.existing.add(streamId);
    return exists;
  }

  async unknownUnits(unitIds: Iterable<string>): Promise<Set<string>> {
    const ids = [...new Set(unitIds)];
    const exists = await Promise.all(ids.map((id) => this.unitExists(id)));
    return new Set(ids.filter((_, i) => !exists[i]));
  }

  /** The unit and its ancestors, nearest first; stops on a cycle rather than looping. */
  async ancestry(unitId: string): Promise<string[]> {
    const chain: string[] = [];
    for (let current: string | null = unitId; current !== null && !chain.includes(current);) {
      const { state }: { state: UnitState } = await this.writer.load(unitDecider, streamIds.unit(current));
      if (!state.exists) break;
      chain.push(current);
      current = state.parentId;
    }
    return chain;
  }

  /** Of these commendations, those revoked (unknown ids are not). */
  async revokedCommendations(commendationIds: readonly string[]): Promise<string[]> {
    const states = await Promise.all(commendationIds.map(async (id) => (await this.writer.load(commendationDecider, streamIds.commendation(id))).state));
    return commendationIds.filter((_, i) => {
      const state = states[i];
      return state.exists && state.revoked !== null;
    });
  }

  async campaign(campaignId: string): Promise<CampaignState> {
    return (await this.writer.load(campaignDecider, streamIds.campaign(campaignId))).state;
  }
}
