import type { Decider } from '../decider.js';
import { AlreadyExistsError, DomainRuleError, NotFoundError, unknownReference } from '../errors.js';
import type { PledgeActualReported, PledgeDirection, PledgeEvent, PledgeMeasure, PledgeSignatory, PledgeSigned, PledgeTarget } from '../events.js';
import { requireBusinessDates, requirePointsWithinLimit } from '../limits.js';
import { formatPoints, type Hundredths } from '../points.js';
import { isPeriod, PERIOD_RULE, periodWithin } from '../scores/periods.js';
import { requireOpenCampaign, type CampaignState } from './campaign.decider.js';

export type PledgeState =
  | { exists: false }
  | {
      exists: true;
      data: PledgeSigned['data'];
      /** The latest value reported per target and month (`criterionId` → period → value). */
      actuals: Map<string, Map<string, string>>;
    };

export interface PledgeTargetInput {
  criterionId: string;
  description: string | null;
  target: Hundredths;
  measure: PledgeMeasure | null;
  direction: PledgeDirection | null;
  unitLabel: string | null;
}
export type PledgeCommand =
  | {
      type: 'SignPledge';
      campaignId: string;
      pledgeId: string;
      /** The unit the pledge is under; with `officerId`, the officer's own unit. */
      unitId: string;
      officerId: string | null;
      signedOn: string;
      targets: PledgeTargetInput[];
    }
  | {
      type: 'ReportPledgeActual';
      campaignId: string;
      pledgeId: string;
      /** The reporting unit: the pledge's unit. */
      unitId: string;
      criterionId: string;
      period: string;
      value: Hundredths;
      evidence: string[];
    };
export interface PledgeContext {
  campaign: CampaignState;
  unitExists: boolean;
  /** An officer's pledge: the officer's unit now (null: no such officer). */
  officerUnitId?: string | null;
  /**
   * A report: the successors the pledge's unit was merged into, in order, each from its merge
   * date (empty: never merged). docs/domain.md §5, merges: open pledges carry on under the successor.
   */
  pledgeUnitSuccessors?: { unitId: string; from: string }[];
}

/**
 * Pledges (đăng ký, giao ước thi đua): a unit or an officer signs targets; a target with a measure
 * is kept by the unit's reports of actuals (PledgeActualReported), one value per month, the last
 * report of a month standing; a target without one is held against points (version 1).
 */
export const pledgeDecider: Decider<PledgeState, PledgeCommand, PledgeEvent, PledgeContext> = {
  initialState: () => ({ exists: false }),

  decide(command, state, context): PledgeEvent[] {
    const open = requireOpenCampaign(context.campaign, command.campaignId);
    if (command.type === 'ReportPledgeActual') return [reportActual(command, state, open, context.pledgeUnitSuccessors ?? [])];
    if (state.exists) throw new AlreadyExistsError('pledge', command.pledgeId);
    if (!context.unitExists) throw unknownReference('unit', command.unitId, 'unitId');
    let signatory: PledgeSignatory = { kind: 'unit', id: command.unitId };
    if (command.officerId !== null) {
      if (!context.officerUnitId) throw unknownReference('officer', command.officerId, 'officerId');
      if (context.officerUnitId !== command.unitId) {
        throw new DomainRuleError(
          'officer-not-in-unit',
          `officer '${command.officerId}' serves in '${context.officerUnitId}', not '${command.unitId}'`,
          'unitId',
          {
            officerUnitId: context.officerUnitId,
          },
        );
      }
      signatory = { kind: 'officer', id: command.officerId };
    }
    requireBusinessDates({ signedOn: command.signedOn });
    if (command.targets.length === 0) throw new DomainRuleError('targets-required', 'a pledge needs at least one target', 'targets');
    command.targets.forEach((target, i) => {
      if (!open.scale.criteria.has(target.criterionId)) throw unknownReference('criterion', target.criterionId, `targets[${i}].criterionId`);
      if (command.targets.findIndex((t) => t.criterionId === target.criterionId) !== i) {
        throw new DomainRuleError('duplicate-target', `criterion '${target.criterionId}' has two targets`, `targets[${i}].criterionId`);
      }
      if (target.target <= 0) throw new DomainRuleError('invalid-target', 'a target must be greater than zero', `targets[${i}].target`);
      requirePointsWithinLimit(target.target, `targets[${i}].target`, 'a target');
      if (target.measure === null && target.direction !== null)
        throw new DomainRuleError('direction-needs-measure', 'a direction is given with a measure', `targets[${i}].direction`);
      if (target.measure === 'yes-no' && (target.target !== 100 || (target.direction ?? 'at-least') !== 'at-least'))
        throw new DomainRuleError('invalid-target', 'a yes/no target is 1 (done), at least', `targets[${i}].target`);
      if (target.measure === 'percent' && target.direction !== 'reduce-by' && target.target > 100 * 100)
        throw new DomainRuleError('invalid-target', 'a percentage target is at most 100', `targets[${i}].target`);
    });
    const { campaignId, pledgeId, unitId, signedOn } = command;
    const targets = command.targets.map((t): PledgeTarget => ({
      criterionId: t.criterionId,
      description: t.description,
      target: formatPoints(t.target),
      measure: t.measure,
      direction: t.measure === null ? null : (t.direction ?? 'at-least'),
      unitLabel: t.unitLabel,
    }));
    return [{ type: 'PledgeSigned', data: { campaignId, pledgeId, unitId, signatory, signedOn, targets } }];
  },

  evolve(state, event): PledgeState {
    switch (event.type) {
      case 'PledgeSigned':
        return { exists: true, data: event.data, actuals: new Map() };
      case 'PledgeActualReported': {
        if (!state.exists) return state;
        const { criterionId, period, value } = event.data;
        const actuals = new Map(state.actuals);
        actuals.set(criterionId, new Map(actuals.get(criterionId)).set(period, value));
        return { ...state, actuals };
      }
    }
  },
};

