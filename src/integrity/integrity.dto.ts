import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** `<position>:<hash>`, comma-separated: head hashes kept outside the system. */
export const EXPECT_PATTERN = /^\d{1,15}:[0-9a-fA-F]{64}(,\d{1,15}:[0-9a-fA-F]{64}){0,99}$/;

export class IntegrityQuery {
  @ApiPropertyOptional({
    description:
      'Hashes kept outside the system (a published ranking, an official letter): `<position>:<hash>`, comma-separated (up to 100). The link at each position must be that hash.',
    example: '1000:3f5a…(64 hex digits)',
  })
  @IsOptional()
  @Matches(EXPECT_PATTERN, { message: 'must be <position>:<64 hex digits>, comma-separated' })
  expect?: string;
}

export function parseExpect(value: string | undefined): { position: number; hash: string }[] {
  if (!value) return [];
  return value.split(',').map((pair) => {
    const [position, hash] = pair.split(':');
    return { position: Number(position), hash: hash.toLowerCase() };
  });
}
