import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../../event-store/event-store.port.js';
import { NotFoundError } from '../../ledger/errors.js';
import { Authorize, LOG_READERS } from '../../http/auth/access.decorator.js';
import { withoutSecrets } from '../../ledger/accounts/secret-fields.js';
import { ReadAllQuery, ReadStreamQuery } from './log.dto.js';

/** The raw log for auditors: exactly what was recorded, in order. */
@ApiTags('Nhật ký sự kiện (event log)')
@Controller('api')
@Authorize({ roles: LOG_READERS })
export class LogController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('events')
  @ApiOperation({ summary: 'The global log after a position; follow `next` to page on (null at the end)' })
  async readAll(@Query() query: ReadAllQuery) {
    // One event more than asked for tells whether anything follows: `next` is null at the end of the log.
    const limit = query.limit ?? 100;
    const read = await this.store.readAll({ after: query.after ?? 0, limit: limit + 1 });
    const events = read.slice(0, limit);
    return { events: events.map(toJson), next: read.length > limit ? events[limit - 1].position : null };
  }

  @Get('streams/:streamId')
  @ApiOperation({ summary: "One stream's events, e.g. scorecard:<campaignId>:<unitId>" })
  async readStream(@Param('streamId') streamId: string, @Query() query: ReadStreamQuery, @Res({ passthrough: true }) res: Response) {
    const version = await this.store.streamVersion(streamId);
    if (version === 0) throw new NotFoundError('stream', streamId);
    const events = await this.store.readStream(streamId, {
      fromVersion: query.fromVersion,
      limit: query.limit ?? 100,
      direction: query.direction ?? 'forward',
    });
    res.setHeader('ETag', `"${version}"`);
    return { streamId, version, events: events.map(toJson) };
  }
}

function toJson(event: StoredEvent) {
  return {
    id: event.id,
    streamId: event.streamId,
    version: event.version,
    position: event.position,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: withoutSecrets(event.data),
    metadata: event.metadata,
    recordedAt: event.recordedAt.toISOString(),
  };
}
