import { describe, expect, test } from "vitest";
import type { JobState, TaskKind, TaskStep } from "../../../src/jobs/job-view.ts";
import { GITHUB_COMMENT_LIMIT, renderStatusComment } from "../../../src/reporting/render/status-comment.ts";
import { parseStatusCommentMarker } from "../../../src/reporting/render/status-marker.ts";
import { jobView } from "../../support/job-view-fixture.ts";
import { codeSpans, fencedBodies, markdownText } from "./markdown-probe.ts";

const NOW = 100_000;

function headline(body: string): string {
  return body.split("\n")[1] ?? "";
}

function factLine(body: string, label: string): string {
  return body.split("\n").find((line) => line.startsWith(`- ${label}`)) ?? "";
}

describe("marker", () => {
  test.each(["job-1", "42", "a --> b <!-- c", "ünïcode/id"])("first line identifies job %s", (id) => {
    const body = renderStatusComment(jobView({ id }), NOW);
    const first = body.split("\n")[0] ?? "";
    expect(first).toMatch(/^<!-- shipmate:job:[^\s>]+ -->$/);
    expect(parseStatusCommentMarker(body)).toBe(id);
  });

  test("a comment without the marker is not recognised", () => {
    expect(parseStatusCommentMarker("✅ **Deployed** `abc1234`")).toBeUndefined();
    expect(parseStatusCommentMarker("text\n<!-- shipmate:job:job-1 -->")).toBeUndefined();
  });
});

describe("headline", () => {
  test.each<{ state: JobState; expected: string }>([
    { state: "awaiting_approval", expected: "✋ **Awaiting approval**: deploy of `abc1234` to **staging**" },
    { state: "queued", expected: "⏳ **Queued** deploy of `abc1234` to **staging**" },
    { state: "running", expected: "🚧 **Deploying** `abc1234` to **staging**" },
    { state: "succeeded", expected: "✅ **Deployed** `abc1234` to **staging**" },
    { state: "failed", expected: "❌ **Deploy failed**: `abc1234` to **staging**" },
    { state: "timed_out", expected: "⏱️ **Deploy timed out**: `abc1234` to **staging**" },
    { state: "cancelled", expected: "🛑 **Deploy cancelled**: `abc1234` to **staging**" },
    { state: "interrupted", expected: "⚠️ **Deploy interrupted**: `abc1234` to **staging**" },
    { state: "refused", expected: "🚫 **Deploy refused**: `abc1234` to **staging**" },
  ])("deploy $state", ({ state, expected }) => {
    expect(headline(renderStatusComment(jobView({ state }), NOW))).toBe(expected);
  });

  test.each<{ task: TaskKind; state: JobState; expected: string }>([
    { task: "migrate", state: "running", expected: "🚧 **Migrating** **staging** at `abc1234`" },
    { task: "migrate", state: "succeeded", expected: "✅ **Migrated** **staging** at `abc1234`" },
    { task: "migrate", state: "failed", expected: "❌ **Migration failed**: **staging** at `abc1234`" },
    { task: "provision", state: "queued", expected: "⏳ **Queued** provision of **staging** at `abc1234`" },
    { task: "provision", state: "succeeded", expected: "✅ **Provisioned** **staging** at `abc1234`" },
    { task: "check", state: "succeeded", expected: "✅ **Check passed** **staging** at `abc1234`" },
    { task: "check", state: "timed_out", expected: "⏱️ **Check timed out**: **staging** at `abc1234`" },
    {
      task: "migrate",
      state: "awaiting_approval",
      expected: "✋ **Awaiting approval**: migration of **staging** at `abc1234`",
    },
    { task: "provision", state: "refused", expected: "🚫 **Provision refused**: **staging** at `abc1234`" },
  ])("$task $state", ({ task, state, expected }) => {
    expect(headline(renderStatusComment(jobView({ task, state }), NOW))).toBe(expected);
  });

  test.each<{ task: TaskKind; step: TaskStep; state: JobState; expected: string }>([
    {
      task: "provision",
      step: "plan",
      state: "running",
      expected: "🚧 **Planning** **staging** at `abc1234`",
    },
    {
      task: "provision",
      step: "plan",
      state: "succeeded",
      expected: "✅ **Planned** **staging** at `abc1234`",
    },
    {
      task: "provision",
      step: "apply",
      state: "succeeded",
      expected: "✅ **Applied** **staging** at `abc1234`",
    },
    {
      task: "provision",
      step: "apply",
      state: "failed",
      expected: "❌ **Apply failed**: **staging** at `abc1234`",
    },
    {
      task: "migrate",
      step: "status",
      state: "succeeded",
      expected: "✅ **Read migration status of** **staging** at `abc1234`",
    },
    {
      task: "migrate",
      step: "down",
      state: "succeeded",
      expected: "✅ **Migrated down** **staging** at `abc1234`",
    },
  ])("$task $step $state", ({ task, step, state, expected }) => {
    expect(headline(renderStatusComment(jobView({ task, step, state }), NOW))).toBe(expected);
  });

  test("a check without an environment names only the commit", () => {
    expect(headline(renderStatusComment(jobView({ task: "check", environment: "" }), NOW))).toBe(
      "✅ **Check passed** `abc1234`",
    );
  });

  test("dry runs say so", () => {
    expect(headline(renderStatusComment(jobView({ dryRun: true }), NOW))).toBe(
      "✅ **Deployed** `abc1234` to **staging** (dry run)",
    );
  });

  test("an environment name cannot format the headline or ping anyone", () => {
    const line = headline(renderStatusComment(jobView({ environment: "**x** @bob <b>" }), NOW));
    expect(line).toBe("✅ **Deployed** `abc1234` to **\\*\\*x\\*\\* @\u200dbob \\<b\\>**");
  });
});

