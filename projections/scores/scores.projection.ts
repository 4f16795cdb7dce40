import type { ApplyContext, Projection } from '../runner/projection.js';
import { applyProposals } from './proposals.js';
import { applyScales, applyScoreEntries } from './score-entries.js';
import { applyVetoes } from './vetoes.js';

type Tables = 'events' | 'state' | 'scales' | 'vetoes' | 'proposals';

/**
 * The scores read model: score entries (their trail, running sums and the scales that cap them),
 * vetoes and proposals. One projection, one checkpoint: "the scores read model has applied
 * position N" covers all five tables, which the score reads join.
 */
export const scoresProjection: Projection<Tables> = {
  name: 'scores',
  tables: { events: 'rm_score_events', state: 'rm_score_state', scales: 'rm_score_scales', vetoes: 'rm_vetoes', proposals: 'rm_proposals' },
  handles: new Set([
    'CampaignLaunched',
    'ScoreEntryRecorded',
    'ScoreEntryReversed',
    'VetoImposed',
    'VetoLifted',
    'VetoAnnulled',
    'ChangeProposed',
    'ChangeApproved',
    'ChangeRejected',
  ]),

  async apply(events, { manager, tables }: ApplyContext<Tables>) {
    await applyScales(events, manager, tables.scales);
    await applyVetoes(events, manager, tables.vetoes);
    await applyProposals(events, manager, tables.proposals);
    await applyScoreEntries(events, manager, tables);
  },
};
