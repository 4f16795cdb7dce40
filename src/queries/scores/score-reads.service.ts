/**
 * The score reads live with their read model, in projections/scores/score-reads.ts. This path is
 * kept only for test/integration/seed.test.ts, which imports it; new code imports the projection's.
 */
export { auditJson, scorecardJson, ScoreReads, type RankingRow, type ScoreRow } from '../../../projections/scores/score-reads.js';
