import { describe, expect, test } from "vitest";
import { inertProblems } from "./hostile.ts";

describe("inertProblems (the probe the renderer tests rely on)", () => {
  test.each([
    { markdown: "plain **bold** `<b>` and \\<b\\>", allowed: [], expected: [] },
    { markdown: "<b>x</b>", allowed: [], expected: ["raw HTML"] },
    { markdown: "\\\\<b>", allowed: [], expected: ["raw HTML"] },
    { markdown: "[x](javascript:alert(1))", allowed: [], expected: ["a link or image"] },
    { markdown: "\\[x\\](javascript:alert(1))", allowed: [], expected: [] },
    {
      markdown: "hi @everyone and @acme/admins",
      allowed: [],
      expected: ["a mention of @everyone", "a mention of @acme/admins"],
    },
    { markdown: "hi @\u200deveryone", allowed: [], expected: [] },
    { markdown: "by @alice", allowed: ["alice"], expected: [] },
    {
      markdown: "<!-- shipmate:job:x -->\n[`a`](https://github.com/acme/web/commit/a)",
      allowed: [],
      expected: [],
    },
    { markdown: "<!-- shipmate:job:x --> <!--", allowed: [], expected: ["raw HTML"] },
  ])("$markdown", ({ markdown, allowed, expected }) => {
    expect(inertProblems(markdown, allowed)).toEqual(expected);
  });
});
