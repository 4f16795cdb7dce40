import type { Decider } from '../decider.js';
import { AlreadyExistsError, DomainRuleError, unknownReference } from '../errors.js';
import type { PledgeSigned } from '../events.js';
import { requireBusinessDates, requirePointsWithinLimit } from '../limits.js';
import { formatPoints, type Hundredths } from '../points.js';
import { requireOpenCampaign, type CampaignState } from './campaign.decider.js';

export type PledgeState = { exists: false } | { exists: true; data: PledgeSigned['data'] };

export interface PledgeTargetInput {
  criterionId: string;
  description: string | null;
  target: Hundredths;
  measure: string | null;
}
export type PledgeCommand = { type: 'SignPledge'; campaignId: string; pledgeId: string; unitId: string; signedOn: string; targets: PledgeTargetInput[] };
export interface PledgeContext {
  campaign: CampaignState;
  unitExists: boolean;
}

export const pledgeDecider: Decider<PledgeState, PledgeCommand, PledgeSigned, PledgeContext> = {
  initialState: () => ({ exists: false }),

  decide(command, state, { campaign, unitExists }) {
    const open = requireOpenCampaign(campaign, command.campaignId);
    if (state.exists) throw new AlreadyExistsError('pledge', command.pledgeId);
    if (!unitExists) throw unknownReference('unit', command.unitId, 'unitId');
    requireBusinessDates({ signedOn: command.signedOn });
    if (command.targets.length === 0) throw new DomainRuleError('targets-required', 'a pledge needs at least one target', 'targets');
    command.targets.forEach((target, i) => {
      if (!open.scale.criteria.has(target.criterionId)) throw unknownReference('criterion', target.criterionId, `targets[${i}].criterionId`);
      if (command.targets.findIndex((t) => t.criterionId === target.criterionId) !== i) {
        throw new DomainRuleError('duplicate-target', `criterion '${target.criterionId}' has two targets`, `targets[${i}].criterionId`);
      }
      if (target.target <= 0) throw new DomainRuleError('invalid-target', 'a target must be greater than zero', `targets[${i}].target`);
      requirePointsWithinLimit(target.target, `targets[${i}].target`, 'a target');
    });
    const { campaignId, pledgeId, unitId, signedOn } = command;
    const targets = command.targets.map((t) => ({
      criterionId: t.criterionId,
      description: t.description,
      target: formatPoints(t.target),
      measure: t.measure,
    }));
    return [{ type: 'PledgeSigned', data: { campaignId, pledgeId, unitId, signedOn, targets } }];
  },

  evolve: (_state, event) => ({ exists: true, data: event.data }),
};
