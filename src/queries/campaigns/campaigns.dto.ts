import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsIsoDate, IsLedgerId } from '../../http/validation.js';
import { EARLIEST_YEAR, LATEST_YEAR } from '../../ledger/limits.js';
import { DatedListQuery, ListQuery } from '../shared/list-query.dto.js';
import { AsOfQuery } from '../shared/read-query.dto.js';

export class CampaignListQuery extends ListQuery {
  @ApiPropertyOptional({ example: 2026, description: 'Campaigns whose dates overlap this calendar year' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(EARLIEST_YEAR)
  @Max(LATEST_YEAR)
  year?: number;

  @ApiPropertyOptional({ example: 'bo-cong-an', description: 'Campaigns launched by this organiser unit' }) @IsOptional() @IsLedgerId() organiserId?: string;
}

/** One campaign or one cluster: `on` is the date its clusters' members are counted on (cluster membership has business dates). */
export class CampaignQuery extends AsOfQuery {
  @ApiPropertyOptional({ example: '2026-06-30', description: 'Business date of cluster membership (default: as recorded, like a ranking without a date)' })
  @IsOptional()
  @IsIsoDate()
  on?: string;
}

export class ClusterListQuery extends DatedListQuery {}

export class PledgeListQuery extends ListQuery {
  @ApiPropertyOptional({ example: 'ca-hau-giang', description: 'Only the pledges under this unit' }) @IsOptional() @IsLedgerId() unitId?: string;
  @ApiPropertyOptional({ example: 'cum-9', description: 'Only the pledges of this cluster’s members (as recorded by asOf)' })
  @IsOptional()
  @IsLedgerId()
  clusterId?: string;
}

export class CampaignPublicationListQuery extends ListQuery {
  @ApiPropertyOptional({ example: 'cum-9', description: 'Only this cluster’s publications' }) @IsOptional() @IsLedgerId() clusterId?: string;
}
