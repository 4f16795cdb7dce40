import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config.js';
import { AccountDirectory } from '../identity/account-directory.js';
import { ADMIN_ACCOUNT_ID, type Principal } from '../identity/principal.js';
import { ImportEngine, type ImportReport } from '../imports/import-engine.js';
import { IMPORT_KINDS, isImportKind, type ImportKind } from '../imports/import-kinds.js';
import { StoreInUseError } from '../storage/storage-lock.js';
import { bar, formatDuration, formatNumber, formatTable, ProgressLine, runCli, truncate, UsageError } from './cli-support.js';

const USAGE = `usage: npm run import -- <file.xlsx|file.csv> [--kind ${IMPORT_KINDS.join('|')}] [--dry-run] [--json] [--url http://127.0.0.1:3000]

Brings a spreadsheet into the ledger (README "Bringing a province's history in"), through the same
engine as POST /api/imports: every row is checked as its HTTP request would be (the route's DTO,
its access rule, its command and decider). --dry-run checks every row and writes nothing; without
it, the file is checked first and written only if no row is refused (all or nothing), each row once:
the same file imported again writes nothing. Templates: GET /api/imports/templates/<kind>.xlsx.
--kind: the kind of every row (required for a CSV); an XLSX workbook without it is read sheet by
  sheet, each named by its kind (Đơn vị, Cán bộ, Khen thưởng, Chấm điểm).
Acts as the account whose token is in LEDGER_TOKEN, else as the administrator 'admin'.
Storage: DATABASE_URL (PostgreSQL), else the embedded store in LEDGER_DATA_DIR (./data). While a
  server holds the embedded store, the file is sent to it (POST /api/imports on HOST:PORT, or
  --url) with LEDGER_TOKEN.
Exit code: 0 written (or a dry run without refusals), 1 rows refused, 2 a usage mistake.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      kind: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('name one file to import');
  const kind = values.kind ?? null;
  if (kind !== null && !isImportKind(kind)) throw new UsageError(`--kind must be one of ${IMPORT_KINDS.join(', ')}, got '${kind}'`);
  const path = positionals[0];
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  const dryRun = values['dry-run'];
  const started = performance.now();
  const report = values.url
    ? await sendToServer(values.url, data, basename(path), kind, dryRun)
    : await importInProcess(data, basename(path), kind, dryRun, loadConfig());
  print(report, values.json, (performance.now() - started) / 1000);
  return report.outcome === 'written' || (report.outcome === 'checked' && report.problems.length === 0) ? 0 : 1;
}

async function importInProcess(data: Buffer, fileName: string, kind: ImportKind | null, dryRun: boolean, config: ReturnType<typeof loadConfig>) {
  let app: INestApplicationContext;
  try {
    app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  } catch (error) {
    if (!(error instanceof StoreInUseError)) throw error;
    const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${config.port}`;
    console.error(`${error.message}\nsending the file to that server instead: POST ${url}/api/imports`);
    return sendToServer(url, data, fileName, kind, dryRun);
  }
  try {
    const principal = await principalOf(app);
    const line = new ProgressLine(process.stderr, 0);
    let shownAt = 0;
    const started = performance.now();
    const report = await app.get(ImportEngine).run({
      data,
      fileName,
      kind,
      dryRun,
      principal,
      onProgress: ({ phase, done, total }) => {
        if (done < total && performance.now() - shownAt < 250) return;
        shownAt = performance.now();
        const seconds = (performance.now() - started) / 1000;
        const rate = seconds > 0 ? done / seconds : 0;
        line.update(
          `${bar(total > 0 ? done / total : 1)} ${formatNumber(done)}/${formatNumber(total)} ${phase === 'checking' ? 'kiểm tra (checking)' : 'ghi (writing)'}  ${formatNumber(rate)} dòng/s  ETA ${formatDuration(rate > 0 ? (total - done) / rate : Number.NaN)}`,
          done === total,
        );
      },
    });
    line.done();
    return report;
  } finally {
    await app.close();
  }
}

