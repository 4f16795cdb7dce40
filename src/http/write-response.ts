import type { Response } from 'express';
import type { WriteResult } from '../streams/write-request.js';

/** 201 (or 200 for an idempotent replay), the body, and the aggregate's version as ETag. */
export function sendWrite(response: Response, result: WriteResult): WriteResult['body'] {
  response.status(result.status).setHeader('ETag', `"${result.body.version}"`);
  return result.body;
}
