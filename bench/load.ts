// The load generator, a process of its own so that it never shares an event
// loop with the server it measures. Reads one LoadConfig as JSON on stdin,
// runs a warm-up and then the measured run with autocannon, and writes
// "measuring" and then one LoadResult as JSON on stdout.
//
// Requests cycle through `variants` (one per user, or per user and task), so
// consecutive requests carry different users' tokens.
import autocannon, { type Request } from "autocannon";

export interface RequestVariant {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadConfig {
  /** Base URL; must be on 127.0.0.1. */
  url: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  variants: RequestVariant[];
}

export interface LoadResult {
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  /** Milliseconds, from every response's own timing (autocannon's histogram rounds to whole ms). */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  timeouts: number;
  /** Connection errors and timeouts (autocannon counts both) plus non-2xx answers. */
  errors: number;
  statusCodes: Record<string, number>;
}

function run(config: LoadConfig, seconds: number, record: boolean): Promise<LoadResult> {
  let next = 0;
  const latencies: number[] = [];
  const variants = config.variants;
  const request: Request = {
    setupRequest: (req) => {
      const variant = variants[next++ % variants.length] as RequestVariant;
      return { ...req, ...variant };
    },
  };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const instance = autocannon(
      {
        url: config.url,
        connections: config.connections,
        duration: seconds,
        timeout: 10,
        requests: [request],
      },
      (error, result) => {
        if (error) return reject(error);
        const elapsed = (performance.now() - started) / 1000;
        latencies.sort((a, b) => a - b);
        const at = (q: number) =>
          latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
        const statusCodes: Record<string, number> = {};
        for (const [code, { count }] of Object.entries(result.statusCodeStats)) statusCodes[code] = count;
        resolve({
          connections: config.connections,
          seconds: elapsed,
          requests: latencies.length,
          requestsPerSecond: latencies.length / elapsed,
          p50: at(0.5),
          p90: at(0.9),
          p99: at(0.99),
          max: latencies.at(-1) ?? 0,
          non2xx: result.non2xx,
          timeouts: result.timeouts,
          errors: result.errors + result.non2xx,
          statusCodes,
        });
      },
    );
    instance.on("response", (_client, _status, _bytes, ms) => {
      if (record) latencies.push(ms);
    });
  });
}

async function main() {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const config = JSON.parse(Buffer.concat(chunks).toString("utf8")) as LoadConfig;
  const { hostname } = new URL(config.url);
  if (hostname !== "127.0.0.1")
    throw new Error(`refusing to send load anywhere but 127.0.0.1 (got ${hostname})`);
  if (config.variants.length === 0) throw new Error("no request variants");
  if (config.warmupSeconds > 0) await run(config, config.warmupSeconds, false);
  // Tells the parent that the measured run starts now (it samples CPU time from here).
  process.stdout.write("measuring\n");
  const result = await run(config, config.seconds, true);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(`load: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
