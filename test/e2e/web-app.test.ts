import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type TestApp } from '../support/app.js';

/**
 * The web app is served by the service itself (src/http/web-app.ts): its files, index.html for the
 * app's own page paths, and nothing of it under /api or /health, whose 404s stay problem documents.
 * A stand-in build (LEDGER_WEB_DIR) keeps this suite independent of Vite.
 */
describe('the web app served at / (embedded store)', () => {
  let t: TestApp;
  let dir = '';
  const previous = process.env.LEDGER_WEB_DIR;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><html lang="vi"><body><div id="root">sổ cái</div><script type="module" src="/assets/app-1a2b3c.js"></script></body></html>',
    );
    writeFileSync(join(dir, 'assets/app-1a2b3c.js'), 'console.log("xin chào");');
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    process.env.LEDGER_WEB_DIR = dir;
    t = await startApp('embedded');
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.LEDGER_WEB_DIR;
    else process.env.LEDGER_WEB_DIR = previous;
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the app at / and at its page paths, revalidated, under a policy that loads its own files only', async () => {
    for (const path of ['/', '/dang-nhap', '/man-hinh/vi-an-ninh-to-quoc-2026/cum-9?token=abc', '/phong-trao/x/don-vi/y/nhat-ky']) {
      const res = await t.anonymous().get(path).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('<div id="root">sổ cái</div>');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    const csp = (await t.anonymous().get('/').expect(200)).headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    // Served over plain HTTP on an intranet, its files must not be asked for over HTTPS.
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('serves hashed assets for a year, other files revalidated', async () => {
    const asset = await t.anonymous().get('/assets/app-1a2b3c.js').expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await t.anonymous().get('/favicon.svg').expect(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('leaves /api and /health to the API: their 404s are problem documents, never the app', async () => {
    for (const path of ['/api/khong-co', '/api', '/health/khong-co', '/assets/khong-co.js']) {
      const res = await t.anonymous().get(path).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('route-not-found');
    }
    expect((await t.anonymous().get('/health').expect(200)).body.status).toBe('ok');
    expect((await t.http().get('/api/me').expect(200)).body.id).toBe('admin');
    // Only reads are the app's: a write to a page path is the API's 404.
    const post = await t.anonymous().post('/dang-nhap').set('Content-Type', 'application/json').send({}).expect(404);
    expect(post.body.code).toBe('route-not-found');
  });
});

describe('the service without a built web app (embedded store)', () => {
  let t: TestApp;
  const previous = process.env.LEDGER_WEB_DIR;
  const empty = mkdtempSync(join(tmpdir(), 'ledger-web-none-'));

  beforeAll(async () => {
    process.env.LEDGER_WEB_DIR = empty;
    t = await startApp('embedded');
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.LEDGER_WEB_DIR;
    else process.env.LEDGER_WEB_DIR = previous;
    await t?.close();
    rmSync(empty, { recursive: true, force: true });
  });

  it('runs as an API only: / is a 404 problem, the API answers', async () => {
    const res = await t.anonymous().get('/').expect(404);
    expect(res.body.code).toBe('route-not-found');
    expect((await t.http().get('/api/me').expect(200)).body.id).toBe('admin');
  });
});
