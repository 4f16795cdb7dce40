import { ConfigError } from '../config.js';
import { StoreInUseError } from '../storage/storage-lock.js';
import { StoreOpenError } from '../storage/store-identity.js';
import { carriesSql, describeError } from '../safe-error.js';
import { ProjectionFailedError, ProjectionNotFailedError, RebuildRequiredError } from '../../projections/runner/failure.js';
/** Small helpers shared by the operational CLIs: usage errors, text tables, a progress line. */

/** A mistake in how the command was called, or a name that does not exist: exit code 2. */
export class UsageError extends Error {}

/**
 * Runs a CLI's main and maps failures to exit codes, the same for every CLI: 2 for a usage
 * mistake (or what `explain` calls one, e.g. an unknown campaign), 1 for configuration and
 * anything else.
 */
export function runCli(main: (argv: string[]) => Promise<number>, usage: string, explain: (error: unknown) => string | null = () => null): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
        console.error(`error: ${(error as Error).message}\n\n${usage}`);
        process.exit(2);
      }
      const explained = explain(error);
      if (explained !== null) {
        console.error(`error: ${explained}`);
        process.exit(2);
      }
      if (error instanceof ConfigError) console.error(`configuration error: ${error.message}`);
      else if (error instanceof StoreInUseError || error instanceof StoreOpenError) console.error(`error: ${error.message}`);
      // A database error carries the failing SQL and its parameters (events' data): its class and message only.
      else if (carriesSql(error)) console.error(`error: ${describeError(error)}`);
      else if (error instanceof ProjectionFailedError || error instanceof ProjectionNotFailedError || error instanceof RebuildRequiredError)
        console.error(`error: ${error.message}`);
      else console.error(error);
      process.exit(1);
    },
  );
}

/** Terminal width of a string: combining marks (Vietnamese tone marks in NFD) take no column. */
export function displayWidth(text: string): number {
  return [...text.normalize('NFC').replace(/\p{M}/gu, '')].length;
}

export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  const chars = [...text.normalize('NFC')];
  let out = '';
  for (const ch of chars) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** A plain text table; `align` 'r' right-aligns a column (numbers). */
export function formatTable(headers: string[], rows: string[][], align: ('l' | 'r')[] = []): string {
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const pad = (text: string, i: number) => {
    const fill = ' '.repeat(widths[i] - displayWidth(text));
    return align[i] === 'r' ? fill + text : text + fill;
  };
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, i))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatNumber(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mmss = `${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/**
 * One updating line on stderr (`\r`), redrawn at most every `intervalMs`. Written to a file or a
 * pipe (CI logs), it prints a plain line every 10 s instead: `\r` redraws would pile up there.
 */
export class ProgressLine {
  private last = 0;
  private shown = false;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly intervalMs = 100,
  ) {}

  update(text: string, force = false): void {
    const now = Date.now();
    const tty = this.stream.isTTY === true;
    if (!force && now - this.last < (tty ? this.intervalMs : 10_000)) return;
    this.last = now;
    if (!tty) {
      this.stream.write(`${text}\n`);
      return;
    }
    const columns = this.stream.columns;
    const fitted = columns > 0 ? truncate(text, columns - 1) : text;
    this.stream.write(`\r${fitted}\x1b[K`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.stream.write('\n');
    this.shown = false;
  }
}

export function bar(fraction: number, width = 24): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}
