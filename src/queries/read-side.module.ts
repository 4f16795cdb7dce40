import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EligibilityFactsReads } from '../../projections/commendations/eligibility-facts.js';
import { ScoreReads } from '../../projections/scores/score-reads.js';
import { UnitReads } from '../../projections/registry/unit-reads.js';
import { UNIT_MEMBERS, type UnitMembersSource } from '../ledger/registry/unit-members.port.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { PHASE_ENTRIES, type LiveEntry, type PhaseEntriesSource } from '../ledger/campaigns/phase-entries.port.js';
import { RANKING_SOURCE, type RankingSource } from '../ledger/campaigns/ranking-source.port.js';
import type { ConferralParameters } from '../ledger/commendations/conferral-parameters.js';
import { ELIGIBILITY_FACTS, type EligibilityFactsSource } from '../ledger/commendations/eligibility-facts.port.js';
import type { CommendationRecorded, PublishedRow } from '../ledger/events.js';
import { formatPoints, parsePoints } from '../ledger/points.js';
import { publicationPeriods } from '../ledger/scores/periods.js';
import { QueriesModule } from './queries.module.js';
import { ReadPositions, READS } from './shared/read-position.service.js';

/**
 * Eligibility facts once the read models have applied every committed event, so that a decision
 * recorded a moment ago counts; quota slots (store claims) settle any remaining race.
 */
@Injectable()
class EligibilityFactsAtHead implements EligibilityFactsSource {
  constructor(
    private readonly facts: EligibilityFactsReads,
    private readonly positions: ReadPositions,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async gather(decision: CommendationRecorded['data'], parameters: ConferralParameters) {
    await this.positions.reach(await this.store.headPosition());
    return this.facts.gather(decision, parameters);
  }
}

/** A cluster's ranking from the score read model, as published: points in their canonical form. */
@Injectable()
class RankingsOfReadModels implements RankingSource {
  constructor(
    private readonly scores: ScoreReads,
    private readonly positions: ReadPositions,
  ) {}

  async rankingAt(campaignId: string, clusterId: string, phaseId: string | null, position: number, period: string | null = null): Promise<PublishedRow[]> {
    await this.positions.reach(position, READS.scores);
    const ranking = await this.scores.ranking(campaignId, clusterId, phaseId, position, false, publicationPeriods(period));
    const points = (value: number) => formatPoints(parsePoints(value));
    return ranking.map((r) => ({
      rank: r.rank,
      unitId: r.unitId,
      total: points(r.total),
      bonus: points(r.bonus),
      penalty: points(r.penalty),
      vetoed: r.vetoed,
    }));
  }
}

/** A unit's members once the registry read model has applied every committed event. */
@Injectable()
class UnitMembersAtHead implements UnitMembersSource {
  constructor(
    private readonly units: UnitReads,
    private readonly positions: ReadPositions,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async membersOn(unitId: string, on: string | null) {
    const head = await this.store.headPosition();
    await this.positions.reach(head, READS.registry);
    return this.units.members(unitId, on, head);
  }
}

/**
 * The score entries still naming a phase (recorded, not reversed), once the score read model has
 * applied every committed event: what a phase withdrawal is refused on.
 */
@Injectable()
class PhaseEntriesAtHead implements PhaseEntriesSource {
  constructor(
    private readonly dataSource: DataSource,
    private readonly positions: ReadPositions,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async liveEntries(campaignId: string, phaseId: string): Promise<LiveEntry[]> {
    await this.positions.reach(await this.store.headPosition(), READS.scores);
    const rows: { unit_id: string; entry_id: string }[] = await this.dataSource.query(
      `SELECT e.unit_id, e.entry_id FROM rm_score_events e
       WHERE e.campaign_id = $1 AND e.phase_id = $2 AND e.event_type = 'ScoreEntryRecorded'
         AND NOT EXISTS (SELECT 1 FROM rm_score_events r WHERE r.campaign_id = e.campaign_id AND r.unit_id = e.unit_id
           AND r.entry_id = e.entry_id AND r.event_type = 'ScoreEntryReversed')
       ORDER BY e.position`,
      [campaignId, phaseId],
    );
    return rows.map((r) => ({ unitId: r.unit_id, entryId: r.entry_id }));
  }
}

/** What the write side asks of the read side, by the ports declared in src/ledger (global: the write side may not import this module). */
@Global()
@Module({
  imports: [QueriesModule],
  providers: [
    EligibilityFactsReads,
    { provide: ELIGIBILITY_FACTS, useClass: EligibilityFactsAtHead },
    { provide: RANKING_SOURCE, useClass: RankingsOfReadModels },
    { provide: UNIT_MEMBERS, useClass: UnitMembersAtHead },
    { provide: PHASE_ENTRIES, useClass: PhaseEntriesAtHead },
  ],
  exports: [ELIGIBILITY_FACTS, RANKING_SOURCE, UNIT_MEMBERS, PHASE_ENTRIES],
})
export class ReadSideModule {}
