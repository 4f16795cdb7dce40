import type { LoggerService } from '@nestjs/common';
import { TableExportInterceptor } from './http/table-export.js';
import { NestFactory, Reflector } from '@nestjs/core';
import helmet from 'helmet';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import type { LedgerConfig } from './config.js';
import type { NextFunction, Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, problemType } from './http/problem.js';
import { bodyLimits } from './http/body-limits.js';
import { ProblemFilter } from './http/problem.filter.js';
import { ledgerValidationPipe } from './http/validation.js';
import { serveWebApp } from './http/web-app.js';

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;
const MULTIPART_TYPE = /^multipart\/form-data\b/i;

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * docs/api.md: JSON everywhere. A body of another type is refused (415) rather than read as empty, and
 * every write says `Content-Type: application/json`, an empty one too: a type that no HTML form
 * can send, so no other web site can make a browser post a write here (a "simple" cross-site
 * request) — the browser must ask first (CORS preflight), and only CORS_ORIGINS are answered.
 */
function requireJsonBodies(req: Request, res: Response, next: NextFunction): void {
  const type = req.headers['content-type'];
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  const write = WRITE_METHODS.has(req.method) && req.path.startsWith('/api/');
  // The one upload: a spreadsheet to import, sent as a form would send it. It still needs the bearer token, which no other site can send.
  const upload = req.method === 'POST' && req.path === '/api/imports' && type !== undefined && MULTIPART_TYPE.test(type);
  if ((hasBody || write) && !upload && !(type && JSON_TYPE.test(type))) {
    const code = 'unsupported-media-type';
    res
      .status(415)
      .type(PROBLEM_CONTENT_TYPE)
      .send(
        JSON.stringify({
          type: problemType(code),
          title: 'Unsupported Media Type',
          status: 415,
          code,
          detail: type ? `Bodies must be application/json, not ${type}` : 'Every write must say Content-Type: application/json (an empty body too)',
          errors: [{ field: 'Content-Type', message: 'must be application/json' }],
        }),
      );
    return;
  }
  next();
}

/** Builds the HTTP application (used by main.ts and by the end-to-end tests). */
export async function createApp(config: LedgerConfig, options: { logger?: boolean | LoggerService } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: options.logger === false ? false : typeof options.logger === 'object' ? options.logger : config.logLevels,
    bodyParser: false,
  });
  app.use(
    helmet({
      // The API docs page (Swagger UI) runs its own inline script and styles; the screen's components
      // (Ant Design) write their styles at run time. The screen is often served over plain HTTP on an
      // intranet: upgrading its requests to HTTPS would load none of its files there.
      contentSecurityPolicy: {
        directives: { 'script-src': ["'self'", "'unsafe-inline'"], 'style-src': ["'self'", "'unsafe-inline'", 'https:'], 'upgrade-insecure-requests': null },
      },
    }),
  );
  app.enableCors({
    origin: config.auth.corsOrigins.length > 0 ? config.auth.corsOrigins : false,
    methods: ['GET', 'HEAD', 'POST', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'If-None-Match', 'X-Correlation-Id'],
    exposedHeaders: ['ETag', 'Retry-After'],
    maxAge: 600,
  });
  app.use(requireJsonBodies);
  app.useBodyParser('json', { limit: '5mb', type: ['application/json', 'application/*+json'] });
  // Before anything reads the request: nesting depth, NUL and lone surrogates (400, never a 500).
  app.use(bodyLimits);
  // The screen (web/) at `/`, on the same port: its pages and files; /api and /health stay the API's.
  serveWebApp(app);
  app.useGlobalPipes(ledgerValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalInterceptors(new TableExportInterceptor(app.get(Reflector)));
  app.enableShutdownHooks();
  app.set('etag', false);
  app.disable('x-powered-by');
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('campaign-ledger')
      .setDescription(
        'Sổ cái sự kiện cho phong trào thi đua "Vì An ninh Tổ quốc": giao ước, chấm điểm, xếp hạng cụm, khen thưởng. Every change is an immutable event; corrections are compensating events.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        description: 'A token from POST /api/sessions (people), POST /api/accounts/:id/tokens (scripts, screens) or LEDGER_ADMIN_TOKEN',
      })
      .addSecurityRequirements('bearer')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json' });
  return app;
}
