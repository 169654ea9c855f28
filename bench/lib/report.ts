// Plain-text tables for the terminal and JSON files in bench/results/ that
// later runs can be compared with.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import path from "node:path";
import { root } from "./processes";

export type Cell = string | number;

/** Right-aligns numbers, left-aligns text; numbers are printed as given (format them first). */
export function table(headers: string[], rows: Cell[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? "").length)));
  const line = (cells: Cell[]) =>
    cells
      .map((cell, i) => {
        const text = String(cell);
        const width = widths[i] ?? 0;
        return typeof cell === "number" || /^[\d.,x%-]+$/.test(text)
          ? text.padStart(width)
          : text.padEnd(width);
      })
      .join("  ")
      .trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** `1234.5` → `1,235`; `12.345` → `12.3`; `0.1234` → `0.123`. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return "-";
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString("en");
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(value === 0 ? 0 : 2);
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  loadAverage: number[];
  postgres?: string;
}

export function machine(): Machine {
  let cpuModel = cpus()[0]?.model ?? "unknown";
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpuModel;
  } catch {
    // not Linux
  }
  return {
    cpus: cpus().length,
    cpuModel,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Writes `bench/results/<timestamp>-<name>.json` and returns its path. */
export function writeResults(name: string, data: unknown): string {
  const dir = path.join(root, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = path.join(dir, `${stamp}-${name}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return path.relative(root, file);
}

/** Parses "1,16,64" style settings. */
export function listSetting(value: string | undefined, fallback: string): string[] {
  return (value?.trim() ? value : fallback)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export function numberSetting(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === "") return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${value}`);
  return n;
}