/** LEDGER_TOKEN's account, as a request with that bearer token would be; without one, the administrator. */
async function principalOf(app: INestApplicationContext): Promise<Principal> {
  const accounts = app.get(AccountDirectory);
  const token = process.env.LEDGER_TOKEN?.trim();
  if (token) return accounts.authenticate(`Bearer ${token}`);
  const admin = await accounts.account(ADMIN_ACCOUNT_ID);
  if (!admin.exists) throw new Error(`no account '${ADMIN_ACCOUNT_ID}': start the server once, or set LEDGER_TOKEN`);
  return { accountId: ADMIN_ACCOUNT_ID, displayName: admin.displayName, roles: admin.roles, via: 'token' };
}

/** POST /api/imports on a running server (the embedded store belongs to one process), as LEDGER_TOKEN. */
async function sendToServer(base: string, data: Buffer, fileName: string, kind: ImportKind | null, dryRun: boolean): Promise<ImportReport> {
  const token = process.env.LEDGER_TOKEN?.trim() || process.env.LEDGER_ADMIN_TOKEN?.trim();
  if (!token) throw new UsageError('the server needs a bearer token: set LEDGER_TOKEN');
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(data)]), fileName);
  if (kind !== null) form.set('kind', kind);
  form.set('dryRun', String(dryRun));
  const url = `${base.replace(/\/+$/, '')}/api/imports`;
  const response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = (await response.json().catch(() => null)) as (ImportReport & { detail?: string }) | null;
  if (body && Array.isArray(body.problems)) return body;
  throw new Error(`${url} answered ${response.status}: ${body?.detail ?? 'no import report'}`);
}

const OUTCOMES: Record<ImportReport['outcome'], string> = {
  checked: 'Kiểm tra xong, chưa ghi gì (dry run: nothing written)',
  refused: 'Có dòng bị từ chối: KHÔNG ghi dòng nào (rows refused: nothing written)',
  written: 'Đã ghi vào sổ cái (written)',
  interrupted: 'Dừng giữa chừng: các dòng trước đã ghi, sửa rồi chạy lại đúng tệp này (interrupted: run the same file again)',
};

function print(report: ImportReport, json: boolean, seconds: number): void {
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  console.log(`${report.file.name ?? 'file'} (sha256 ${report.file.sha256.slice(0, 16)}…): ${OUTCOMES[report.outcome]}, ${formatDuration(seconds)}`);
  console.log(
    formatTable(
      ['Loại (kind)', 'Trang tính', 'Số dòng', 'Sẽ ghi', 'Đã ghi', 'Đã nhập trước', 'Bị từ chối'],
      report.counts.map((c) =>
        [c.kind, c.sheet, c.rows, c.wouldWrite, c.written, c.alreadyImported, c.refused].map((v) => (typeof v === 'number' ? formatNumber(v) : v)),
      ),
      ['l', 'l', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  if (report.positions.first !== null)
    console.log(`vị trí trong sổ cái (log positions): ${report.positions.first}-${report.positions.last}, correlationId ${report.correlationId}`);
  if (report.problems.length > 0) {
    console.log(`\n${formatNumber(report.problems.length)} lỗi (problems):`);
    console.log(
      formatTable(
        ['Trang tính', 'Dòng', 'Cột', 'Lỗi', 'Chi tiết (detail)'],
        report.problems.map((p) => [
          p.sheet ?? '',
          String(p.row),
          p.column ?? '',
          `${p.message}${p.value !== undefined ? ` [${p.value}]` : ''}`,
          truncate(p.detail, 80),
        ]),
        ['l', 'r'],
      ),
    );
  }
  if (report.warnings.length > 0) {
    const shown = report.warnings.slice(0, 50);
    console.log(`\n${formatNumber(report.warnings.length)} cảnh báo của quyết định ghi từ sổ sách (warnings of historical decisions):`);
    console.log(
      formatTable(
        ['Trang tính', 'Dòng', 'Quyết định', 'Cảnh báo'],
        shown.map((w) => [w.sheet, String(w.row), w.commendationId, `${w.message} (${w.code})`]),
        ['l', 'r'],
      ),
    );
    if (report.warnings.length > shown.length) console.log(`… và ${formatNumber(report.warnings.length - shown.length)} cảnh báo khác (--json: every one)`);
  }
}

runCli(main, USAGE);
