// Child processes for the tests and benchmarks, one way: a service is
// started on port 0 (API_PORT=0, WEB_PORT=0) and the port is read from its
// own "NAME: listening on http://HOST:PORT" line, so no port is guessed and
// none can be taken in between; `waitUntilReady` polls a URL until it answers;
// `stopGroup` stops processes with SIGTERM, then SIGKILL after a grace.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";

export interface ServiceOptions {
  /** A TypeScript or JavaScript file run as `node --import tsx <entry>` (relative to `cwd`). */
  entry?: string;
  /** Node flags before the entry, such as `--cpu-prof`. */
  nodeArgs?: string[];
  /** Without `entry`: the program (default: this Node.js) and its arguments. */
  command?: string;
  args?: string[];
  cwd?: string;
  /**
   * Added to a minimal environment (PATH and HOME; everything of this
   * process's with `inheritEnv`). API_PORT and WEB_PORT are "0" unless given
   * here; an `undefined` value removes the variable.
   */
  env?: Record<string, string | undefined>;
  inheritEnv?: boolean;
  /**
   * Run in a process group of its own, for a service that starts services
   * (`scripts/start.mjs`): signals then reach everything it started.
   */
  group?: boolean;
  /**
   * Wait for the "NAME: listening on …" lines of these names (for a process
   * that runs several services); by default the first such line of any name.
   */
  listening?: string[];
  /** How long `startService` waits for the listening lines (default 120 s). */
  timeoutMs?: number;
  /** For messages (default: the entry or the command). */
  name?: string;
  /**
   * "ignore" sends stdout to /dev/null (a benchmark's API logging every
   * request); the address is then not read and only stderr is kept.
   */
  stdout?: "pipe" | "ignore";
  /** At most this many characters of output are kept, the latest (default 1 MiB). */
  outputLimit?: number;
}

export interface Service {
  name: string;
  child: ChildProcess;
  pid: number;
  /** Whether it was started in a process group of its own. */
  group: boolean;
  /** Everything it has written on stdout and stderr so far. */
  output(): string;
  /** Its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /**
   * Resolves once every expected "listening on" line has been seen; rejects,
   * with the output, if the process exits first or `timeoutMs` passes.
   */
  listening: Promise<void>;
  /** `http://127.0.0.1:PORT` of the first address it reported; throws (with its output) before that. */
  readonly url: string;
  readonly port: number;
  /** Every address it reported, by the name before ": listening on". */
  readonly urls: Readonly<Record<string, string>>;
  running(): boolean;
  /** `stopGroup([this], { graceMs })`: SIGTERM, then SIGKILL after the grace; its exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/** `NAME: listening on http(s)://HOST:PORT` anywhere in a line (start.mjs prefixes it with `[NAME] `). */
const LISTENING = /\b([\w-]+): listening on https?:\/\/(?:\[[^\]]*\]|[^\s:/]+):(\d+)/;

/** The service name and port a line reports, if it is a "listening on" line. */
export function parseListening(line: string): { name: string; port: number } | undefined {
  const match = LISTENING.exec(line);
  if (!match) return undefined;
  return { name: match[1] as string, port: Number(match[2]) };
}

