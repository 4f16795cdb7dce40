import { Injectable } from '@nestjs/common';
import type { ConferralParameters } from '../../ledger/commendations/conferral-parameters.js';
import { conferralParameters } from '../../streams/lookups.js';
import { StreamStates } from '../../streams/stream-states.js';

/** A year's parameters are one short stream: read and folded directly, no read model needed. */
@Injectable()
export class ConferralParametersReads {
  constructor(private readonly streams: StreamStates) {}

  parameters(year: number): Promise<ConferralParameters> {
    return conferralParameters(this.streams.now, year);
  }
}
