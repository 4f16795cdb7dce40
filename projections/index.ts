import { Campaigns1764000000300 } from './campaigns/migrations/1764000000300-campaigns.js';
import { campaignsProjection } from './campaigns/campaigns.projection.js';
import { Publications1764000000600 } from './campaigns/migrations/1764000000600-publications.js';
import { Withdrawals1764000001340 } from './campaigns/migrations/1764000001340-withdrawals.js';
import { PledgeMeasures1764000001342 } from './campaigns/migrations/1764000001342-pledge-measures.js';
import { PhaseWithdrawalProposals1764000001345 } from './campaigns/migrations/1764000001345-phase-withdrawal-proposals.js';
import { PhaseWithdrawalProposalsBackfill1764000001347 } from './campaigns/migrations/1764000001347-phase-withdrawal-proposals-backfill.js';
import { ClusterMemberDates1764000001346 } from './campaigns/migrations/1764000001346-cluster-member-dates.js';
import { commendationsProjection } from './commendations/commendations.projection.js';
import { Commendations1764000000400 } from './commendations/migrations/1764000000400-commendations.js';
import { ConferralRules1764000000810 } from './commendations/migrations/1764000000810-conferral-rules.js';
import { HistoricalDecisions1764000001348 } from './commendations/migrations/1764000001348-historical-decisions.js';
import { CommendationCorrections1764000001341 } from './commendations/migrations/1764000001341-corrections.js';
import { CommendationChanges1764000001410 } from './commendations/migrations/1764000001410-commendation-changes.js';
import { Registry1764000000200 } from './registry/migrations/1764000000200-registry.js';
import { RegistryDates1764000001320 } from './registry/migrations/1764000001320-registry-dates.js';
import { SearchNames1764000001400 } from './registry/migrations/1764000001400-search-names.js';
import { registryProjection } from './registry/registry.projection.js';
import { ProjectionCheckpoints1764000000000 } from './runner/migrations/1764000000000-projection-checkpoints.js';
import { ProjectionFailures1764000003000 } from './runner/migrations/1764000003000-projection-failures.js';
import type { Projection } from './runner/projection.js';
import { ScoreEvents1764000000100 } from './scores/migrations/1764000000100-score-events.js';
import { Vetoes1764000000500 } from './scores/migrations/1764000000500-vetoes.js';
import { Proposals1764000000800 } from './scores/migrations/1764000000800-proposals.js';
import { ScorePeriods1764000001370 } from './scores/migrations/1764000001370-score-periods.js';
import { scoresProjection } from './scores/scores.projection.js';

/** Every read model the ledger maintains, in the order a batch is applied to them. */
export const projections: readonly Projection[] = [registryProjection, campaignsProjection, scoresProjection, commendationsProjection];

export const readModelMigrations = [
  ProjectionCheckpoints1764000000000,
  ScoreEvents1764000000100,
  Registry1764000000200,
  Campaigns1764000000300,
  Commendations1764000000400,
  Vetoes1764000000500,
  Publications1764000000600,
  Proposals1764000000800,
  ConferralRules1764000000810,
  Withdrawals1764000001340,
  CommendationCorrections1764000001341,
  PledgeMeasures1764000001342,
  PhaseWithdrawalProposals1764000001345,
  ClusterMemberDates1764000001346,
  PhaseWithdrawalProposalsBackfill1764000001347,
  HistoricalDecisions1764000001348,
  RegistryDates1764000001320,
  ScorePeriods1764000001370,
  SearchNames1764000001400,
  CommendationChanges1764000001410,
  ProjectionFailures1764000003000,
];
