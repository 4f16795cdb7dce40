import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReadPositions } from '../shared/read-position.service.js';
import { CommendationReads } from './commendation-reads.service.js';
import { RegisterQuery } from './commendations.dto.js';

@ApiTags('Khen thưởng (commendations)')
@Controller('api/commendations')
export class CommendationQueriesController {
  constructor(private readonly reads: CommendationReads, private readonly positions: ReadPositions) {}

  @Get('register')
  @ApiOperation({
    summary: 'Commendation register (sổ khen thưởng): counts and bonus money per group',
    description: 'Rows `{ ...groupKeys (with formLabel / authorityLabel / recipientKindLabel), count, amountVnd }` and `total`. Revoked decisions are excluded unless `status=all`.',
  })
  async register(@Query() query: RegisterQuery) {
    const asOf = await this.positions.resolve(undefined, query.minPosition);
    const result = await this.reads.register({
      unitId: query.unitId ?? null,
      includeSubunits: query.includeSubunits ?? false,
      year: query.year ?? null,
      groupBy: query.groupBy ?? [],
      includeRevoked: query.status === 'all',
    });
    return { asOf, ...result };
  }
}
