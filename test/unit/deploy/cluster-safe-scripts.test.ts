import { describe, expect, test } from "vitest";
import { filesUnder, readText } from "./deploy-files.ts";

// Redis Cluster routes a script by the keys it is given and refuses one that touches another key: every
// key a Lua script reads or writes must come in through KEYS (and share the prefix's hash tag).
const CALL = /redis\.p?call\(\s*'([A-Za-z]+)'\s*(?:,\s*([^,)]+))?/g;
// Commands that take no key as their first argument.
const KEYLESS = new Set(["TIME", "PUBLISH", "ECHO", "PING"]);

/** The `redis.call(…)` lines of `source` whose first argument is not one of KEYS. */
function callsOutsideKeys(source: string): string[] {
  const found: string[] = [];
  for (const [call, command = "", first = ""] of source.matchAll(CALL)) {
    if (KEYLESS.has(command.toUpperCase())) continue;
    if (!/^KEYS\[\d+\]$/.test(first.trim())) found.push(call.trim());
  }
  return found;
}

describe("Shipmate's Lua scripts", () => {
  const sources = filesUnder("src").filter((file) => file.endsWith(".ts"));
  const scripts = sources.filter((file) => readText(file).includes("redis.call("));

  test("exist (the scan finds them)", () => {
    expect(scripts.length).toBeGreaterThan(3);
  });

  test("touch only keys passed as KEYS, so each runs on one cluster slot", () => {
    const problems = scripts.flatMap((file) =>
      callsOutsideKeys(readText(file)).map((call) => `${file}: ${call}`),
    );
    expect(problems).toEqual([]);
  });

  test.each([
    ["redis.call('GET', KEYS[1])", []],
    ["redis.call('TIME')", []],
    ["redis.call('DEL', ARGV[1])", ["redis.call('DEL', ARGV[1]"]],
    ["redis.pcall('HSET', KEYS[1] .. ':x', 'f', 1)", ["redis.pcall('HSET', KEYS[1] .. ':x'"]],
    ["redis.call('SET', 'shipmate:fixed', 1)", ["redis.call('SET', 'shipmate:fixed'"]],
  ])("the check flags %s as %j", (source, expected) => {
    expect(callsOutsideKeys(source)).toEqual(expected);
  });
});
