import { Module } from '@nestjs/common';
import { StreamStates } from './stream-states.js';

/** One cache of folded streams per process, shared by the writer and the account lookups of the access guard. */
@Module({ providers: [StreamStates], exports: [StreamStates] })
export class StreamsModule {}