describe("facts", () => {
  test("links the environment, the commit and the deployment", () => {
    const body = renderStatusComment(
      jobView({
        environmentUrl: "https://staging.example.com/",
        deploymentUrl: "https://github.com/acme/web/deployments/staging",
      }),
      NOW,
    );
    expect(factLine(body, "Environment")).toBe("- Environment: [**staging**](https://staging.example.com/)");
    expect(factLine(body, "Commit")).toBe(
      "- Commit: `feature/login` at [`abc1234`](https://github.com/acme/web/commit/abc1234def5678abc1234def5678abc1234def56)",
    );
    expect(body).toContain("- [View deployment](https://github.com/acme/web/deployments/staging)");
  });

  test("without URLs nothing is linked", () => {
    const body = renderStatusComment(jobView({ environmentUrl: "javascript:alert(1)" }), NOW);
    expect(factLine(body, "Environment")).toBe("- Environment: **staging**");
    expect(body).not.toContain("View deployment");
    expect(body).not.toContain("javascript:");
  });

  test("a trailing slash on the repository URL does not double up", () => {
    const body = renderStatusComment(
      jobView({ repository: { owner: "acme", name: "web", htmlUrl: "https://ghe.test/acme/web/" } }),
      NOW,
    );
    expect(factLine(body, "Commit")).toContain("(https://ghe.test/acme/web/commit/abc1234def5678");
  });

  test("a commit deploy shows the SHA once", () => {
    const sha = "abc1234def5678abc1234def5678abc1234def56";
    expect(factLine(renderStatusComment(jobView({ ref: sha }), NOW), "Commit")).toBe(
      `- Commit: [\`abc1234\`](https://github.com/acme/web/commit/${sha})`,
    );
  });

  test("mentions the requester", () => {
    expect(factLine(renderStatusComment(jobView(), NOW), "Requested by")).toBe("- Requested by @alice");
  });

  test("an actor that is not a login cannot ping anyone", () => {
    const line = factLine(renderStatusComment(jobView({ actor: "U024 @bob" }), NOW), "Requested by");
    expect(line).toBe("- Requested by U024 @\u200dbob");
  });

  test.each<{ name: string; value: string }>([
    { name: "backticks", value: "1.2`3``` x" },
    { name: "newlines", value: "a\n\n# Heading\n- item" },
    { name: "html", value: "<script>alert(1)</script>" },
    { name: "mentions", value: "@bob @acme/team" },
    { name: "pipes and brackets", value: "a|b](https://evil)" },
    { name: "a trailing backtick", value: "x`" },
  ])("params with $name stay one code span each", ({ value }) => {
    const body = renderStatusComment(jobView({ params: { version: value, b: "plain" } }), NOW);
    const line = factLine(body, "Parameters");
    expect(body.split("\n").filter((l) => l.startsWith("- Parameters")).length).toBe(1);
    expect(codeSpans(line)).toEqual(["b=plain", `version=${value.replace(/\n/g, " ")}`]);
    expect(markdownText(line)).toBe("- Parameters:  ,  ");
  });

  test("long param values are cut, keeping both ends", () => {
    const value = `start-${"x".repeat(5_000)}-end`;
    const line = factLine(renderStatusComment(jobView({ params: { v: value } }), NOW), "Parameters");
    const [span] = codeSpans(line);
    expect(span?.startsWith("v=start-")).toBe(true);
    expect(span?.endsWith("-end")).toBe(true);
    expect(line.length).toBeLessThan(200);
  });

  test("many params are summarised", () => {
    const params = Object.fromEntries(
      Array.from({ length: 25 }, (_, i) => [`k${String(i).padStart(2, "0")}`, "v"]),
    );
    const line = factLine(renderStatusComment(jobView({ params }), NOW), "Parameters");
    expect(codeSpans(line)).toHaveLength(20);
    expect(line.endsWith(" and 5 more")).toBe(true);
  });

  test("no params, no parameters line", () => {
    expect(renderStatusComment(jobView(), NOW)).not.toContain("Parameters");
  });

  test.each<{
    state: JobState;
    startedAt: number | undefined;
    finishedAt: number | undefined;
    expected: string;
  }>([
    { state: "queued", startedAt: undefined, finishedAt: undefined, expected: "- Waiting: 1m 39s so far" },
    { state: "running", startedAt: 35_000, finishedAt: undefined, expected: "- Duration: 1m 05s so far" },
    { state: "succeeded", startedAt: 2_000, finishedAt: 67_000, expected: "- Duration: 1m 05s" },
    { state: "failed", startedAt: 2_000, finishedAt: 7_500, expected: "- Duration: 5s" },
    { state: "cancelled", startedAt: undefined, finishedAt: 9_000, expected: "" },
    {
      state: "awaiting_approval",
      startedAt: undefined,
      finishedAt: undefined,
      expected: "- Waiting: 1m 39s so far",
    },
    { state: "refused", startedAt: undefined, finishedAt: 9_000, expected: "" },
  ])("duration when $state", ({ state, startedAt, finishedAt, expected }) => {
    const body = renderStatusComment(jobView({ state, startedAt, finishedAt }), NOW);
    const line = body.split("\n").find((l) => l.startsWith("- Duration") || l.startsWith("- Waiting")) ?? "";
    expect(line).toBe(expected);
  });

  test.each<{ state: JobState; exitCode: number | null | undefined; expected: string | undefined }>([
    { state: "failed", exitCode: 2, expected: "- Exit code: 2" },
    { state: "failed", exitCode: null, expected: "- Exit: stopped by a signal" },
    { state: "succeeded", exitCode: 0, expected: undefined },
    { state: "interrupted", exitCode: undefined, expected: undefined },
  ])("exit when $state with $exitCode", ({ state, exitCode, expected }) => {
    const body = renderStatusComment(jobView({ state, exitCode }), NOW);
    expect(body.split("\n").find((l) => l.startsWith("- Exit"))).toBe(expected);
  });
});

