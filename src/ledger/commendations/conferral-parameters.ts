import type { Decider } from '../decider.js';
import { DomainRuleError } from '../errors.js';
import type { ConferralParametersSet } from '../events.js';

/**
 * Yearly parameters of the conferral rules (docs/domain.md §3 and §6 rules 3 and 6): illustrative
 * defaults, set per year by the organiser (POST /api/conferral-parameters). Shares are decimal
 * strings so that "2/3 of the members" stays exact enough for small clusters ("0.6667" of 6 → 4).
 */
export interface ConferralParameters {
  /** Rule 3: a Government-flag nominee ranks in the top k of its cluster's final published ranking. */
  governmentFlagTopK: number;
  /** §3: Government flags per cluster and campaign. */
  governmentFlagsPerCluster: number;
  /** §3: Ministry flags for at most this share of a cluster's members (rounded down). */
  ministryFlagShare: string;
  /** Rule 6: CSTĐCS for at most this share of a unit's CSTT holders of the year (rounded down). */
  cstdcsShareOfCstt: string;
}

export const DEFAULT_CONFERRAL_PARAMETERS: Readonly<ConferralParameters> = {
  governmentFlagTopK: 1,
  governmentFlagsPerCluster: 1,
  ministryFlagShare: '0.6667',
  cstdcsShareOfCstt: '0.15',
};

/** floor(count × share) in exact integer arithmetic (share has at most 4 decimal places). */
export function shareOf(count: number, share: string): number {
  const [whole, fraction = ''] = share.split('.');
  const tenThousandths = Number(whole) * 10_000 + Number(fraction.padEnd(4, '0').slice(0, 4));
  return Math.floor((count * tenThousandths) / 10_000);
}

export function validateParameters(parameters: ConferralParameters): void {
  for (const field of ['ministryFlagShare', 'cstdcsShareOfCstt'] as const) {
    if (!/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/.test(parameters[field])) {
      throw new DomainRuleError('invalid-share', `${field} must be a decimal between 0 and 1 with at most 4 places`, field);
    }
  }
  for (const field of ['governmentFlagTopK', 'governmentFlagsPerCluster'] as const) {
    if (!Number.isInteger(parameters[field]) || parameters[field] < 0 || parameters[field] > 100) {
      throw new DomainRuleError('invalid-parameter', `${field} must be a whole number from 0 to 100`, field);
    }
  }
}

export type ConferralParametersState = ConferralParameters & { year: number | null };
export interface SetConferralParameters {
  type: 'SetConferralParameters';
  year: number;
  changes: Partial<ConferralParameters>;
}

/** One stream per year: each event holds the full set in force from then on (defaults for what was never set). */
export const conferralParametersDecider: Decider<ConferralParametersState, SetConferralParameters, ConferralParametersSet, undefined> = {
  initialState: () => ({ ...DEFAULT_CONFERRAL_PARAMETERS, year: null }),
  decide({ year, changes }, state) {
    const { year: _year, ...current } = state;
    const next: ConferralParameters = { ...current, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
    validateParameters(next);
    return [{ type: 'ConferralParametersSet', data: { year, ...next } }];
  },
  evolve: (_state, event) => ({ ...event.data }),
};
