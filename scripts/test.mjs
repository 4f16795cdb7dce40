#!/usr/bin/env node
// `npm test`: every suite (unit, contract, e2e, integration, browser) in Jest's native ESM mode, then one
// summary line. Suites that need PostgreSQL run when DATABASE_URL is set and say why when not.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'ledger-jest-'));
const results = join(dir, 'results.json');
if (!process.env.DATABASE_URL) {
  console.log('note: DATABASE_URL is not set: the PostgreSQL suites are skipped (the embedded store is tested).');
  console.log('      To run them: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test');
}
if (!process.env.KAFKA_BROKERS) {
  console.log('note: KAFKA_BROKERS is not set: the Kafka suite is skipped. To run it: scripts/kafka.sh start, then');
  console.log('      KAFKA_BROKERS=127.0.0.1:19092 DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test');
}
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.log(`note: no Chromium at ${chromium}: the browser suite (test/browser) is skipped. To run it: apt-get install chromium`);
  console.log('      (or CHROMIUM_PATH=/path/to/chromium npm test)');
}
const run = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    'node_modules/jest/bin/jest.js',
    '--json',
    `--outputFile=${results}`,
    // A run must end even if a suite leaves a handle open (a child process or a WebAssembly instance
    // still unwinding): Jest would otherwise wait for ever after printing its results.
    '--forceExit',
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env: { ...process.env, NODE_NO_WARNINGS: '1' } },
);
let code = run.status ?? 1;
try {
  const summary = JSON.parse(readFileSync(results, 'utf8'));
  const skipped = summary.numPendingTests + summary.numTodoTests;
  console.log(`\ntests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${skipped} skipped`);
  if (summary.numTotalTests === 0) code = code || 1;
} catch {
  console.log('\ntests: 0 passed, 1 failed (Jest produced no results)');
  code = code || 1;
}
rmSync(dir, { recursive: true, force: true });
process.exit(code);
