import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { Authorize, LOG_READERS, SIGNED_IN } from '../../http/auth/access.decorator.js';
import type { AuthenticatedRequest } from '../../http/auth/access.guard.js';
import { LedgerIdParam } from '../../http/params.js';
import { IsAsOf } from '../shared/read-query.dto.js';
import { AccountReads, roleWithLabel } from './account-reads.js';

export class AccountAsOfQuery {
  @ApiPropertyOptional({ description: 'The account as it stood then: a global position or an ISO 8601 timestamp' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  @IsAsOf()
  asOf?: string;
}

@ApiTags('Tài khoản, phân quyền (accounts)')
@Controller('api')
export class AccountQueriesController {
  constructor(private readonly reads: AccountReads) {}

  @Get('me')
  @Authorize({ roles: SIGNED_IN })
  @ApiOperation({ summary: 'Who I am: my account and roles (tài khoản của tôi)' })
  me(@Req() req: AuthenticatedRequest) {
    const principal = req.principal!;
    return { id: principal.accountId, displayName: principal.displayName, via: principal.via, roles: principal.roles.map(roleWithLabel) };
  }

  @Get('accounts')
  @Authorize({ roles: LOG_READERS })
  @ApiOperation({ summary: 'Every account with its roles and tokens (no secrets), as of a position or time' })
  list(@Query() query: AccountAsOfQuery) {
    return this.reads.list(query.asOf);
  }

  @Get('accounts/:id')
  @Authorize({ roles: LOG_READERS }, { roles: [], self: { param: 'id' } })
  @ApiOperation({ summary: 'One account, as of a position or time, with its history (who granted what, when)' })
  one(@LedgerIdParam('id') id: string, @Query() query: AccountAsOfQuery) {
    return this.reads.one(id, query.asOf);
  }
}
