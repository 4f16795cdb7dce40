import { existsSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import serveStatic from 'serve-static';

/** Where the built screen is (`npm run build` writes web/dist): LEDGER_WEB_DIR, else ./web/dist, as the data is in ./data. */
export function webAppDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.LEDGER_WEB_DIR?.trim() || 'web/dist');
}

/** The API's own paths: never answered with the screen, so that their 404s stay problem documents. */
function isServicePath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path === '/health' || path.startsWith('/health/');
}

/**
 * Serves the web app (web/, built by Vite) from the same process and port as the API: its files,
 * and index.html for every other page path (the app routes in the browser: /man-hinh/…, /dang-nhap).
 * Hashed assets are cached for a year; the rest is revalidated, so that a new build shows at once.
 * Without a build the service runs as an API only, and says so once.
 */
export function serveWebApp(app: NestExpressApplication, dir = webAppDir()): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    new Logger('WebApp').warn(`the web app is not built (${index} is missing): npm run build builds it, to be served at /`);
    return false;
  }
  const assets = join(dir, 'assets') + sep;
  const files = serveStatic(dir, {
    index: false,
    setHeaders: (res, path) => res.setHeader('Cache-Control', path.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    // API requests pass straight through: no file system lookup on their way.
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isServicePath(req.path)) return next();
    files(req, res, (error?: unknown) => {
      // A missing file (a path with an extension) is a 404 problem like any other; a page path is the app.
      if (error || extname(req.path) !== '') return next(error);
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  });
  return true;
}
