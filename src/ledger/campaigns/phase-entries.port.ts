/**
 * Where a phase withdrawal learns which score entries still name the phase: they live in the
 * scorecard streams (one per campaign and unit), which the campaign stream cannot see. The read side
 * answers once its read models have applied every event committed so far.
 */
export interface PhaseEntriesSource {
  /** The live entries of the phase (recorded and not reversed), by unit, oldest first. */
  liveEntries(campaignId: string, phaseId: string): Promise<LiveEntry[]>;
}

export interface LiveEntry {
  unitId: string;
  entryId: string;
}

export const PHASE_ENTRIES = Symbol('PhaseEntriesSource');
