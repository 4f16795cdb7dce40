import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsLedgerId } from '../../http/validation.js';
import { ReadQuery } from '../shared/read-query.dto.js';

export class PledgeProgressQuery extends ReadQuery {
  @ApiPropertyOptional({ example: 'cum-9', description: 'Only the pledges of this cluster’s current members' }) @IsOptional() @IsLedgerId() clusterId?: string;
  @ApiPropertyOptional({ example: 'ca-hau-giang', description: 'Only this unit’s pledges' }) @IsOptional() @IsLedgerId() unitId?: string;
}
