// autocannon ships no types (and @types/autocannon is not installed): the bench uses a few fields.
declare module 'autocannon' {
  interface Histogram {
    average: number;
    mean: number;
    p50: number;
    p90: number;
    p99: number;
    p99_9: number;
    total: number;
    max: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    '4xx': number;
    '5xx': number;
  }
  type Request = { method?: string; path?: string; body?: string; headers?: Record<string, string> };
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    overallRate?: number;
    timeout?: number;
    headers?: Record<string, string>;
    requests?: { method?: string; path?: string; setupRequest?: (request: Request, context: Record<string, unknown>) => Request }[];
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
