import { expect } from "vitest";

/** One sample of a scrape: the series name (with `_bucket`, `_sum`, `_count` kept), its labels, its value. */
export interface Sample {
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
}

/** GET /metrics, checked to be Prometheus text, read into samples. */
export async function scrape(url: string): Promise<Sample[]> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

/** Reads Prometheus' text format: `name{a="x",b="y"} 12`, comments skipped. */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1] ?? ""] = pair[2] ?? "";
    }
    samples.push({ name: match[1] ?? "", labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample named `name` whose labels include `labels`; undefined when there is none. */
export function sampleValue(
  samples: readonly Sample[],
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number | undefined {
  const found = samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value),
  );
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

/** Every Shipmate series as `name{labels}`, sorted: what a scrape adds to Prometheus' index. */
export function shipmateSeries(samples: readonly Sample[]): string[] {
  return samples
    .filter((s) => s.name.startsWith("shipmate_"))
    .map((s) => {
      const labels = Object.entries(s.labels)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => `${key}="${value}"`);
      return `${s.name}{${labels.join(",")}}`;
    })
    .sort();
}

/** Scrapes until `ready` holds for the samples, then returns them; fails naming `what`. */
export async function scrapeUntil(
  url: string,
  ready: (samples: readonly Sample[]) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<Sample[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const samples = await scrape(url);
    if (ready(samples)) return samples;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; series were:\n${shipmateSeries(samples).join("\n")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