describe("head moved", () => {
  test.each<{ state: JobState; verb: string }>([
    { state: "queued", verb: "will deploy" },
    { state: "awaiting_approval", verb: "will deploy" },
    { state: "running", verb: "is deploying" },
    { state: "succeeded", verb: "deployed" },
    { state: "failed", verb: "used" },
  ])("warns when $state", ({ state, verb }) => {
    const body = renderStatusComment(jobView({ state, headMovedTo: "def5678999999999" }), NOW);
    expect(body).toContain(
      `> ⚠️ The PR head moved to \`def5678\` after this command; Shipmate ${verb} the pinned \`abc1234\`. Run \`/deploy staging\` again to ship the new head.`,
    );
  });

  test("other tasks name their own command", () => {
    const body = renderStatusComment(jobView({ task: "migrate", headMovedTo: "def5678999" }), NOW);
    expect(body).toContain(
      "Shipmate ran the pinned `abc1234`. Run `/migrate staging` again to use the new head.",
    );
  });

  test("no warning when the head did not move", () => {
    expect(renderStatusComment(jobView(), NOW)).not.toContain("head moved");
  });
});

describe("problem", () => {
  const problem = "The deploy task exited with code 2. Run `/deploy staging` again.\n@bob <b>hi</b>";

  test.each<{ state: JobState; shown: boolean }>([
    { state: "queued", shown: false },
    { state: "running", shown: false },
    { state: "succeeded", shown: false },
    { state: "failed", shown: true },
    { state: "timed_out", shown: true },
    { state: "cancelled", shown: true },
    { state: "interrupted", shown: true },
    { state: "awaiting_approval", shown: false },
  ])("$state shows it: $shown", ({ state, shown }) => {
    const body = renderStatusComment(jobView({ state, problem }), NOW);
    const quoted =
      "> The deploy task exited with code 2. Run `/deploy staging` again.\n> @\u200dbob \\<b\\>hi\\</b\\>";
    expect(body.includes(quoted)).toBe(shown);
  });
});

