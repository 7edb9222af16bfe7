// The part of autocannon's programmatic API the benchmarks use (the package ships no types).
declare module "autocannon" {
  namespace autocannon {
    type Histogram = { average: number; mean: number; p50: number; p90: number; p99: number; max: number; total: number };
    type Result = {
      requests: Histogram;
      latency: Histogram;
      throughput: Histogram;
      errors: number;
      timeouts: number;
      non2xx: number;
      duration: number;
      statusCodeStats?: Record<string, { count: number }>;
    };
    type Options = {
      url: string;
      connections?: number;
      duration?: number;
      amount?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      timeout?: number;
      requests?: Array<Record<string, unknown>>;
      /** Called with each connection's client; its "headers" event carries each answer's raw headers. */
      setupClient?: (client: Client) => void;
    };
    type Client = { on(event: "headers", listener: (info: { statusCode: number; headers: string[] }) => void): void };
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export default autocannon;
}
