import { describe, expect, test } from "vitest";
import { renderRefusal } from "../../../src/reporting/render/refusal.ts";
import { codeSpans, markdownText } from "./markdown-probe.ts";

describe("renderRefusal", () => {
  test("lists every reason with what would allow it, in order", () => {
    const reply = renderRefusal({
      command: "/deploy production",
      reasons: [
        {
          code: "insufficient-permission",
          message: "@alice has `write` on this repository; deploying to **production** needs `maintain`.",
          fix: "Ask someone with `maintain` to comment the command.",
        },
        {
          code: "pull-request-closed",
          message: "Pull request #42 is closed; its head is not deployed.",
          fix: "Reopen the pull request.",
        },
      ],
    });
    expect(reply).toBe(
      [
        "🚫 Shipmate did not run `/deploy production`:",
        "",
        "- @\u200dalice has `write` on this repository; deploying to **production** needs `maintain`.",
        "  **To allow it:** Ask someone with `maintain` to comment the command.",
        "- Pull request \\#42 is closed; its head is not deployed.",
        "  **To allow it:** Reopen the pull request.",
      ].join("\n"),
    );
  });

  test.each([
    { name: "backticks", command: "/deploy `x` ``y``", shown: "/deploy `x` ``y``" },
    { name: "a newline", command: "/deploy prod\n# Heading\n@bob", shown: "/deploy prod # Heading @bob" },
    {
      name: "html",
      command: "/deploy <img src=x onerror=alert(1)>",
      shown: "/deploy <img src=x onerror=alert(1)>",
    },
  ])("a command with $name stays inside one code span", ({ command, shown }) => {
    const first = renderRefusal({ command, reasons: [] }).split("\n")[0] ?? "";
    expect(codeSpans(first)).toEqual([shown]);
    expect(markdownText(first)).toBe("🚫 Shipmate did not run  :");
  });

  test("user text in a reason cannot add markup", () => {
    const reply = renderRefusal({
      command: "/deploy x",
      reasons: [
        {
          code: "unknown-environment",
          message: "No environment **<b>x</b>**.",
          fix: "[Click](https://evil)",
        },
      ],
    });
    expect(reply).toContain("- No environment **\\<b\\>x\\</b\\>**.");
    expect(reply).toContain("**To allow it:** \\[Click\\](https://evil)");
  });

  test("a very long command is cut", () => {
    const first =
      renderRefusal({ command: `/deploy ${"a".repeat(1_000)}`, reasons: [] }).split("\n")[0] ?? "";
    expect(first.length).toBeLessThan(260);
    expect(codeSpans(first)[0]?.endsWith("…")).toBe(true);
  });
});