describe("output", () => {
  function outputOf(body: string): string {
    const bodies = fencedBodies(body);
    expect(bodies).toHaveLength(1);
    return bodies[0] ?? "";
  }

  test("shows the output in a collapsed section", () => {
    const body = renderStatusComment(jobView({ output: "one\ntwo\nthree\n" }), NOW);
    expect(body).toContain(
      "<details><summary>Output (last 3 lines)</summary>\n\n```\none\ntwo\nthree\n```\n\n</details>",
    );
    expect(body.endsWith("</details>")).toBe(true);
  });

  test("no output, no section", () => {
    expect(renderStatusComment(jobView({ output: "\n  \n" }), NOW)).not.toContain("<details>");
  });

  test("output cannot close the fence, however many backticks it holds", () => {
    const output = ["```", "````", "```js", "  ```", "`````````` ten", "last"].join("\n");
    const body = renderStatusComment(jobView({ output }), NOW);
    expect(outputOf(body)).toBe(output);
    expect(body.endsWith("\n\n</details>")).toBe(true);
  });

  test.each([
    {
      name: "5 MB of short lines",
      output: `${"deploy step output line\n".repeat(220_000)}THE LAST LINE`,
      cut: "lines",
    },
    { name: "5 MB on one line", output: `${"x".repeat(5_000_000)}THE LAST LINE`, cut: "line start" },
    {
      name: "5 MB of ``` runs",
      output: `${"```\n``` ```` `````\n".repeat(250_000)}THE LAST LINE`,
      cut: "lines",
    },
    { name: "one huge backtick run", output: `${"`".repeat(200_000)}\nTHE LAST LINE`, cut: "lines" },
    {
      name: "200 KB lines",
      output: `${"y".repeat(200_000)}\n${"z".repeat(200_000)}\nTHE LAST LINE`,
      cut: "lines",
    },
  ])("$name stays under GitHub's limit and keeps the last line", ({ output, cut }) => {
    const body = renderStatusComment(jobView({ state: "failed", output, problem: "It failed." }), NOW);
    expect(body.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    const shown = outputOf(body);
    expect(shown.endsWith("THE LAST LINE")).toBe(true);
    if (cut === "lines") expect(body).toMatch(/\n… [\d,]+ earlier lines? not shown\n/);
    else expect(shown.startsWith("…x")).toBe(true);
    expect(body.endsWith("\n\n</details>")).toBe(true);
  });

  test("a last line that is one huge backtick run is cut, not left to break the fence", () => {
    const body = renderStatusComment(jobView({ output: `before\n${"`".repeat(300_000)}` }), NOW);
    expect(body.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(outputOf(body)).toMatch(/^…`{1000,}$/);
    expect(body.endsWith("\n\n</details>")).toBe(true);
  });

  test("at most 200 lines are shown, and the count says how many were left out", () => {
    const output = Array.from({ length: 250 }, (_, i) => `line ${i + 1}`).join("\n");
    const body = renderStatusComment(jobView({ output }), NOW);
    expect(body).toContain("<summary>Output (last 200 lines)</summary>");
    expect(body).toContain("… 50 earlier lines not shown");
    expect(outputOf(body).split("\n")[0]).toBe("line 51");
  });

  test("terminal escapes and redraws are cleaned up", () => {
    const body = renderStatusComment(jobView({ output: "\u001b[32mok\u001b[0m\n10%\r100%" }), NOW);
    expect(outputOf(body)).toBe("ok\n100%");
  });
});
