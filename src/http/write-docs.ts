import { applyDecorators, HttpCode } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiUnprocessableEntityResponse,
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

/** The shared OpenAPI description of a write: headers it honours and answers it gives. */
export function WriteDocs(summary: string) {
  return applyDecorators(
    HttpCode(201),
    ApiOperation({ summary }),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key + same body replays the first answer (200) and writes nothing' }),
    ApiHeader({ name: 'If-Match', required: false, description: 'Write only if the aggregate is at this version, e.g. "3"' }),
    ApiCreatedResponse({ description: '{ streamId, version, position, … } with ETag: "<version>"' }),
    ApiOkResponse({ description: 'Idempotent replay of an earlier identical request' }),
    ApiBadRequestResponse({ description: 'problem+json naming every invalid field' }),
    ApiNotFoundResponse({ description: 'Unknown resource in the path' }),
    ApiConflictResponse({ description: 'Version conflict (currentVersion) or the id already exists' }),
    ApiUnprocessableEntityResponse({ description: 'A domain rule refused the command (stable code)' }),
    ApiUnauthorizedResponse({ description: 'No valid bearer token (code unauthenticated)' }),
    ApiForbiddenResponse({ description: 'The account lacks the role or the scope (code forbidden, `needed` names them)' }),
  );
}
