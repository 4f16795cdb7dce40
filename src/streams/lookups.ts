import { campaignDecider, type CampaignState } from '../ledger/campaigns/campaign.decider.js';
import { commendationDecider } from '../ledger/commendations/commendation.decider.js';
import { conferralParametersDecider, type ConferralParameters } from '../ledger/commendations/conferral-parameters.js';
import { streamIds } from '../ledger/ids.js';
import { unitDecider, type UnitState } from '../ledger/registry/unit.decider.js';
import type { StreamReader } from './stream-states.js';

/** Facts from other aggregates' streams, read through the reader a decision (or the access guard) was given. */

export function unitExists(reader: StreamReader, unitId: string): Promise<boolean> {
  return reader.exists(streamIds.unit(unitId));
}

export function officerExists(reader: StreamReader, officerId: string): Promise<boolean> {
  return reader.exists(streamIds.officer(officerId));
}

export async function unknownUnits(reader: StreamReader, unitIds: Iterable<string>): Promise<Set<string>> {
  const ids = [...new Set(unitIds)];
  const exists = await Promise.all(ids.map((id) => unitExists(reader, id)));
  return new Set(ids.filter((_, i) => !exists[i]));
}

/** A unit's folded state, read (and recorded) through the decision's reader. */
export async function unitState(reader: StreamReader, unitId: string): Promise<UnitState> {
  return (await reader.read(unitDecider, streamIds.unit(unitId))).state;
}

/**
 * The unit and its ancestors, nearest first, as the tree stands at the latest effective dates; a
 * parent merged or dissolved into a successor is replaced by the successor (its members went to
 * it). Stops on a cycle rather than looping.
 */
export async function unitAncestry(reader: StreamReader, unitId: string): Promise<string[]> {
  const chain: string[] = [];
  const seen = new Set<string>();
  let current: string | null = unitId;
  let first = true;
  while (current !== null && !seen.has(current)) {
    seen.add(current);
    const state: UnitState = await unitState(reader, current);
    if (!state.exists || state.retired) break;
    if (!first && state.ended !== null && state.ended.successorId !== null) {
      current = state.ended.successorId;
      continue;
    }
    first = false;
    chain.push(current);
    current = state.parentId;
  }
  return chain;
}

/** The successors a unit was merged into, in order, each from its merge date (docs/domain.md §5, merges); stops on a cycle. */
export async function mergeSuccessors(reader: StreamReader, unitId: string): Promise<{ unitId: string; from: string }[]> {
  const successors: { unitId: string; from: string }[] = [];
  const seen = new Set<string>([unitId]);
  for (let state = await unitState(reader, unitId); state.exists && state.ended?.how === 'merged' && state.ended.successorId !== null;) {
    const next: string = state.ended.successorId;
    if (seen.has(next)) break;
    seen.add(next);
    successors.push({ unitId: next, from: state.ended.on });
    state = await unitState(reader, next);
  }
  return successors;
}

/** Of these commendations, those revoked (unknown ids are not). */
export async function revokedCommendations(reader: StreamReader, commendationIds: readonly string[]): Promise<string[]> {
  const states = await Promise.all(commendationIds.map(async (id) => (await reader.read(commendationDecider, streamIds.commendation(id))).state));
  return commendationIds.filter((_, i) => {
    const state = states[i];
    return state.exists && state.revoked !== null;
  });
}

export async function campaignState(reader: StreamReader, campaignId: string): Promise<CampaignState> {
  return (await reader.read(campaignDecider, streamIds.campaign(campaignId))).state;
}

/** A year's conferral parameters (the defaults for what was never set). */
export async function conferralParameters(reader: StreamReader, year: number): Promise<ConferralParameters> {
  const { year: _year, ...parameters } = (await reader.read(conferralParametersDecider, streamIds.conferralParameters(year))).state;
  return parameters;
}
