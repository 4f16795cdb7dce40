import 'reflect-metadata';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig, type LedgerConfig } from '../config.js';
import { checkpointSignatureValid, keyIdOf } from '../integrity/hash-chain.js';
import { readSigningKey } from '../integrity/signing-key.js';
import { EXPECT_PATTERN, parseExpect } from '../integrity/integrity.dto.js';
import { verifyIntegrity, type IntegrityReport } from '../integrity/verify.js';
import { StoreInUseError } from '../storage/storage-lock.js';
import { openStorage } from '../storage/storage.js';
import { formatNumber, runCli, UsageError } from './cli-support.js';

const USAGE = `usage: npm run verify -- [--expect <position>:<hash>]… [--public-key <file.pem>]… [--url http://127.0.0.1:3000] [--json]

Verifies the tamper-evident log: recomputes the hash chain from the raw event rows, compares it
with the stored links, and checks every signed checkpoint. Prints one line and exits 0 when the
log verifies; prints the first position that fails and exits 1 otherwise.

Storage: DATABASE_URL (PostgreSQL), else the embedded store in LEDGER_DATA_DIR (./data).
--expect: a head hash kept outside the system (printed on a published ranking, sent by official
  letter): the link at that position must still be that hash.
Keys: the public half of LEDGER_SIGNING_KEY_FILE (else <data dir>/signing-key.pem), plus each
  --public-key (a public or private PEM: an auditor's copy, a key used before a change of key).
While a server holds the embedded store, the server is asked (GET /api/integrity on HOST:PORT, or
  --url), with the bearer token in LEDGER_TOKEN (an auditor's or administrator's); --url always
  asks that server.`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      expect: { type: 'string', multiple: true, default: [] },
      'public-key': { type: 'string', multiple: true, default: [] },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.url !== undefined && !/^https?:\/\/[^\s/]+/.test(values.url)) throw new UsageError(`--url must be an http(s) URL, got '${values.url}'`);
  const extraKeys = values['public-key'].map(readPublicKey);
  const bad = values.expect.find((e) => !EXPECT_PATTERN.test(e) || e.includes(','));
  if (bad !== undefined) throw new UsageError(`--expect must be <position>:<64 hex digits>, got '${bad}'`);
  const expect = parseExpect(values.expect.join(','));

  if (values.url) return printServerReport(await askServer(values.url, expect), extraKeys, values.json);
  const config = loadConfig();
  const keys = [...ownKey(config), ...extraKeys];
  let storage;
  try {
    storage = await openStorage(config);
  } catch (error) {
    if (!(error instanceof StoreInUseError)) throw error;
    const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${config.port}`;
    console.error(`${error.message}\nasking that server instead: GET ${url}/api/integrity`);
    return printServerReport(await askServer(url, expect, error.message), extraKeys, values.json);
  }
  try {
    if (keys.length === 0) console.error(`note: no signing key at ${config.signingKeyFile} and no --public-key: checkpoints cannot be checked`);
    const report = await verifyIntegrity((sql, params) => storage.dataSource.query(sql, params), { keys, expect });
    print(report, values.json);
    return report.status === 'verified' ? 0 : 1;
  } finally {
    await storage.close();
  }
}

function ownKey(config: LedgerConfig): KeyObject[] {
  return existsSync(config.signingKeyFile) ? [createPublicKey(readSigningKey(config.signingKeyFile))] : [];
}

function readPublicKey(file: string): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--public-key ${file}: ${(error as Error).message}`);
  }
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`an ${key.asymmetricKeyType} key, not Ed25519`);
    return key;
  } catch (error) {
    throw new UsageError(`--public-key ${file}: not an Ed25519 PEM key (${(error as Error).message})`);
  }
}

type ServerReport = IntegrityReport & { processor?: { status: string; chainedThrough: number; lastError: string | null } };

