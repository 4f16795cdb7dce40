import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { projections } from '../../projections/index.js';
import { SCHEMA_VERSIONS } from '../../src/ledger/events.js';
import {
  EARLIEST_DATE,
  EARLIEST_YEAR,
  LATEST_DATE,
  LATEST_YEAR,
  MAX_AMOUNT_VND,
  MAX_POINTS,
  MAX_POINTS_HUNDREDTHS,
  MAX_POSITION,
  PHASE_TOTAL_WORST,
  SCORECARD_TOTAL_WORST,
} from '../../src/ledger/limits.js';
import { formatPoints } from '../../src/ledger/points.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { freshDatabase, freshDataDir, storeKinds } from '../support/databases.js';

/**
 * What the domain accepts, the read side holds: every column of every read model whose type is
 * not unbounded text, jsonb or boolean is mapped here to the event fields it is fed from and the
 * range limits.ts lets those take (or, for positions and times, the store's). The test reads the
 * column types of a freshly migrated database and asks PostgreSQL to cast both ends of each range
 * to the column's exact type. A new column without a row here, or a row for a column that is gone,
 * fails it; so does an event type that no longer exists.
 */
type Range = { min: string; max: string; why: string };

const points = (worst: number, why: string): Range => ({ min: formatPoints(-worst * 100), max: formatPoints(worst * 100), why });
const POSITION: Range = { min: '0', max: String(MAX_POSITION), why: 'log positions: integers below 2^53 (limits.ts MAX_POSITION)' };
const RECORDED: Range = { min: '2000-01-01T00:00:00Z', max: '2100-12-31T23:59:59Z', why: 'the store clock (recorded_at of an event)' };
const DATE: Range = { min: EARLIEST_DATE, max: LATEST_DATE, why: 'business dates (limits.ts)' };
const YEAR: Range = { min: String(EARLIEST_YEAR), max: String(LATEST_YEAR), why: 'the year of a business date' };
const SCORECARD = points(SCORECARD_TOTAL_WORST, 'a campaign scorecard: groups + bonus cap ≤ MAX_POINTS, penalty ≤ MAX_POINTS');
const PHASE = points(PHASE_TOTAL_WORST, 'a phase scorecard: ≤ MAX_SCORE_ENTRIES × MAX_POINTS + MAX_POINTS');

interface Column {
  from: string[];
  range: Range;
}

