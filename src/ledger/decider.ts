/**
 * A decider is the whole behaviour of one aggregate, with no I/O:
 * decide(command, state, context) → events (or a thrown refusal); evolve(state, event) → state.
 * `context` carries facts from other streams (does the unit exist? the campaign's scale?), read by
 * the write side before deciding, each stream through the one reader a decision is given, so that
 * the append is refused if one of them moved meanwhile (the decision is then taken again).
 */
export interface Decider<State, Command, Event, Context = undefined> {
  readonly initialState: () => State;
  decide(command: Command, state: State, context: Context): Event[];
  evolve(state: State, event: Event): State;
}

/** The state after `events`, from the beginning or from a state already folded. */
export function fold<State, Event>(
  decider: Pick<Decider<State, never, Event, never>, 'initialState' | 'evolve'>,
  events: Iterable<Event>,
  from?: State,
): State {
  let state = from ?? decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
