import type { CommendationRecorded } from '../events.js';
import type { ConferralParameters } from './conferral-parameters.js';
import type { EligibilityFacts } from './eligibility.js';

/**
 * Where a decision's eligibility facts come from (the recipient's awards, its unit's quota, its
 * cluster's final ranking: histories that are no single stream), as of every event committed so
 * far. The parameters are not among them: the decision reads them from their stream.
 */
export interface EligibilityFactsSource {
  /** The facts the decision's rules need (`factsNeeded`), with the parameters it read. */
  gather(decision: CommendationRecorded['data'], parameters: ConferralParameters): Promise<EligibilityFacts>;
}

export const ELIGIBILITY_FACTS = Symbol('EligibilityFactsSource');
