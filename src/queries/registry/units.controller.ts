import { Authorize, READERS } from '../../http/auth/access.decorator.js';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { LedgerIdParam } from '../../http/params.js';
import { ReadPositions, READS } from '../shared/read-position.service.js';
import { UnitReads } from '../../../projections/registry/unit-reads.js';
import { UnitQuery } from './units.dto.js';

@ApiTags('Đăng ký đơn vị, cán bộ (registry)')
@Controller('api/units')
export class UnitQueriesController {
  constructor(
    private readonly reads: UnitReads,
    private readonly positions: ReadPositions,
  ) {}

  @Get(':id')
  @ApiOperation({
    summary: 'A unit with its parent chain (up to the root) and children, as the tree stood at asOf',
    description: 'A unit not yet registered at that position is 404.',
  })
  @Authorize({ roles: READERS })
  async unit(@LedgerIdParam('id') id: string, @Query() query: UnitQuery) {
    const asOf = await this.positions.resolve(query.asOf, query.minPosition, READS.registry);
    return { ...(await this.reads.unit(id, asOf.position)), asOf };
  }
}
