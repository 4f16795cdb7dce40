import type { AddressInfo } from 'node:net';
import type { TestApp } from './app.js';

/** One server-sent event as the WHATWG parser reads it: `event`, `id`, `data` (lines joined), or a comment. */
export interface ServerSentEvent {
  event?: string;
  id?: string;
  data?: string;
  comment?: string;
}

export interface EventStreamClient {
  response: Response;
  /** The next event or comment; throws when the stream ended first. */
  next(): Promise<ServerSentEvent>;
  /** The next event (comments skipped) whose data satisfies `accept`, as parsed JSON. */
  nextData<T = Record<string, unknown>>(accept?: (data: T) => boolean): Promise<T>;
  /** Resolves true once the server ended the stream. */
  ended(): Promise<boolean>;
  close(): void;
}

/** The test application's base URL over real HTTP (it listens on 127.0.0.1 and a free port). */
export function baseUrl(t: Pick<TestApp, 'app'>): string {
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/**
 * Opens an event stream with Node's fetch, reading the body as it comes, as a browser's EventSource
 * would. The response's status and headers are there at once; the events are read on demand.
 */
export async function openEventStream(t: Pick<TestApp, 'app'>, path: string, headers: Record<string, string> = {}): Promise<EventStreamClient> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl(t)}${path}`, { headers: { Accept: 'text/event-stream', ...headers }, signal: abort.signal });
  // Read lazily: a refusal's body stays for response.json().
  let reader: ReadableStreamDefaultReader<string> | null = null;
  let buffer = '';
  let done = false;
  const next = async (): Promise<ServerSentEvent> => {
    for (;;) {
      const end = buffer.search(/\r?\n\r?\n/);
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        const parsed = parse(block);
        if (parsed) return parsed;
        continue;
      }
      reader ??= response.body!.pipeThrough(new TextDecoderStream()).getReader();
      const chunk = await reader.read();
      if (chunk.done) {
        done = true;
        throw new Error('the event stream ended');
      }
      buffer += chunk.value;
    }
  };
  return {
    response,
    next,
    async nextData<T>(accept: (data: T) => boolean = () => true): Promise<T> {
      for (;;) {
        const event = await next();
        if (event.data === undefined) continue;
        const data = JSON.parse(event.data) as T;
        if (accept(data)) return data;
      }
    },
    async ended() {
      try {
        for (;;) await next();
      } catch {
        return done;
      }
    },
    close: () => abort.abort(),
  };
}

function parse(block: string): ServerSentEvent | null {
  const event: ServerSentEvent = {};
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line === '') continue;
    if (line.startsWith(':')) {
      event.comment = line.slice(1).trimStart();
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event.event = value;
    else if (field === 'id') event.id = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length > 0) event.data = data.join('\n');
  return Object.keys(event).length > 0 ? event : null;
}

/**
 * One request to an event-stream route, answered like supertest's response (status, headers, body,
 * text) without waiting for the endless body: a refusal's problem+json is read, a stream hung up on.
 */
export async function requestEventStream(
  t: Pick<TestApp, 'app'>,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string>; body: Record<string, unknown>; text: string }> {
  const opened = await openEventStream(t, path, headers);
  const text = opened.response.ok ? '' : await opened.response.text();
  opened.close();
  const parsed = text && /json/.test(opened.response.headers.get('content-type') ?? '') ? (JSON.parse(text) as Record<string, unknown>) : {};
  return { status: opened.response.status, headers: headerRecord(opened.response.headers), body: parsed, text };
}

/** A fetch Response's headers as a plain record (lower-case names). */
function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}
