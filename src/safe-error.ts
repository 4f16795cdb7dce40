/**
 * An error as it may be logged, stored and shown: its class, SQLSTATE code and message, never the
 * failing SQL or its parameters (TypeORM's QueryFailedError and PGlite's errors carry both as
 * properties, and an inspected or JSON-stringified error prints them: the parameters are events'
 * data, names of people among them). A value PostgreSQL quotes at the end of its message
 * (`invalid input syntax for type date: "…"`) is left out too; identifiers it quotes in the middle
 * (`column "x"`) stay.
 */
export interface SafeError {
  /** The error's class: `QueryFailedError`, `TypeError`, `InvalidPointsError`… */
  class: string;
  /** PostgreSQL's SQLSTATE (`22003` numeric value out of range), when the database raised it. */
  code: string | null;
  message: string;
}

const MAX_MESSAGE = 300;

export function safeError(error: unknown): SafeError {
  if (!(error instanceof Error)) return { class: typeof error, code: null, message: truncate(redact(String(error))) };
  const code = (error as { code?: unknown }).code;
  const name = error.constructor?.name && error.constructor.name !== 'Object' ? error.constructor.name : error.name;
  return {
    class: name || 'Error',
    code: typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null,
    message: truncate(redact(error.message.split('\n')[0] ?? '')),
  };
}

/** One line: `QueryFailedError [22003]: numeric field overflow`. */
export function describeError(error: unknown): string {
  const safe = isSafeError(error) ? error : safeError(error);
  return `${safe.class}${safe.code ? ` [${safe.code}]` : ''}: ${safe.message}`;
}

export function isSafeError(value: unknown): value is SafeError {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Error) &&
    typeof (value as SafeError).class === 'string' &&
    typeof (value as SafeError).message === 'string'
  );
}

/** True for errors that carry SQL or its parameters: print them through describeError, never as they are. */
export function carriesSql(error: unknown): boolean {
  return typeof error === 'object' && error !== null && ('parameters' in error || 'query' in error || 'params' in error || 'driverError' in error);
}

function redact(message: string): string {
  return message.replace(/: "[^"]*"$/, ': "…"');
}

function truncate(message: string): string {
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message;
}
