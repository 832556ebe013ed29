import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/**
 * Fails when a module imports a stage that comes after it on the path of a request, or when
 * imports form a cycle. Each folder under src/ lists the folders it may import besides itself.
 */
const ALLOWED: Record<string, readonly string[]> = {
  shared: [],
  jobs: ["shared"],
  commands: ["shared"],
  github: ["shared"],
  slack: ["shared", "metrics"],
  config: ["shared", "github"],
  policy: ["shared", "config", "github", "jobs"],
  queue: ["shared", "jobs", "github"],
  audit: ["shared"],
  locks: ["shared", "jobs", "audit", "queue"],
  reporting: ["shared", "jobs", "github", "slack", "queue"],
  executors: ["shared", "config", "jobs"],
  worker: ["shared", "jobs", "github", "queue", "executors", "policy", "locks", "audit"],
  dispatch: [
    "shared",
    "jobs",
    "github",
    "queue",
    "commands",
    "config",
    "policy",
    "reporting",
    "locks",
    "audit",
    "slack",
  ],
  ingress: ["shared", "jobs", "github", "queue", "commands", "config", "locks", "audit", "slack", "metrics"],
  // The job page and the queue dashboard: read records and logs, render like the reporters do.
  web: ["shared", "jobs", "queue", "config", "reporting"],
  // Prometheus series: the edges import only recorder.ts (which imports nothing); the collectors read
  // queues, leases, holds and job records when scraped.
  metrics: ["shared", "jobs", "queue", "locks", "github"],
};
// main/ wires everything together and may import any stage.
const WIRING = new Set(["main"]);

const root = resolve("src");
const files = walk(root).filter((f) => f.endsWith(".ts"));
const graph = new Map<string, string[]>();
const problems: string[] = [];

for (const file of files) {
  const text = readFileSync(file, "utf8");
  const targets: string[] = [];
  for (const match of text.matchAll(/(?:import|export)[^"']*?from\s+["'](\.{1,2}\/[^"']+)["']/g)) {
    const target = resolve(dirname(file), match[1] ?? "");
    targets.push(target);
    const from = layerOf(file);
    const to = layerOf(target);
    if (from !== to && !WIRING.has(from) && !(ALLOWED[from] ?? []).includes(to)) {
      problems.push(`${rel(file)} imports ${rel(target)}: ${from}/ may not depend on ${to}/`);
    }
  }
  graph.set(file, targets);
}

for (const cycle of findCycles(graph)) problems.push(`import cycle: ${cycle.map(rel).join(" → ")}`);

if (problems.length > 0) {
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  process.exit(1);
}
process.stdout.write(`layers: ${files.length} modules, no backward imports, no cycles\n`);

function layerOf(file: string): string {
  return relative(root, file).split("/")[0] ?? "";
}

function rel(file: string): string {
  return relative(process.cwd(), file);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

function findCycles(edges: Map<string, string[]>): string[][] {
  const state = new Map<string, "visiting" | "done">();
  const cycles: string[][] = [];
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, "visiting");
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === "visiting") cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next) && edges.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of edges.keys()) if (!state.has(node)) visit(node);
  return cycles;
}