const COLUMNS: Record<string, Column> = {
  'rm_units.position': { from: ['UnitRegistered', 'UnitMoved', 'UnitRenamed', 'UnitMerged', 'UnitDissolved'], range: POSITION },
  'rm_unit_versions.position': { from: ['UnitRegistered', 'UnitMoved', 'UnitRenamed', 'UnitMerged', 'UnitDissolved', 'UnitRetired'], range: POSITION },
  'rm_unit_versions.recorded_at': { from: ['UnitRegistered', 'UnitMoved', 'UnitRenamed', 'UnitMerged', 'UnitDissolved', 'UnitRetired'], range: RECORDED },
  'rm_unit_versions.effective_on': {
    from: ['UnitRegistered.establishedOn', 'UnitMoved.effectiveOn', 'UnitRenamed.effectiveOn', 'UnitMerged.effectiveOn', 'UnitDissolved.effectiveOn'],
    range: DATE,
  },
  'rm_officers.position': { from: ['OfficerRegistered'], range: POSITION },
  'rm_officers.retired_on': { from: ['OfficerRetired.retiredOn'], range: DATE },
  'rm_officer_versions.position': { from: ['OfficerRegistered', 'OfficerTransferred', 'OfficerRetired', 'UnitMerged', 'UnitDissolved'], range: POSITION },
  'rm_officer_versions.effective_on': {
    from: ['OfficerTransferred.effectiveOn', 'OfficerRetired.retiredOn', 'UnitMerged.effectiveOn', 'UnitDissolved.effectiveOn'],
    range: DATE,
  },

  'rm_campaigns.starts_on': { from: ['CampaignLaunched.startsOn'], range: DATE },
  'rm_campaigns.ends_on': { from: ['CampaignLaunched.endsOn'], range: DATE },
  'rm_campaigns.position': { from: ['CampaignLaunched'], range: POSITION },
  'rm_campaigns.closed_position': { from: ['CampaignClosed'], range: POSITION },
  'rm_phases.starts_on': { from: ['PhaseAdded.startsOn'], range: DATE },
  'rm_phases.ends_on': { from: ['PhaseAdded.endsOn'], range: DATE },
  'rm_phases.position': { from: ['PhaseAdded'], range: POSITION },
  'rm_phases.closed_position': { from: ['PhaseClosed'], range: POSITION },
  'rm_phases.withdrawn_position': { from: ['PhaseWithdrawn'], range: POSITION },
  'rm_phase_withdrawal_proposals.proposed_on': { from: ['PhaseWithdrawalProposed.proposedOn'], range: DATE },
  'rm_phase_withdrawal_proposals.proposed_position': { from: ['PhaseWithdrawalProposed'], range: POSITION },
  'rm_phase_withdrawal_proposals.proposed_at': { from: ['PhaseWithdrawalProposed'], range: RECORDED },
  'rm_phase_withdrawal_proposals.decided_position': { from: ['PhaseWithdrawalApproved', 'PhaseWithdrawalRejected'], range: POSITION },
  'rm_phase_withdrawal_proposals.decided_at': { from: ['PhaseWithdrawalApproved', 'PhaseWithdrawalRejected'], range: RECORDED },
  'rm_clusters.position': { from: ['ClusterFormed'], range: POSITION },
  'rm_cluster_members.from_position': { from: ['ClusterFormed', 'ClusterMemberAdded'], range: POSITION },
  'rm_cluster_members.to_position': { from: ['ClusterMemberRemoved'], range: POSITION },
  'rm_cluster_members.from_on': { from: ['CampaignLaunched.startsOn', 'ClusterMemberAdded.effectiveOn'], range: DATE },
  'rm_cluster_members.to_on': { from: ['ClusterMemberRemoved.effectiveOn'], range: DATE },
  'rm_pledge_targets.signed_on': { from: ['PledgeSigned.signedOn'], range: DATE },
  'rm_pledge_targets.target': {
    from: ['PledgeSigned.targets[].target'],
    range: { min: '0.01', max: formatPoints(MAX_POINTS * 100), why: 'a target: > 0, ≤ MAX_POINTS' },
  },
  'rm_pledge_targets.position': { from: ['PledgeSigned'], range: POSITION },
  'rm_publications.reflects_position': { from: ['RankingPublished.position'], range: POSITION },
  'rm_publications.position': { from: ['RankingPublished'], range: POSITION },
  'rm_publications.recorded_at': { from: ['RankingPublished'], range: RECORDED },
  'rm_publications.withdrawn_position': { from: ['PublicationWithdrawn'], range: POSITION },
  'rm_publications.withdrawn_at': { from: ['PublicationWithdrawn'], range: RECORDED },
  'rm_pledge_actuals.value': {
    from: ['PledgeActualReported.value'],
    range: {
      min: formatPoints(-MAX_POINTS * 100),
      max: formatPoints(MAX_POINTS * 100),
      why: 'a reported value: |value| ≤ MAX_POINTS (a reduction may be negative)',
    },
  },
  'rm_pledge_actuals.position': { from: ['PledgeActualReported'], range: POSITION },
  'rm_pledge_actuals.recorded_at': { from: ['PledgeActualReported'], range: RECORDED },

  'rm_score_events.position': { from: ['ScoreEntryRecorded', 'ScoreEntryReversed'], range: POSITION },
  'rm_score_events.recorded_at': { from: ['ScoreEntryRecorded', 'ScoreEntryReversed'], range: RECORDED },
  'rm_score_events.points': { from: ['ScoreEntryRecorded.points'], range: SCORECARD },
  'rm_score_events.delta': { from: ['ScoreEntryRecorded.points', 'ScoreEntryReversed'], range: SCORECARD },
  'rm_score_events.total_after': { from: ['ScoreEntryRecorded.points', 'CampaignLaunched.scale'], range: SCORECARD },
  'rm_score_events.bonus_after': { from: ['ScoreEntryRecorded.points', 'CampaignLaunched.scale.bonusCap'], range: SCORECARD },
  'rm_score_events.penalty_after': { from: ['ScoreEntryRecorded.points'], range: SCORECARD },
  'rm_score_events.phase_total_after': { from: ['ScoreEntryRecorded.points', 'ScoreEntryRecorded.phaseId'], range: PHASE },
  'rm_score_events.phase_bonus_after': { from: ['ScoreEntryRecorded.points', 'ScoreEntryRecorded.phaseId'], range: PHASE },
  'rm_score_events.phase_penalty_after': { from: ['ScoreEntryRecorded.points', 'ScoreEntryRecorded.phaseId'], range: PHASE },
  'rm_score_state.bonus': {
    from: ['ScoreEntryRecorded.points'],
    range: { min: String(-MAX_POINTS_HUNDREDTHS), max: String(MAX_POINTS_HUNDREDTHS), why: 'hundredths, ≤ the bonus cap ≤ MAX_POINTS' },
  },
  'rm_score_state.penalty': {
    from: ['ScoreEntryRecorded.points'],
    range: { min: String(-MAX_POINTS_HUNDREDTHS), max: String(MAX_POINTS_HUNDREDTHS), why: 'hundredths, the penalty total ≤ MAX_POINTS' },
  },
  'rm_vetoes.imposed_position': { from: ['VetoImposed'], range: POSITION },
  'rm_vetoes.decided_on': { from: ['VetoImposed.decidedOn'], range: DATE },
  'rm_vetoes.lifted_position': { from: ['VetoLifted'], range: POSITION },
  'rm_vetoes.lifted_on': { from: ['VetoLifted.decidedOn'], range: DATE },
  'rm_vetoes.annulled_position': { from: ['VetoAnnulled'], range: POSITION },
  'rm_vetoes.annulled_on': { from: ['VetoAnnulled.decidedOn'], range: DATE },
  'rm_score_events.occurred_on': { from: ['ScoreEntryRecorded.occurredOn'], range: DATE },
  'rm_proposals.proposed_position': { from: ['ChangeProposed'], range: POSITION },
  'rm_proposals.proposed_at': { from: ['ChangeProposed'], range: RECORDED },
  'rm_proposals.decided_position': { from: ['ChangeApproved', 'ChangeRejected'], range: POSITION },
  'rm_proposals.decided_at': { from: ['ChangeApproved', 'ChangeRejected'], range: RECORDED },

  'rm_commendations.decided_on': { from: ['CommendationRecorded.decidedOn', 'CommendationCorrected.changes.decidedOn'], range: DATE },
  'rm_commendations.year': { from: ['CommendationRecorded.decidedOn', 'CommendationCorrected.changes.decidedOn'], range: YEAR },
  'rm_commendations.achievement_year': {
    from: ['CommendationRecorded.achievementPeriod.to', 'CommendationRecorded.decidedOn', 'CommendationCorrected.achievementYear'],
    range: YEAR,
  },
  'rm_commendations.amount_vnd': {
    from: ['CommendationRecorded.amountVnd'],
    range: { min: '0', max: String(MAX_AMOUNT_VND), why: 'limits.ts MAX_AMOUNT_VND' },
  },
  'rm_commendations.recovered_vnd': {
    from: ['RecoveryRecorded.amountVnd'],
    range: { min: '0', max: String(MAX_AMOUNT_VND), why: 'the recoveries of one award: at most its amount' },
  },
  'rm_commendations.revoked_on': { from: ['CommendationRevoked.decidedOn'], range: DATE },
  'rm_commendations.position': { from: ['CommendationRecorded'], range: POSITION },
  'rm_commendations.revoked_position': { from: ['CommendationRevoked'], range: POSITION },
  'rm_commendation_changes.position': {
    from: ['CommendationRecorded', 'CommendationCorrected', 'CommendationRevoked', 'RevocationAnnulled'],
    range: POSITION,
  },
  'rm_commendation_changes.decided_on': { from: ['CommendationRecorded.decidedOn', 'CommendationCorrected.changes.decidedOn'], range: DATE },
  'rm_commendation_changes.achievement_year': {
    from: ['CommendationRecorded.achievementPeriod.to', 'CommendationRecorded.decidedOn', 'CommendationCorrected.achievementYear'],
    range: YEAR,
  },
};