function reportActual(
  command: Extract<PledgeCommand, { type: 'ReportPledgeActual' }>,
  state: PledgeState,
  campaign: Extract<CampaignState, { exists: true }>,
  successors: readonly { unitId: string; from: string }[],
): PledgeActualReported {
  if (!state.exists) throw new NotFoundError('pledge', command.pledgeId);
  if (isPeriod(command.period)) requireReporter(command, state.data.unitId, successors);
  const target = state.data.targets.find((t) => t.criterionId === command.criterionId);
  if (!target) throw unknownReference('target', command.criterionId, 'criterionId');
  if (target.measure === null) {
    throw new DomainRuleError(
      'target-measured-by-points',
      `the target on '${command.criterionId}' has no measure: it is held against the unit's points on its criterion, not reported`,
      'criterionId',
    );
  }
  if (!isPeriod(command.period)) throw new DomainRuleError('invalid-period', `period ${PERIOD_RULE}`, 'period');
  if (!periodWithin(command.period, campaign.startsOn, campaign.endsOn)) {
    throw new DomainRuleError(
      'period-outside-campaign',
      `period ${command.period} is outside the campaign (${campaign.startsOn} to ${campaign.endsOn})`,
      'period',
      {
        startsOn: campaign.startsOn,
        endsOn: campaign.endsOn,
      },
    );
  }
  // A reduction may be negative (it rose); every other measure counts up from zero.
  if (target.direction !== 'reduce-by' && command.value < 0) throw new DomainRuleError('invalid-value', 'the value cannot be negative', 'value');
  if (target.measure === 'yes-no' && command.value !== 0 && command.value !== 100)
    throw new DomainRuleError('invalid-value', 'a yes/no target is reported 1 (done) or 0 (not done)', 'value');
  requirePointsWithinLimit(Math.abs(command.value), 'value', 'a value');
  const { campaignId, pledgeId, criterionId, period, evidence } = command;
  return { type: 'PledgeActualReported', data: { campaignId, pledgeId, criterionId, period, value: formatPoints(command.value), evidence } };
}

/**
 * Who reports a month of a pledge (docs/domain.md §5, merges): the unit that stood for it on the
 * month's first day (the pledge's unit, or the successor it was merged into by then), or a later
 * successor (a merged unit reports nothing after it ended, so its successor fills in its earlier months).
 */
function requireReporter(
  command: Pick<Extract<PledgeCommand, { type: 'ReportPledgeActual' }>, 'pledgeId' | 'unitId' | 'period'>,
  pledgeUnitId: string,
  successors: readonly { unitId: string; from: string }[],
): void {
  const day = `${command.period}-01`;
  const line = [{ unitId: pledgeUnitId, from: '' }, ...successors];
  let standing = 0;
  line.forEach((unit, i) => {
    if (unit.from <= day) standing = i;
  });
  const reporters = line.slice(standing).map((unit) => unit.unitId);
  if (reporters.includes(command.unitId)) return;
  const stands = line[standing];
  throw new DomainRuleError(
    'not-the-pledge-unit',
    standing === 0
      ? `pledge '${command.pledgeId}' is under '${pledgeUnitId}': its unit reports`
      : `pledge '${command.pledgeId}' was under '${pledgeUnitId}', merged into '${stands.unitId}' on ${stands.from}: '${stands.unitId}' reports ${command.period}`,
    'unitId',
    { pledgeUnitId, reportingUnitIds: reporters },
  );
}

/**
 * Progress of a measured target (docs/domain.md, pledges): the actual (the latest month reported)
 * against the target in the target's own measure. At least and reduce-by: met when actual ≥ target,
 * percent = actual / target; at most: met when actual ≤ target, percent = target / actual (null at 0).
 * Percent in hundredths of a percent, rounded half up: exact, no floating point.
 */
export function measuredProgress(target: Pick<PledgeTarget, 'direction'>, targetValue: Hundredths, actual: Hundredths | null) {
  if (actual === null) return { met: false, percent: null as Hundredths | null };
  const ratio = (num: number, den: number): Hundredths | null => (den === 0 ? null : Number((BigInt(num) * 20000n + BigInt(den)) / (2n * BigInt(den))));
  if (target.direction === 'at-most') return { met: actual <= targetValue, percent: actual <= 0 ? null : ratio(targetValue, actual) };
  return { met: actual >= targetValue, percent: actual < 0 ? 0 : ratio(actual, targetValue) };
}