/** GET /api/integrity on a running server, with LEDGER_TOKEN as the bearer token. */
async function askServer(base: string, expect: { position: number; hash: string }[], why?: string): Promise<ServerReport> {
  const url = `${base.replace(/\/+$/, '')}/api/integrity${expect.length > 0 ? `?expect=${expect.map((e) => `${e.position}:${e.hash}`).join(',')}` : ''}`;
  const token = process.env.LEDGER_TOKEN?.trim() || process.env.LEDGER_ADMIN_TOKEN?.trim();
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new CannotAsk(
      `no server answers at ${url} (${cause})${why ? `; stop the process holding the store and run npm run verify again, or pass --url` : ''}`,
    );
  }
  if (response.status === 401 || response.status === 403) {
    throw new CannotAsk(
      `${url} answered ${response.status}: set LEDGER_TOKEN to the token of an auditor or administrator account${token ? ' (the one given was refused)' : ''}`,
    );
  }
  if (!response.ok) throw new CannotAsk(`${url} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
  return (await response.json()) as ServerReport;
}

/** The server's report, with its last checkpoint checked here too against any key given. */
function printServerReport(report: ServerReport, keys: KeyObject[], json: boolean): number {
  let code = report.status === 'verified' ? 0 : 1;
  const checkpoint = report.lastCheckpoint;
  if (keys.length > 0 && checkpoint) {
    const key = keys.find((k) => keyIdOf(k) === checkpoint.keyId);
    if (!key) {
      console.error(`the server's last checkpoint is signed by key ${checkpoint.keyId}, none of the --public-key given (${keys.map(keyIdOf).join(', ')})`);
      code = 1;
    } else if (
      !checkpointSignatureValid(key, {
        position: checkpoint.position,
        headHash: checkpoint.hash,
        signedAt: checkpoint.signedAt,
        signature: checkpoint.signature,
      })
    ) {
      console.error(`the server's last checkpoint (position ${checkpoint.position}) does not verify with the --public-key given`);
      code = 1;
    }
  }
  print(report, json);
  return code;
}

function print(report: IntegrityReport, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  const checkpoint = report.lastCheckpoint;
  const signed = checkpoint
    ? `checkpoint signed at ${checkpoint.signedAt} (position ${checkpoint.position}, key ${checkpoint.keyId.slice(0, 16)}…)`
    : 'no signed checkpoint yet';
  if (report.status === 'verified') {
    console.log(`verified through position ${report.verifiedThrough}, head hash ${report.headHash}, ${signed}`);
    const notes = [
      report.published?.length
        ? `published hash${report.published.length > 1 ? 'es' : ''} at ${report.published.map((p) => p.position).join(', ')} match`
        : null,
      `${formatNumber(report.eventsChecked)} events checked in ${report.seconds.toFixed(1)} s`,
      report.unsignedAfter > 0 ? `${formatNumber(report.unsignedAfter)} after the checkpoint not signed yet` : null,
      report.unchained > 0 ? `${formatNumber(report.unchained)} not chained yet` : null,
    ].filter((n) => n !== null);
    console.log(`  ${notes.join('; ')}`);
    return;
  }
  const first = report.firstFailure!;
  console.log(`FAILED at position ${first.position}: ${first.reason}: ${first.detail}`);
  console.log(`  expected ${first.expected ?? '—'}, found ${first.actual ?? '—'}`);
  console.log(
    `  ${report.failureCount} failure${report.failureCount === 1 ? '' : 's'}; the chain verifies through position ${report.verifiedThrough} (head hash ${report.headHash}), ${signed}`,
  );
  for (const failure of (report.failures ?? []).slice(1, 10)) console.log(`  also position ${failure.position}: ${failure.reason}`);
  if ((report.failureCount ?? 0) > 10) console.log(`  … and ${(report.failureCount ?? 0) - 10} more (--json lists the first 100)`);
}

/** The server could not be asked (none answering, a refused token): exit 1 with the reason, no usage. */
class CannotAsk extends Error {}

runCli(
  (argv) =>
    main(argv).catch((error: unknown) => {
      if (!(error instanceof CannotAsk)) throw error;
      console.error(`error: ${error.message}`);
      return 1;
    }),
  USAGE,
);
