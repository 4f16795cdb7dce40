import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CampaignLists } from '../../../projections/campaigns/campaign-lists.js';
import { Authorize, READERS, SCREEN_READERS } from '../../http/auth/access.decorator.js';
import { LedgerIdParam } from '../../http/params.js';
import { encodeCursor, ListQuery, pagingOf } from '../shared/list-query.dto.js';
import { ReadPositions, READS } from '../shared/read-position.service.js';
import { CampaignListQuery, CampaignPublicationListQuery, CampaignQuery, ClusterListQuery, PledgeListQuery } from './campaigns.dto.js';
import { CampaignDetail, CampaignList, ClusterDetail, ClusterList, PhaseList, PledgeList, PublicationList } from './campaigns.responses.js';

const AS_OF = 'asOf: the log as recorded then (a position or a timestamp; default: now). Paged: follow `next` (null at the end).';
const MEMBERS_ON =
  'on: the business date cluster members are taken on (as recorded by asOf); without it, the members as recorded alone, like a ranking without a date (docs/domain.md §3).';

/**
 * Browsing campaigns (issue 14): what a screen needs to find a campaign and its clusters without
 * knowing their ids. Campaigns, phases, clusters and publications are what the conference screen
 * shows, so every role may read them, like the rankings; pledges are read like their progress.
 */
@ApiTags('Phong trào thi đua (campaigns)')
@Controller('api/campaigns')
export class CampaignQueriesController {
  constructor(
    private readonly lists: CampaignLists,
    private readonly positions: ReadPositions,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Campaigns (phong trào thi đua), newest first: by year, by organiser',
    description: `An unknown organiserId is 404 naming it. ${AS_OF}`,
  })
  @ApiOkResponse({ type: CampaignList })
  @Authorize({ roles: SCREEN_READERS })
  async list(@Query() query: CampaignListQuery) {
    const paging = pagingOf(query, ['date', 'id']);
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.campaigns);
    const page = await this.lists.campaigns({ year: query.year ?? null, organiserId: query.organiserId ?? null }, asOf.position, paging);
    return { items: page.items, next: encodeCursor(page.next), asOf };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One campaign: title, year, organiser, dates, status, the scale (groups and criteria with their Vietnamese names), phases, clusters',
    description: `${MEMBERS_ON} asOf: the log as recorded then.`,
  })
  @ApiOkResponse({ type: CampaignDetail })
  @Authorize({ roles: SCREEN_READERS })
  async one(@LedgerIdParam('id') id: string, @Query() query: CampaignQuery) {
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.campaigns);
    return { ...(await this.lists.campaign(id, query.on ?? null, asOf.position)), on: query.on ?? null, asOf };
  }

  @Get(':id/phases')
  @ApiOperation({ summary: 'A campaign’s phases (đợt thi đua) by start date, each open, closed or withdrawn as recorded by asOf', description: AS_OF })
  @ApiOkResponse({ type: PhaseList })
  @Authorize({ roles: SCREEN_READERS })
  async phases(@LedgerIdParam('id') id: string, @Query() query: ListQuery) {
    const paging = pagingOf(query, ['date', 'id']);
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.campaigns);
    const page = await this.lists.phases(id, asOf.position, paging);
    return { campaignId: id, items: page.items, next: encodeCursor(page.next), asOf };
  }

  @Get(':id/clusters')
  @ApiOperation({
    summary: 'A campaign’s clusters and blocks (cụm, khối thi đua) by id, with head, deputy and member count',
    description: `${MEMBERS_ON} ${AS_OF}`,
  })
  @ApiOkResponse({ type: ClusterList })
  @Authorize({ roles: SCREEN_READERS })
  async clusters(@LedgerIdParam('id') id: string, @Query() query: ClusterListQuery) {
    const paging = pagingOf(query, ['id']);
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.campaigns);
    const page = await this.lists.clusters(id, query.on ?? null, asOf.position, paging);
    return { campaignId: id, on: query.on ?? null, items: page.items, next: encodeCursor(page.next), asOf };
  }

  @Get(':id/clusters/:clusterId')
  @ApiOperation({
    summary: 'One cluster: head, deputy and its members with their dates (fromOn, toOn), as they stood on a date as known at asOf',
    description: MEMBERS_ON,
  })
  @ApiOkResponse({ type: ClusterDetail })
  @Authorize({ roles: SCREEN_READERS })
  async cluster(@LedgerIdParam('id') id: string, @LedgerIdParam('clusterId') clusterId: string, @Query() query: CampaignQuery) {
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.campaigns);
    return { ...(await this.lists.cluster(id, clusterId, query.on ?? null, asOf.position)), on: query.on ?? null, asOf };
  }

  @Get(':id/pledges')
  @ApiOperation({
    summary: 'A campaign’s pledges (đăng ký, giao ước thi đua) with their targets, by unit: of one unit, or of a cluster’s members',
    description: `The pledges themselves; their progress is GET …/pledges/progress. An unknown unitId or clusterId is 404 naming it. ${AS_OF}`,
  })
  @ApiOkResponse({ type: PledgeList })
  @Authorize({ roles: READERS })
  async pledges(@LedgerIdParam('id') id: string, @Query() query: PledgeListQuery) {
    const paging = pagingOf(query, ['id', 'id']);
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.campaigns);
    const page = await this.lists.pledges(id, { unitId: query.unitId ?? null, clusterId: query.clusterId ?? null }, asOf.position, paging);
    return { campaignId: id, items: page.items, next: encodeCursor(page.next), asOf };
  }

  @Get(':id/publications')
  @ApiOperation({
    summary: 'A campaign’s published rankings (kết quả đã công bố) of every cluster, or of one, oldest first; withdrawn ones stay listed, marked',
    description: `An unknown clusterId is 404 naming it. ${AS_OF}`,
  })
  @ApiOkResponse({ type: PublicationList })
  @Authorize({ roles: SCREEN_READERS })
  async publications(@LedgerIdParam('id') id: string, @Query() query: CampaignPublicationListQuery) {
    const paging = pagingOf(query, ['position']);
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.campaigns);
    const page = await this.lists.publications(id, { clusterId: query.clusterId ?? null }, asOf.position, paging);
    return { campaignId: id, items: page.items, next: encodeCursor(page.next), asOf };
  }
}
