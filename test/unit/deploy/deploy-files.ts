import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseAllDocuments } from "yaml";

/** The repository root, whichever directory the tests run from. */
export const ROOT = new URL("../../../", import.meta.url).pathname;

/** A file of the repository as text. */
export function readText(path: string): string {
  return readFileSync(join(ROOT, path), "utf8");
}

/** Every file under `dir` (repository-relative), sorted. */
export function filesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.push(relative(ROOT, full));
    }
  };
  walk(join(ROOT, dir));
  return found.sort();
}

/** The documents of a YAML file; throws naming the file and the first error. */
export function readYamlDocuments<T = unknown>(path: string): T[] {
  // Compose files share settings through `<<:` merge keys (YAML 1.1), which YAML 1.2 leaves as plain keys.
  const documents = parseAllDocuments(readText(path), { merge: true });
  const list = Array.isArray(documents) ? documents : [documents];
  for (const document of list) {
    const problem = document.errors[0] ?? document.warnings[0];
    if (problem) throw new Error(`${path}: ${problem.message}`);
  }
  return list.map((document) => document.toJS() as T);
}

/** The one document of a YAML file. */
export function readYaml<T>(path: string): T {
  const [document, ...more] = readYamlDocuments<T>(path);
  if (document === undefined || more.length > 0) throw new Error(`${path}: expected one YAML document`);
  return document;
}

/** A JSON file, parsed. */
export function readJson<T>(path: string): T {
  return JSON.parse(readText(path)) as T;
}

/**
 * The environment variable names Shipmate reads: the upper-case names that its settings modules
 * (src/**\/*settings.ts) mention.
 */
export function variablesShipmateReads(): Set<string> {
  const names = new Set<string>();
  for (const file of filesUnder("src").filter((f) => f.endsWith("settings.ts"))) {
    for (const match of readText(file).matchAll(
      /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b(?:HOST|PORT|ROLE)\b/g,
    )) {
      names.add(match[0]);
    }
  }
  return names;
}

/** `2m`, `30s`, `1m30s` (compose durations) in seconds. */
export function durationSeconds(text: string): number {
  const parts = [...text.matchAll(/(\d+)(h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text)
    throw new Error(`not a duration: ${text}`);
  const unit = { h: 3600, m: 60, s: 1 } as const;
  return parts.reduce((sum, [, n, u]) => sum + Number(n) * unit[u as keyof typeof unit], 0);
}
