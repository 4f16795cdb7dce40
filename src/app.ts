import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import type { LedgerConfig } from './config.js';
import type { NextFunction, Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, problemType } from './http/problem.js';
import { ProblemFilter } from './http/problem.filter.js';
import { ledgerValidationPipe } from './http/validation.js';

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;

/** api.md: JSON everywhere. A body of another type is refused (415) rather than read as empty. */
function requireJsonBodies(req: Request, res: Response, next: NextFunction): void {
  const type = req.headers['content-type'];
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && type && !JSON_TYPE.test(type)) {
    const code = 'unsupported-media-type';
    res.status(415).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify({
      type: problemType(code), title: 'Unsupported Media Type', status: 415, code,
      detail: `Bodies must be application/json, not ${type}`, errors: [{ field: 'Content-Type', message: 'must be application/json' }],
    }));
    return;
  }
  next();
}

/** Builds the HTTP application (used by main.ts and by the end-to-end tests). */
export async function createApp(config: LedgerConfig, options: { logger?: boolean } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: options.logger === false ? false : config.logLevels,
    bodyParser: false,
  });
  app.use(requireJsonBodies);
  app.useBodyParser('json', { limit: '5mb', type: ['application/json', 'application/*+json'] });
  app.useGlobalPipes(ledgerValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();
  app.set('etag', false);
  app.disable('x-powered-by');
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('campaign-ledger')
      .setDescription('Sổ cái sự kiện cho phong trào thi đua "Vì An ninh Tổ quốc": giao ước, chấm điểm, xếp hạng cụm, khen thưởng. Every change is an immutable event; corrections are compensating events.')
      .setVersion('0.1.0')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json' });
  return app;
}
