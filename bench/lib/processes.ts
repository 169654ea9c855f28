// Child processes for the benchmarks: each server and the load generator run
// in a process of their own, so none shares another's event loop. Every
// process started here is stopped by the code that started it. Starting,
// waiting and stopping are @todo/testing's, the same as the tests'.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { reservePort, type Service, spawnService, waitUntilReady } from "@todo/testing/process";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** A free TCP port on the loopback interface (free when asked), for servers that do not report theirs. */
export const freePort = reservePort;

export interface NodeChild {
  child: Service["child"];
  pid: number;
  /** The latest output on stderr (and stdout when kept), for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs` (default 15 s); resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
  /** The same process as @todo/testing sees it. */
  service: Service;
}

/** Starts `node [--import tsx] [extra node flags] script`; stdout is discarded unless `keepStdout`. */
export function startNode(
  script: string,
  options: {
    env?: Record<string, string | undefined>;
    nodeArgs?: string[];
    args?: string[];
    keepStdout?: boolean;
    cwd?: string;
    /** A plain JavaScript script: no tsx loader. */
    plain?: boolean;
  } = {},
): NodeChild {
  const nodeArgs = options.nodeArgs ?? [];
  const args = options.args ?? [];
  const proc = spawnService({
    name: script,
    ...(options.plain ? { args: [...nodeArgs, script, ...args] } : { entry: script, nodeArgs, args }),
    cwd: options.cwd ?? root,
    env: options.env,
    inheritEnv: true,
    stdout: options.keepStdout ? "pipe" : "ignore",
    outputLimit: 64 * 1024,
  });
  if (!proc.pid) throw new Error(`could not start ${script}`);
  return {
    child: proc.child,
    pid: proc.pid,
    output: proc.output,
    stop: async (graceMs) => void (await proc.stop(graceMs)),
    service: proc,
  };
}

/** Polls `url` until it answers 200, or fails when the process exits or time runs out. */
export async function waitForHttp(url: string, proc: NodeChild, timeoutMs = 60_000): Promise<void> {
  await waitUntilReady(url, { service: proc.service, timeoutMs, intervalMs: 200 });
}

/** Resident set size of a process in KiB: current (VmRSS) and peak since start or last reset (VmHWM). */
export function memoryOf(pid: number): { rssKiB: number; hwmKiB: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
    return { rssKiB: field("VmRSS"), hwmKiB: field("VmHWM") };
  } catch {
    return undefined;
  }
}

/** Resets the kernel's peak-RSS mark (VmHWM) of a process we own; false where the kernel refuses. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

/**
 * Samples a process's RSS every `everyMs` while a scenario runs and returns
 * the largest value seen; where the kernel's peak mark (VmHWM) could be reset
 * at the start it is folded in, so a spike between two samples is not missed.
 */
export function sampleRss(pid: number, everyMs = 100) {
  const exact = resetPeakRss(pid);
  let peakKiB = memoryOf(pid)?.rssKiB ?? 0;
  const timer = setInterval(() => {
    const m = memoryOf(pid);
    if (m) peakKiB = Math.max(peakKiB, m.rssKiB);
  }, everyMs);
  return {
    stop(): { peakMiB: number; hwmMiB: number } {
      clearInterval(timer);
      const m = memoryOf(pid);
      if (m) peakKiB = Math.max(peakKiB, m.rssKiB);
      // After a successful reset VmHWM is this scenario's exact peak.
      const hwmKiB = m?.hwmKiB ?? 0;
      return { peakMiB: (exact ? Math.max(peakKiB, hwmKiB) : peakKiB) / 1024, hwmMiB: hwmKiB / 1024 };
    },
  };
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function processTicks(pid: number): number | undefined {
  try {
    // Fields after the command name (which may contain spaces): utime is the 12th, stime the 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
    const values = line.split(/\s+/).slice(1).map(Number);
    const total = values.reduce((a, b) => a + b, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0); // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/**
 * CPU time a process used while a scenario ran (seconds; 1.0 per second =
 * one core busy), and how busy the whole machine was (0–1 of all cores).
 * CPU time per request is steadier than requests/s on a shared machine.
 */
export function sampleCpu(pid: number) {
  const p0 = processTicks(pid);
  const m0 = machineTicks();
  const t0 = performance.now();
  return {
    stop(): { cpuSeconds: number; coresBusy: number; machineBusy: number } {
      const p1 = processTicks(pid);
      const m1 = machineTicks();
      const seconds = (performance.now() - t0) / 1000;
      const cpuSeconds = p0 !== undefined && p1 !== undefined ? (p1 - p0) / TICKS_PER_SECOND : NaN;
      const machineBusy = m0 && m1 && m1.total > m0.total ? (m1.busy - m0.busy) / (m1.total - m0.total) : NaN;
      return { cpuSeconds, coresBusy: cpuSeconds / seconds, machineBusy };
    },
  };
}
