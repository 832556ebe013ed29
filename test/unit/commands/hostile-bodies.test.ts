import { describe, expect, test } from "vitest";
import { parseComment } from "../../../src/commands/parse-comment.ts";

const MAX_BODY = 65_536;
const fill = (unit: string) => unit.repeat(Math.ceil(MAX_BODY / unit.length)).slice(0, MAX_BODY);

// Each body is the largest GitHub allows; a catastrophic regex or quadratic scan would take seconds, not milliseconds.
const bodies: [string, string, number][] = [
  ["one line of quotes", `/deploy ${fill(`"'`)}`, 1],
  ["one line of equals signs", `/deploy ${fill("a=")}`, 1],
  ["one huge word", `/${fill("d")}`, 0],
  ["many deploy lines", fill("/deploy staging a=1 --dry-run\n"), 11],
  ["many typo lines", fill("/deplyo x\n"), 11],
  ["many ignored lines", fill("/lgtm\n"), 0],
  ["many comment openers", fill("<!--"), 0],
  ["alternating comment marks", fill("<!-- --> /deploy "), 0],
  ["fences opening and closing", fill("```\n/deploy x\n"), 11],
  ["one long fence", fill("`"), 0],
  ["whitespace", `/deploy ${fill(" \t")}`, 1],
  ["many quote lines", fill("> /deploy x\n"), 0],
  ["CR only", fill("/deploy x\r"), 11],
  ["one lock line of spaces", `/lock production ${fill(" ")}`, 1],
  ["one reject line of id-like text", `/reject ${fill("task-1")}`, 1],
  ["many lock lines with reasons", fill("/lock production `$(reboot)` now\n"), 11],
  ["many reject lines", fill("/reject task-1-1 no\n"), 11],
  ["many locks lines with words", fill("/locks a b c\n"), 11],
];

describe("hostile bodies", () => {
  test.each(bodies)("%s", (_name, body, outcomes) => {
    const started = performance.now();
    const result = parseComment(body);
    const elapsed = performance.now() - started;
    expect(result).toHaveLength(outcomes);
    expect(elapsed).toBeLessThan(500);
  });
});