/** Types that hold anything the domain gives them. */
const UNBOUNDED = new Set(['text', 'jsonb', 'boolean', 'text[]']);

describe.each(storeKinds('read-model limits'))('read-model columns hold what the domain accepts (%s store)', (kind) => {
  let storage: Storage;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const dataDir = freshDataDir('ledger-limits');
    const database = kind === 'postgres' ? await freshDatabase('ledger_limits') : null;
    storage = await openStorage({ databaseUrl: database?.url ?? null, dataDir: dataDir.dir });
    cleanup = async () => {
      await storage.close();
      await database?.drop();
      dataDir.remove();
    };
  });
  afterAll(async () => cleanup?.());

  const columns = async () => {
    const tables = projections.flatMap((p) => Object.values(p.tables));
    const rows: { table: string; column: string; type: string }[] = await storage.dataSource.query(
      `SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1::text[]) AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY c.relname, a.attnum`,
      [tables],
    );
    expect(new Set(rows.map((r) => r.table))).toEqual(new Set(tables));
    return rows;
  };

  it('maps every bounded column to the event fields that feed it, and every row to a column that exists', async () => {
    const bounded = (await columns()).filter((c) => !UNBOUNDED.has(c.type)).map((c) => `${c.table}.${c.column}`);
    expect(bounded.filter((c) => !(c in COLUMNS))).toEqual([]);
    expect(Object.keys(COLUMNS).filter((c) => !bounded.includes(c))).toEqual([]);
    const types = new Set(Object.keys(SCHEMA_VERSIONS));
    expect(
      Object.values(COLUMNS)
        .flatMap((c) => c.from)
        .filter((field) => !types.has(field.split('.')[0])),
    ).toEqual([]);
  });

  it('casts both ends of each range to the column’s exact type, exactly', async () => {
    const problems: string[] = [];
    for (const { table, column, type } of await columns()) {
      const mapped = COLUMNS[`${table}.${column}`];
      if (!mapped) continue;
      for (const value of [mapped.range.min, mapped.range.max]) {
        try {
          const [row]: { v: string }[] = await storage.dataSource.query(`SELECT ($1::${type})::text AS v`, [value]);
          const back = /^numeric|bigint|integer/.test(type) ? Number(row.v) : row.v;
          const expected = /^numeric|bigint|integer/.test(type) ? Number(value) : null;
          if (expected !== null && back !== expected) problems.push(`${table}.${column} (${type}): ${value} comes back as ${row.v}`);
        } catch (error) {
          problems.push(`${table}.${column} (${type}) cannot hold ${value} (${mapped.range.why}): ${(error as Error).message}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps every points value exact in integer hundredths (JavaScript numbers)', () => {
    for (const worst of [SCORECARD_TOTAL_WORST, PHASE_TOTAL_WORST]) expect(Number.isSafeInteger(worst * 100)).toBe(true);
    expect(Number.isSafeInteger(MAX_AMOUNT_VND)).toBe(true);
  });
});
