import { createHash } from 'node:crypto';
import { Inject, Injectable, Optional, SetMetadata, StreamableFile, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { SSE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, of, switchMap, map, type Observable } from 'rxjs';
import { LruCache } from '../lru-cache.js';

/** Where the read models stand, for the reads that answer from them alone (see `AnswersFromReadModels`). */
export interface ReadModelClock {
  /**
   * `fingerprint` changes whenever any read model applies an event (every checkpoint, in order);
   * `position` is the lowest checkpoint: every read model has applied the log up to there.
   */
  now(): Promise<{ fingerprint: string; position: number }>;
}

export const READ_MODEL_CLOCK = Symbol('ReadModelClock');

const FROM_READ_MODELS = Symbol('answersFromReadModels');

/**
 * The route's answer is a function of its URL and the read models' tables alone: not of the caller
 * (the access guard still runs), the time of day, or the log ahead of the read models. While no read
 * model has moved, a client holding its current ETag is answered 304 without reading anything.
 */
export const AnswersFromReadModels = () => SetMetadata(FROM_READ_MODELS, true);

/** How many URLs the 304-without-reading path remembers (the conference screens' rankings and scorecards). */
const REMEMBERED_ANSWERS = 4096;

/** A strong entity tag: the SHA-256 of the bytes sent (RFC 9110 §8.8.3), so equal tags mean equal bodies. */
export function strongETag(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/**
 * docs/api.md "ETag and live": every successful `GET /api/*` answers an `ETag` and honours
 * `If-None-Match` with `304` and no body. The tag is a strong hash of the body the read sends, so a
 * 304 is right by construction; a route that sets its own tag (a stream's version) keeps it. Express
 * evaluates `If-None-Match` when the body is sent (`req.fresh`: the weak comparison of RFC 9110
 * §13.1.2, lists and `*`), and only for 2xx answers: errors (problem+json) carry no tag, since they
 * leave through the exception filter, never through here. Event streams are left alone.
 *
 * A route marked `AnswersFromReadModels` also skips the read itself: its URL's last tag is remembered
 * with the read models' checkpoints it was read at; while those have not moved (and the request
 * neither asks an `asOf` nor waits for a later `minPosition`), a matching `If-None-Match` is answered
 * 304 at once.
 */
@Injectable()
export class ETagInterceptor implements NestInterceptor {
  private readonly remembered = new LruCache<string, { etag: string; fingerprint: string }>(REMEMBERED_ANSWERS);

  constructor(
    private readonly reflector: Reflector,
    @Optional() @Inject(READ_MODEL_CLOCK) private readonly clock: ReadModelClock | null = null,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const handler = context.getHandler();
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !request.path.startsWith('/api/') || Reflect.getMetadata(SSE_METADATA, handler)) {
      return next.handle();
    }
    const clock = this.clock;
    if (!clock || !this.reflector.get<boolean>(FROM_READ_MODELS, handler) || request.query.asOf !== undefined) {
      return next.handle().pipe(map((body) => tag(response, body)));
    }
    const key = answerKey(request.originalUrl);
    return from(clock.now()).pipe(
      switchMap((before) => {
        const known = this.remembered.get(key);
        if (
          known &&
          known.fingerprint === before.fingerprint &&
          reached(request.query.minPosition, before.position) &&
          matches(request, response, known.etag)
        ) {
          // Express answers 304 with no body once it sees the request fresh against this tag.
          return of(undefined);
        }
        return next.handle().pipe(
          switchMap(async (body) => {
            const answer = tag(response, body);
            const etag = response.getHeader('ETag');
            // Remembered only when no read model moved while reading: the body is then the one of `before`.
            const after = await clock.now();
            if (typeof etag === 'string' && after.fingerprint === before.fingerprint) this.remembered.set(key, { etag, fingerprint: before.fingerprint });
            else this.remembered.delete(key);
            return answer;
          }),
        );
      }),
    );
  }
}

/** Sets the ETag (unless the route set its own) and `Cache-Control` on a successful answer; the body passes through. */
function tag(response: Response, body: unknown): unknown {
  if (body === undefined || body === null || body instanceof StreamableFile || response.statusCode < 200 || response.statusCode >= 300) return body;
  if (!response.getHeader('ETag')) {
    // What the Express adapter sends: objects as JSON (res.json, no replacer or spaces), anything else as text.
    response.setHeader('ETag', strongETag(typeof body === 'object' ? JSON.stringify(body) : String(body)));
  }
  // Signed-in answers: a browser may keep them but must ask again each time (with If-None-Match); no shared cache.
  response.setHeader('Cache-Control', 'private, no-cache');
  return body;
}

/** Express's own evaluation of If-None-Match against `etag`; the tag stays set only when it matches. */
function matches(request: Request, response: Response, etag: string): boolean {
  response.setHeader('ETag', etag);
  if (request.fresh) {
    response.setHeader('Cache-Control', 'private, no-cache');
    return true;
  }
  response.removeHeader('ETag');
  return false;
}

/** The URL without `minPosition`: once the read models have reached it, it changes nothing in the answer. */
function answerKey(originalUrl: string): string {
  const [path, query = ''] = originalUrl.split('?', 2);
  const params = new URLSearchParams(query);
  params.delete('minPosition');
  const rest = params.toString();
  return rest ? `${path}?${rest}` : path;
}

/** A `minPosition` the read models have reached (else the read would wait, and must run). */
function reached(minPosition: unknown, position: number): boolean {
  if (minPosition === undefined) return true;
  return typeof minPosition === 'string' && /^\d{1,15}$/.test(minPosition) && Number(minPosition) <= position;
}