/** Starts a process and returns at once; `service.listening` says when it has reported its address. */
export function spawnService(options: ServiceOptions): Service {
  const command = options.entry ? process.execPath : (options.command ?? process.execPath);
  const args = options.entry
    ? ["--import", "tsx", ...(options.nodeArgs ?? []), options.entry, ...(options.args ?? [])]
    : (options.args ?? []);
  const name = options.name ?? options.entry ?? [command, ...args].join(" ");
  const base: Record<string, string | undefined> = options.inheritEnv
    ? { ...process.env }
    : { PATH: process.env.PATH, HOME: process.env.HOME };
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...base, API_PORT: "0", WEB_PORT: "0", ...options.env }))
    if (value !== undefined) env[key] = value;

  const group = options.group ?? false;
  const child = spawn(command, args, {
    cwd: options.cwd,
    // (Next.js's types make NODE_ENV required; a service gets no NODE_ENV of ours.)
    env: env as NodeJS.ProcessEnv,
    detached: group,
    stdio: ["ignore", options.stdout ?? "pipe", "pipe"],
  });
  let output = "";
  const outputLimit = options.outputLimit ?? 1024 * 1024;
  const exited = new Promise<number | null>((resolve) => {
    // Resolved once its output is complete too ("close"), unless something it
    // started still holds the pipes open.
    child.once("exit", (code) => {
      const late = setTimeout(() => resolve(code), 1_000);
      child.once("close", () => {
        clearTimeout(late);
        resolve(code);
      });
    });
    // A command that cannot be started at all: no exit event follows.
    child.once("error", (error) => {
      output += `${String(error)}\n`;
      resolve(null);
    });
  });

  const urls: Record<string, string> = {};
  let first: string | undefined;
  const expected = options.listening;
  const complete = () =>
    expected ? expected.every((service) => urls[service] !== undefined) : first !== undefined;
  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const listening = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Awaited by whoever needs it; a process expected to fail must not make an unhandled rejection.
  listening.catch(() => {});

  let pending = "";
  const read = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    if (output.length > outputLimit) output = output.slice(-outputLimit);
    pending += text;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const reported = parseListening(line);
      if (!reported || urls[reported.name] !== undefined) continue;
      const url = `http://127.0.0.1:${reported.port}`;
      urls[reported.name] = url;
      first ??= url;
      if (complete()) settle?.resolve();
    }
  };
  child.stdout?.on("data", read);
  child.stderr?.on("data", read);

  const timeoutMs = options.timeoutMs ?? 120_000;
  const timer = setTimeout(() => {
    settle?.reject(new Error(`${name} did not report its address within ${timeoutMs / 1000} s:\n${output}`));
  }, timeoutMs);
  timer.unref();
  void listening.finally(() => clearTimeout(timer)).catch(() => {});
  void exited.then((code) => {
    settle?.reject(
      new Error(`${name} exited (${code ?? child.signalCode}) before it was listening:\n${output}`),
    );
  });

  const running = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined;
  const service: Service = {
    name,
    child,
    pid: child.pid ?? 0,
    group,
    output: () => output,
    exited,
    listening,
    get url() {
      if (first === undefined) {
        const state = running() ? "has not reported its address yet" : "exited before it was listening";
        throw new Error(`${name} ${state}:\n${output}`);
      }
      return first;
    },
    get port() {
      return Number(new URL(service.url).port);
    },
    get urls() {
      return { ...urls };
    },
    running,
    stop: async (graceMs) => (await stopGroup([service], { graceMs }))[0] ?? null,
  };
  return service;
}

/**
 * Starts a process and resolves once it has reported where it listens (its
 * port, read from its own output, is `service.port`). If it exits first or
 * does not report in time, it is stopped and this rejects with its output.
 */
export async function startService(options: ServiceOptions): Promise<Service> {
  const service = spawnService(options);
  try {
    await service.listening;
  } catch (error) {
    await stopGroup([service]);
    throw error;
  }
  return service;
}

/**
 * Polls `url` until it answers with a 2xx status; resolves with the number of
 * attempts. With `service`, fails at once (with its output) if it exits.
 */
export async function waitUntilReady(
  url: string,
  options: { service?: Service; timeoutMs?: number; intervalMs?: number } = {},
): Promise<number> {
  const { service, timeoutMs = 60_000, intervalMs = 100 } = options;
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    if (service && !service.running()) {
      throw new Error(
        `${service.name} exited (${service.child.exitCode}) before ${url} answered:\n${service.output()}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(Math.max(1_000, intervalMs * 20)) });
      await response.body?.cancel();
      if (response.ok) return attempt;
    } catch {
      // not listening yet
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `${url} did not answer within ${timeoutMs / 1000} s${service ? `:\n${service.output()}` : ""}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Stops every one of `services` together: SIGTERM (or `signal`), then
 * SIGKILL to whatever is still running after `graceMs` (default 15 s).
 * A service started with `group` is signalled as its whole process group
 * (with `leaderOnly`, the first signal goes to it alone, as `kill PID` would
 * send it, so that it has to pass it on), and once it has exited anything left
 * in its group is killed. Resolves with their exit codes, in order.
 */
export async function stopGroup(
  services: Service[],
  options: { graceMs?: number; signal?: NodeJS.Signals; leaderOnly?: boolean } = {},
): Promise<(number | null)[]> {
  const { graceMs = 15_000, signal = "SIGTERM", leaderOnly = false } = options;
  const send = (service: Service, sig: NodeJS.Signals, whole: boolean) => {
    if (!service.pid) return;
    try {
      process.kill(service.group && whole ? -service.pid : service.pid, sig);
    } catch {
      // already gone
    }
  };
  return Promise.all(
    services.map(async (service) => {
      if (service.running()) {
        send(service, signal, !leaderOnly);
        const timer = setTimeout(() => send(service, "SIGKILL", true), graceMs);
        await service.exited;
        clearTimeout(timer);
      }
      // Whatever it started and left behind.
      if (service.group) send(service, "SIGKILL", true);
      return service.exited;
    }),
  );
}

/**
 * A port that was free a moment ago. Only for what must be known before a
 * process starts — the real stack, whose two services name each other (and
 * the web app itself) in their settings; everything else listens on port 0.
 */
export function reservePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("no port"));
      });
    });
  });
}
