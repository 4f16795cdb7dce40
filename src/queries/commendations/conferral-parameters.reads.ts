import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { conferralParametersDecider, type ConferralParameters } from '../../ledger/commendations/conferral-parameters.js';
import { fold } from '../../ledger/decider.js';
import type { ConferralParametersSet } from '../../ledger/events.js';
import { streamIds } from '../../ledger/ids.js';

/** A year's parameters are one short stream: read and folded directly, no read model needed. */
@Injectable()
export class ConferralParametersReads {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async parameters(year: number): Promise<ConferralParameters> {
    const events = await this.store.readStream(streamIds.conferralParameters(year));
    const { year: _year, ...parameters } = fold(
      conferralParametersDecider,
      events.map((e) => ({ type: e.type, data: e.data }) as ConferralParametersSet),
    );
    return parameters;
  }
}
