import { Controller, Query, Req, Sse, type MessageEvent } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { Authorize, AcceptsTokenInQuery, SCREEN_READERS } from '../../http/auth/access.decorator.js';
import { authorizationOf, type AuthenticatedRequest } from '../../http/auth/access.guard.js';
import { RequestValidationError } from '../../http/problem.js';
import { AccountDirectory } from '../../identity/account-directory.js';
import { rolesGranting } from '../../ledger/accounts/roles.js';
import { ReadModelLookups } from '../../../projections/shared/read-model-lookups.js';
import { LiveFeed } from './live-feed.js';
import { liveEvents } from './live-messages.js';
import { LiveQuery } from './live.dto.js';

const MESSAGE_DESCRIPTION = [
  'Server-sent events (text/event-stream). Each message: `event: position`, `id: <position>`,',
  '`data: { position, recordedAt, campaignIds, touched: { rankings: [{ campaignId, clusterId }], scorecards: [{ campaignId, unitId }], publications: [{ campaignId, clusterId }] } }`,',
  'sent once the read models have applied that position (a read made after it sees it). The first message is where the read models stand',
  'when the stream opens (nothing touched). A `: keep-alive` comment every 15 s; the stream ends when the token no longer signs in.',
].join(' ');

/** docs/api.md "ETag and live": the positions the read models apply, for screens to refresh only what changed. */
@ApiTags('Trực tiếp (live)')
@Controller('api')
export class LiveController {
  constructor(
    private readonly feed: LiveFeed,
    private readonly lookups: ReadModelLookups,
    private readonly accounts: AccountDirectory,
  ) {}

  @Authorize({ roles: SCREEN_READERS })
  @AcceptsTokenInQuery()
  @Sse('live')
  @ApiOperation({ summary: 'Live: each position the read models apply and the rankings and scorecards it touched (server-sent events)' })
  @ApiOkResponse({
    description: MESSAGE_DESCRIPTION,
    content: {
      'text/event-stream': {
        schema: { type: 'string' },
        example:
          'event: position\nid: 1207\ndata: {"position":1207,"recordedAt":"2026-07-15T02:00:00.000Z","campaignIds":["vi-an-ninh-to-quoc-2026"],"touched":{"rankings":[{"campaignId":"vi-an-ninh-to-quoc-2026","clusterId":"cum-9"}],"scorecards":[{"campaignId":"vi-an-ninh-to-quoc-2026","unitId":"ca-hau-giang"}],"publications":[]}}\n\n: keep-alive\n\n',
      },
    },
  })
  async live(@Query() query: LiveQuery, @Req() request: AuthenticatedRequest): Promise<Observable<MessageEvent>> {
    const campaignId = query.campaignId ?? null;
    const clusterId = query.clusterId ?? null;
    if (clusterId !== null && campaignId === null)
      throw new RequestValidationError([{ field: 'clusterId', message: 'needs campaignId (a cluster belongs to a campaign)' }]);
    if (campaignId !== null) await this.lookups.campaignScale(campaignId);
    if (campaignId !== null && clusterId !== null) await this.lookups.requireCluster(campaignId, clusterId);
    const authorization = authorizationOf(request, true);
    const stillAllowed = async () => {
      const principal = await this.accounts.authenticate(authorization);
      return principal.roles.some((grant) => SCREEN_READERS.some((role) => rolesGranting(role).includes(grant.role)));
    };
    // Ended by a shutdown, the stream's connection is closed too: left open (keep-alive) it would hold the server's close for its idle timeout.
    request.res?.once('finish', () => {
      if (this.feed.closed) request.socket.end();
    });
    return liveEvents(this.feed.follow(), { campaignId, clusterId }, stillAllowed);
  }
}
