import { Authorize, READERS } from '../../http/auth/access.decorator.js';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LedgerIdParam } from '../../http/params.js';
import { ReadPositions, READS } from '../shared/read-position.service.js';
import { RegistryLists } from '../../../projections/registry/registry-lists.js';
import { UnitReads } from '../../../projections/registry/unit-reads.js';
import { encodeCursor, pagingOf } from '../shared/list-query.dto.js';
import { AsOfQuery } from '../shared/read-query.dto.js';
import { OfficerList, UnitList } from './registry-lists.responses.js';
import { OfficerListQuery, OfficerQuery, UnitListQuery, UnitQuery } from './units.dto.js';

const TWO_CLOCKS = 'on: the business date (default: the latest effective date); asOf: the log as recorded then (a position or a timestamp; default: now).';

@ApiTags('Đăng ký đơn vị, cán bộ (registry)')
@Controller('api/units')
export class UnitQueriesController {
  constructor(
    private readonly reads: UnitReads,
    private readonly lists: RegistryLists,
    private readonly positions: ReadPositions,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Units (danh sách đơn vị) on a date as known at asOf, by id: search by name without tone marks, by parent, by kind',
    description: `${TWO_CLOCKS} Only units standing on that date (established, not merged or dissolved; includeEnded=true adds the ended ones). An unknown parentId is 404 naming it. Paged: follow \`next\` (null at the end).`,
  })
  @ApiOkResponse({ type: UnitList })
  @Authorize({ roles: READERS })
  async list(@Query() query: UnitListQuery) {
    const paging = pagingOf(query, ['id']);
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.registry);
    const filter = { q: query.q ?? null, parentId: query.parentId ?? null, kind: query.kind ?? null, includeEnded: query.includeEnded ?? false };
    const page = await this.lists.units(filter, query.on ?? null, asOf.position, paging);
    return { items: page.items, next: encodeCursor(page.next), on: query.on ?? null, asOf };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'A unit with its parent chain (up to the root) and children, as it stood on a date as known at asOf',
    description: `${TWO_CLOCKS} A unit not registered at asOf, not yet established on that date, or retired as registered in error is 404; one merged or dissolved by then answers its status, end date and successor.`,
  })
  @Authorize({ roles: READERS })
  async unit(@LedgerIdParam('id') id: string, @Query() query: UnitQuery) {
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.registry);
    return { ...(await this.reads.unit(id, query.on ?? null, asOf.position)), on: query.on ?? null, asOf };
  }

  @Get(':id/tree')
  @ApiOperation({ summary: 'The unit and every unit under it, on a date as known at asOf (sơ đồ tổ chức)', description: TWO_CLOCKS })
  @Authorize({ roles: READERS })
  async tree(@LedgerIdParam('id') id: string, @Query() query: UnitQuery) {
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.registry);
    return { ...(await this.reads.tree(id, query.on ?? null, asOf.position)), on: query.on ?? null, asOf };
  }

  @Get(':id/lineage')
  @ApiOperation({
    summary: 'A unit’s lineage: renamed from, moves, the units merged or dissolved into it, its own successor, with dates',
    description: 'asOf: the log as recorded then.',
  })
  @Authorize({ roles: READERS })
  async lineage(@LedgerIdParam('id') id: string, @Query() query: AsOfQuery) {
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.registry);
    return { ...(await this.reads.lineage(id, asOf.position)), asOf };
  }
}

@ApiTags('Đăng ký đơn vị, cán bộ (registry)')
@Controller('api/officers')
export class OfficerQueriesController {
  constructor(
    private readonly reads: UnitReads,
    private readonly lists: RegistryLists,
    private readonly positions: ReadPositions,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Officers (danh sách cán bộ) on a date as known at asOf, by id: by the unit they serve in then, search by name without tone marks',
    description: `${TWO_CLOCKS} Serving officers only unless includeRetired=true; an officer registered in error is never listed. An unknown unitId is 404 naming it. Paged: follow \`next\`.`,
  })
  @ApiOkResponse({ type: OfficerList })
  @Authorize({ roles: READERS })
  async list(@Query() query: OfficerListQuery) {
    const paging = pagingOf(query, ['id']);
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.registry);
    const filter = { q: query.q ?? null, unitId: query.unitId ?? null, includeRetired: query.includeRetired ?? false };
    const page = await this.lists.officers(filter, query.on ?? null, asOf.position, paging);
    return { items: page.items, next: encodeCursor(page.next), on: query.on ?? null, asOf };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'An officer: the unit on a date as known at asOf, postings, retirement',
    description: `${TWO_CLOCKS} An officer retired as registered in error is 404.`,
  })
  @Authorize({ roles: READERS })
  async officer(@LedgerIdParam('id') id: string, @Query() query: OfficerQuery) {
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.registry);
    return { ...(await this.reads.officer(id, query.on ?? null, asOf.position)), on: query.on ?? null, asOf };
  }
}
