import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { IsLedgerId } from '../../http/validation.js';

export class LiveQuery {
  @ApiPropertyOptional({ description: 'Only what touches this campaign', example: 'vi-an-ninh-to-quoc-2026' })
  @IsOptional()
  @IsLedgerId()
  campaignId?: string;

  @ApiPropertyOptional({
    description: "Only what touches this cluster of the campaign: its ranking, its members' scorecards, its publications (needs campaignId)",
    example: 'cum-9',
  })
  @IsOptional()
  @IsLedgerId()
  clusterId?: string;

  @ApiPropertyOptional({
    description: 'The bearer token, for a browser EventSource (it cannot send Authorization); never together with the header. Prefer a viewer token',
  })
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  access_token?: string;
}
