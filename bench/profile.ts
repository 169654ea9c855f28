// `node --import tsx bench/profile.ts <file.cpuprofile> [pattern…]`: where
// a V8 CPU profile (from `BENCH_CPU_PROF=1 npm run bench`, which starts the
// API with --cpu-prof) spent its time. Prints the top functions by self time,
// self time per package, and the inclusive time of functions whose name or
// file matches each pattern (a regular expression).
import { readFileSync } from "node:fs";
import { fmt, table } from "./lib/report";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, ...patterns] = process.argv.slice(2);
if (!file) {
  console.error("usage: node --import tsx bench/profile.ts <file.cpuprofile> [pattern…]");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\//, "")
    .replace(/^.*\/node_modules\//, "~/")
    .replace(/^.*\/work\/main\//, "");
const keyOf = (f: CallFrame) => `${f.functionName || "(anonymous)"} ${shortUrl(f.url)}:${f.lineNumber + 1}`;

/** Package (or area) a frame belongs to. */
function areaOf(f: CallFrame): string {
  if (!f.url) return f.functionName.startsWith("(") ? f.functionName : "(V8 builtins / native)";
  if (f.url.startsWith("node:")) return "node: internals";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url)?.[1];
  if (pkg) return pkg;
  const local = /\/work\/main\/([^/]+\/[^/]+)/.exec(f.url)?.[1];
  return local ?? shortUrl(f.url);
}

const self = new Map<string, number>();
const areas = new Map<string, number>();
const inclusive = new Map<string, number>(patterns.map((p) => [p, 0]));
const regexes = patterns.map((p) => [p, new RegExp(p)] as const);
let total = 0;
let idle = 0;

for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i] as number;
  const delta = profile.timeDeltas[i] ?? 0;
  const node = byId.get(id);
  if (!node) continue;
  total += delta;
  if (node.callFrame.functionName === "(idle)") idle += delta;
  const key = keyOf(node.callFrame);
  self.set(key, (self.get(key) ?? 0) + delta);
  const area = areaOf(node.callFrame);
  areas.set(area, (areas.get(area) ?? 0) + delta);
  // Inclusive: count a pattern once per sample if any frame on the stack matches.
  const matched = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at)?.callFrame;
    if (!frame) break;
    const text = keyOf(frame);
    for (const [p, re] of regexes) if (!matched.has(p) && re.test(text)) matched.add(p);
  }
  for (const p of matched) inclusive.set(p, (inclusive.get(p) ?? 0) + delta);
}

const busy = total - idle;
const pct = (us: number) => `${((us / busy) * 100).toFixed(1)}%`;
const top = (m: Map<string, number>, n: number) =>
  [...m.entries()]
    .filter(([k]) => !k.startsWith("(idle)"))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n);

console.log(
  `${file}: ${fmt(total / 1e6)} s sampled, ${fmt(busy / 1e6)} s not idle (percentages are of that)`,
);
console.log("");
console.log(
  table(
    ["function (self time)", "ms", "share"],
    top(self, 30).map(([k, v]) => [k, fmt(v / 1000), pct(v)]),
  ),
);
console.log("");
console.log(
  table(
    ["package / area (self time)", "ms", "share"],
    top(areas, 20).map(([k, v]) => [k, fmt(v / 1000), pct(v)]),
  ),
);
if (patterns.length > 0) {
  console.log("");
  console.log(
    table(
      ["pattern (inclusive time)", "ms", "share"],
      [...inclusive.entries()].map(([k, v]) => [k, fmt(v / 1000), pct(v)]),
    ),
  );
}
