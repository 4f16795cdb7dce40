import { Authorize, SCREEN_READERS, READERS } from '../../http/auth/access.decorator.js';
import { TableExport } from '../../http/table-export.js';
import { REGISTER_TABLE } from '../shared/tables.js';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadPositions, READS } from '../shared/read-position.service.js';
import { CommendationLists } from '../../../projections/commendations/commendation-lists.js';
import { CommendationReads } from '../../../projections/commendations/commendation-reads.js';
import { CommendationList } from './commendation-lists.responses.js';
import { CommendationListQuery, RegisterQuery } from './commendations.dto.js';
import { encodeCursor, pagingOf } from '../shared/list-query.dto.js';
import { ReadQuery } from '../shared/read-query.dto.js';
import { LedgerIdParam, YearParam } from '../../http/params.js';
import { ConferralParametersReads } from './conferral-parameters.reads.js';

@ApiTags('Khen thưởng (commendations)')
@Controller('api/commendations')
export class CommendationQueriesController {
  constructor(
    private readonly reads: CommendationReads,
    private readonly lists: CommendationLists,
    private readonly positions: ReadPositions,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Commendation decisions (quyết định khen thưởng), newest decision first: by recipient, unit (subtree), year, form, title, authority, status',
    description:
      'The decisions behind a register count: unitId, includeSubunits and year select exactly what GET /api/commendations/register counts (its status=active is status=active here). asOf: each decision as recorded then (its number, date and recipient before later corrections; revoked or not). An unknown unitId or recipientId is 404 naming it. Paged: follow `next` (null at the end).',
  })
  @ApiOkResponse({ type: CommendationList })
  @Authorize({ roles: READERS })
  async list(@Query() query: CommendationListQuery) {
    const paging = pagingOf(query, ['date', 'id']);
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.commendations);
    const filter = {
      recipientId: query.recipientId ?? null,
      unitId: query.unitId ?? null,
      includeSubunits: query.includeSubunits ?? false,
      year: query.year ?? null,
      form: query.form ?? null,
      title: query.title ?? null,
      authority: query.authority ?? null,
      status: query.status ?? 'all',
    };
    const page = await this.lists.list(filter, asOf.position, paging);
    return { items: page.items, next: encodeCursor(page.next), asOf };
  }

  @Get('register')
  @TableExport(REGISTER_TABLE)
  @ApiOperation({
    summary: 'Commendation register (sổ khen thưởng): counts and bonus money per group',
    description:
      'Rows `{ ...groupKeys (with formLabel / authorityLabel / recipientKindLabel), count, amountVnd }` and `total`. Revoked decisions are excluded unless `status=all`.',
  })
  @Authorize({ roles: SCREEN_READERS })
  async register(@Query() query: RegisterQuery) {
    const asOf = await this.positions.resolve(undefined, query.minPosition, READS.commendations);
    const result = await this.reads.register({
      unitId: query.unitId ?? null,
      includeSubunits: query.includeSubunits ?? false,
      year: query.year ?? null,
      yearBasis: query.yearBasis ?? 'achievement',
      groupBy: query.groupBy ?? [],
      includeRevoked: query.status === 'all',
      withDecisions: query.decisions ?? false,
    });
    return { asOf, unitId: query.unitId ?? null, year: query.year ?? null, ...result };
  }

  @Get('reviews')
  @ApiOperation({
    summary: 'Review list (rà soát): decisions in force that rested on an award since revoked (a title chain, a unit title needing a CSTĐCS)',
    description: 'Never revoked silently: each stays here until revoked in turn or upheld (POST /api/commendations/:id/review).',
  })
  @Authorize({ roles: READERS })
  async reviews(@Query() query: ReadQuery) {
    const asOf = await this.positions.resolve(undefined, query.minPosition, READS.commendations);
    return { asOf, reviews: await this.reads.reviews() };
  }

  @Authorize({ roles: READERS })
  @Get(':id')
  @ApiOperation({ summary: 'One decision as the register holds it: status, revocation, recovery, what it rested on' })
  async one(@LedgerIdParam('id') id: string, @Query() query: ReadQuery) {
    const asOf = await this.positions.resolve(undefined, query.minPosition, READS.commendations);
    return { asOf, ...(await this.reads.one(id)) };
  }
}

@ApiTags('Khen thưởng (commendations)')
@Controller('api/conferral-parameters')
export class ConferralParametersQueriesController {
  constructor(private readonly facts: ConferralParametersReads) {}

  @Authorize({ roles: READERS })
  @Get(':year')
  @ApiOperation({ summary: "The year's conferral parameters in force (defaults where never set)" })
  async get(@YearParam('year') year: number) {
    return { year, ...(await this.facts.parameters(year)) };
  }
}
