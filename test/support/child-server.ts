import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './kafka.js';

export { freePort };

/** The bootstrap administrator's token of the child servers these helpers start. */
export const CHILD_ADMIN_TOKEN = 'child-server-admin-token-0123456789';

export interface ChildServer {
  /** The process started (strace when `wrap` is given, else the server itself). */
  process: ChildProcess;
  base: string;
  /** What the server printed on stderr so far. */
  stderr: () => string;
  /** Resolves with how it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * A ledger server (`<buildDir>/src/main.js`, see child-build.ts) on the embedded store in `dataDir`,
 * as a child process: `wrap` runs it under another command (strace …). Resolves once /health answers.
 */
export async function startChildServer(options: {
  buildDir: string;
  dataDir: string;
  wrap?: string[];
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<ChildServer> {
  const port = await freePort();
  const main = join(options.buildDir, 'src/main.js');
  const [command, ...args] = [...(options.wrap ?? []), process.execPath, main];
  const child = spawn(command, args, {
    env: {
      ...process.env,
      DATABASE_URL: '',
      KAFKA_BROKERS: '',
      LEDGER_DATA_DIR: options.dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      LEDGER_ADMIN_TOKEN: CHILD_ADMIN_TOKEN,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before answering: ${stderr}`);
    try {
      const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer /health within ${options.timeoutMs ?? 90_000} ms: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { process: child, base, stderr: () => stderr, exited };
}

/** One request as the bootstrap administrator; never throws for a status, only for no answer within `timeoutMs`. */
export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 10_000,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${CHILD_ADMIN_TOKEN}`, ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { text };
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** Sends SIGTERM to `pid` and resolves with how long the child took to exit (SIGKILL after `killAfterMs`). */
export async function stopChild(
  server: ChildServer,
  pid = server.process.pid!,
  killAfterMs = 15_000,
): Promise<{ ms: number; code: number | null; signal: NodeJS.Signals | null; killed: boolean }> {
  const started = Date.now();
  process.kill(pid, 'SIGTERM');
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    server.process.kill('SIGKILL');
    if (pid !== server.process.pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }, killAfterMs);
  const how = await server.exited;
  clearTimeout(timer);
  return { ms: Date.now() - started, ...how, killed };
}
