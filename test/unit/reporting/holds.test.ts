import { describe, expect, test } from "vitest";
import { renderHolds } from "../../../src/reporting/render/holds.ts";
import { holdView } from "../../support/job-view-fixture.ts";
import { HOSTILE, inertProblems } from "./hostile.ts";

const NOW = 2 * 3_600_000 + 5 * 60_000;
const ZWJ = "\u200d";

/** Cells of a GFM table row, split only on pipes that are not escaped. */
function cells(row: string): string[] {
  return row
    .replace(/^\| | \|$/g, "")
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

function rows(markdown: string): string[][] {
  return markdown
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| ---"))
    .map(cells);
}

describe("renderHolds", () => {
  test("no holds says so", () => {
    expect(renderHolds([], NOW)).toBe("🔓 No environment is locked.");
  });

  test("one row per hold: environment, pull request, holder, reason, age and end", () => {
    const markdown = renderHolds(
      [
        holdView({ reason: "release freeze", expiresAt: NOW + 3_600_000 }),
        holdView({ environment: "staging", pullRequest: 7, login: "bob", at: NOW - 30_000 }),
      ],
      NOW,
    );
    expect(markdown.split("\n")[0]).toBe("🔒 **Locked environments** (2)");
    expect(rows(markdown)).toEqual([
      ["Environment", "Pull request", "Held by", "Reason", "Since", "Ends"],
      [
        "**production**",
        "#12",
        `@${ZWJ}alice`,
        "release freeze",
        "2h 05m 00s ago",
        "in 1h 00m 00s (at 1970-01-01 03:05 UTC)",
      ],
      ["**staging**", "#7", `@${ZWJ}bob`, "", "30s ago", "when unlocked"],
    ]);
  });

  test("an expiry already past is shown as a time, not a negative duration", () => {
    const [, row] = rows(renderHolds([holdView({ expiresAt: NOW - 1 })], NOW));
    expect(row?.[5]).toBe("at 1970-01-01 02:04 UTC");
  });

  test("a long reason is cut to 200 characters", () => {
    const [, row] = rows(renderHolds([holdView({ reason: "r".repeat(5_000) })], NOW));
    expect(row?.[3]?.length).toBe(200);
    expect(row?.[3]?.endsWith("…")).toBe(true);
  });

  test("a long list is cut with a count of the rest", () => {
    const many = Array.from({ length: 60 }, (_, i) => holdView({ environment: `env-${i}` }));
    const markdown = renderHolds(many, NOW);
    expect(rows(markdown)).toHaveLength(51);
    expect(markdown.endsWith("\n\n… and 10 more")).toBe(true);
  });

  test.each(HOSTILE)("a reason, environment or login with $name stays in its cell as text", ({ text }) => {
    const markdown = renderHolds([holdView({ reason: text, environment: text, login: text })], NOW);
    const table = rows(markdown);
    expect(table).toHaveLength(2);
    expect(table[1]).toHaveLength(6);
    expect(inertProblems(markdown)).toEqual([]);
    expect(markdown.length).toBeLessThan(1_000);
  });
});
