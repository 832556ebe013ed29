import { describe, expect, test } from "vitest";
import { renderCommandReply, renderConfigProblems } from "../../../src/reporting/render/reply.ts";
import { codeSpans } from "./markdown-probe.ts";

const FILE = ".github/shipmate.yml";
const FILE_URL = "https://github.com/acme/web/blob/main/.github/shipmate.yml";
const ENDING = "Nothing was run. Fix the file on the default branch and comment again.";

describe("renderCommandReply", () => {
  test("quotes the line, then says what is wrong", () => {
    expect(
      renderCommandReply("/deploy stagin", "Unknown environment `stagin`. Did you mean `staging`?"),
    ).toBe("> `/deploy stagin`\n\nUnknown environment `stagin`. Did you mean `staging`?");
  });

  test.each([
    { line: "/deploy ``` @bob", shown: "/deploy ``` @bob" },
    { line: "/deploy x\n</details>", shown: "/deploy x </details>" },
  ])("the quoted line $line stays one code span", ({ line, shown }) => {
    const [quote, ...rest] = renderCommandReply(line, "Bad.").split("\n");
    expect(quote?.startsWith("> ")).toBe(true);
    expect(codeSpans(quote ?? "")).toEqual([shown]);
    expect(rest).toEqual(["", "Bad."]);
  });
});

describe("renderConfigProblems", () => {
  const problems = [
    { path: "", line: undefined, column: undefined, message: "The file is not valid YAML." },
    {
      path: "environments.production.require.permission",
      line: 12,
      column: 7,
      message: "Expected one of read, triage, write, maintain, admin.",
    },
  ];

  test("links each problem to its line when the file URL is known", () => {
    expect(renderConfigProblems(problems, FILE, FILE_URL)).toBe(
      [
        "⚠️ `.github/shipmate.yml` has 2 problems:",
        "",
        `- [\`.github/shipmate.yml\`](${FILE_URL}): The file is not valid YAML.`,
        `- [\`.github/shipmate.yml\` line 12](${FILE_URL}#L12): Expected one of read, triage, write, maintain, admin. (\`environments.production.require.permission\`, column 7)`,
        "",
        ENDING,
      ].join("\n"),
    );
  });

  test("names the line without a link when the file URL is not known", () => {
    const reply = renderConfigProblems(problems, FILE, undefined);
    expect(reply).toContain(
      "- `.github/shipmate.yml` line 12: Expected one of read, triage, write, maintain, admin. (`environments.production.require.permission`, column 7)",
    );
    expect(reply).toContain("- `.github/shipmate.yml`: The file is not valid YAML.");
    expect(reply).not.toContain("](");
    expect(reply.endsWith(`\n\n${ENDING}`)).toBe(true);
  });

  test.each([
    { count: 1, heading: "⚠️ `.github/shipmate.yml` has a problem:" },
    { count: 3, heading: "⚠️ `.github/shipmate.yml` has 3 problems:" },
    { count: 0, heading: "⚠️ Shipmate could not use `.github/shipmate.yml`." },
  ])("heading for $count problems", ({ count, heading }) => {
    const some = Array.from({ length: count }, (_, i) => ({
      path: "",
      line: i + 1,
      column: undefined,
      message: "x",
    }));
    expect(renderConfigProblems(some, FILE, undefined).split("\n")[0]).toBe(heading);
  });

  test("a message quoting the file cannot add markup or ping anyone", () => {
    const reply = renderConfigProblems(
      [{ path: "slack.users.U1", line: 3, column: undefined, message: "Unknown user <b>@bob</b>." }],
      FILE,
      undefined,
    );
    expect(reply).toContain("line 3: Unknown user \\<b\\>@\u200dbob\\</b\\>. (`slack.users.U1`)");
  });

  test("a long list is cut with a count of the rest", () => {
    const many = Array.from({ length: 45 }, (_, i) => ({
      path: "",
      line: i + 1,
      column: undefined,
      message: "x",
    }));
    const lines = renderConfigProblems(many, FILE, undefined).split("\n");
    expect(lines.filter((l) => l.startsWith("- `"))).toHaveLength(30);
    expect(lines).toContain("- … and 15 more");
  });
});
