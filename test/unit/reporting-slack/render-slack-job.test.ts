import { describe, expect, test } from "vitest";
import type { JobState, JobView } from "../../../src/jobs/job-view.ts";
import { LIVE_OUTPUT_LINES, renderSlackJob } from "../../../src/reporting/render/slack/render-slack-job.ts";
import type { SlackBlock } from "../../../src/slack/slack-client.ts";
import { blocksProblem, buttonsOf, messageText } from "../../support/fake-slack.ts";
import { jobView } from "../../support/job-view-fixture.ts";
import { HOSTILE } from "../reporting/hostile.ts";
import { slackProblems } from "./slack-inert.ts";

const NOW = 100_000;
const HOUR = 3_600_000;
const SHA_URL = "https://github.com/acme/web/commit/abc1234def5678abc1234def5678abc1234def56";

function view(overrides: Partial<JobView> = {}): JobView {
  return jobView({ id: "task-77-1", ...overrides });
}

const waiting = { startedAt: undefined, finishedAt: undefined, exitCode: undefined } as const;

/** The mrkdwn of every text object, block by block. */
function texts(blocks: readonly SlackBlock[]): string[] {
  return blocks.flatMap((block) => {
    const text = block.text as { text?: string } | undefined;
    if (typeof text?.text === "string") return [text.text];
    const elements = Array.isArray(block.elements)
      ? (block.elements as { type: string; text?: unknown }[])
      : [];
    return elements
      .filter((e) => e.type === "mrkdwn" && typeof e.text === "string")
      .map((e) => String(e.text));
  });
}

function headline(v: JobView): string {
  return texts(renderSlackJob(v, NOW).blocks)[0] ?? "";
}

function factLines(v: JobView): string[] {
  return (
    texts(renderSlackJob(v, NOW).blocks)
      .find((text) => text.startsWith("Requested by"))
      ?.split("\n") ?? []
  );
}

describe("headline by state, in GitHub's words", () => {
  const repo = "<https://github.com/acme/web/pull/42|acme/web#42>";
  test.each<{ overrides: Partial<JobView>; expected: string }>([
    {
      overrides: { state: "awaiting_approval", ...waiting },
      expected: "✋ *Awaiting approval*: deploy of `abc1234` to *staging*",
    },
    { overrides: { state: "queued", ...waiting }, expected: "⏳ *Queued* deploy of `abc1234` to *staging*" },
    {
      overrides: { state: "running", finishedAt: undefined },
      expected: "🚧 *Deploying* `abc1234` to *staging*",
    },
    { overrides: {}, expected: "✅ *Deployed* `abc1234` to *staging*" },
    { overrides: { dryRun: true }, expected: "✅ *Deployed* `abc1234` to *staging* (dry run)" },
    { overrides: { state: "failed", exitCode: 1 }, expected: "❌ *Deploy failed*: `abc1234` to *staging*" },
    { overrides: { state: "timed_out" }, expected: "⏱️ *Deploy timed out*: `abc1234` to *staging*" },
    { overrides: { state: "cancelled" }, expected: "🛑 *Deploy cancelled*: `abc1234` to *staging*" },
    {
      overrides: {
        state: "cancelled",
        approval: {
          approvers: ["bob"],
          expiresAt: 0,
          approvedBy: undefined,
          approvedAt: undefined,
          rejectedBy: "bob",
        },
      },
      expected: "🛑 *Deploy rejected*: `abc1234` to *staging*",
    },
    { overrides: { state: "interrupted" }, expected: "⚠️ *Deploy interrupted*: `abc1234` to *staging*" },
    { overrides: { state: "refused" }, expected: "🚫 *Deploy refused*: `abc1234` to *staging*" },
    { overrides: { task: "migrate", state: "running" }, expected: "🚧 *Migrating* *staging* at `abc1234`" },
    {
      overrides: { rollback: { fromSha: "f".repeat(40) } },
      expected: "✅ *Rolled back* *staging* to `abc1234`",
    },
  ])("$expected", ({ overrides, expected }) => {
    expect(headline(view(overrides))).toBe(`${expected} · ${repo}`);
  });

  test("without a pull request the repository is linked instead", () => {
    expect(headline(view({ pullRequest: undefined }))).toMatch(
      / · <https:\/\/github\.com\/acme\/web\|acme\/web>$/,
    );
  });

  test("the first block names the job, and the notification text is the headline", () => {
    const message = renderSlackJob(view(), NOW);
    expect(message.blocks[0]?.block_id).toBe("shipmate-job:task-77-1");
    expect(message.text).toBe(headline(view()));
  });
});

describe("facts", () => {
  test("requester, pull request, environment, commit, duration and deployment, linked", () => {
    const lines = factLines(
      view({
        environmentUrl: "https://staging.example.com",
        deploymentUrl: "https://github.com/acme/web/deployments/staging",
        params: { region: "eu" },
      }),
    );
    expect(lines).toEqual([
      "Requested by <https://github.com/alice|alice>",
      "Pull request: <https://github.com/acme/web/pull/42|acme/web#42>",
      "Environment: *<https://staging.example.com/|staging>*",
      `Commit: \`feature/login\` at <${SHA_URL}|abc1234>`,
      "Parameters: `region=eu`",
      "Duration: 1m 05s",
      "<https://github.com/acme/web/deployments/staging|View deployment>",
    ]);
  });

  test.each<{ name: string; overrides: Partial<JobView>; fact: string }>([
    { name: "waiting", overrides: { state: "queued", ...waiting }, fact: "Waiting: 1m 39s so far" },
    {
      name: "running",
      overrides: { state: "running", finishedAt: undefined },
      fact: "Duration: 1m 38s so far",
    },
    { name: "exit code", overrides: { state: "failed", exitCode: 3 }, fact: "Exit code: 3" },
    { name: "signal", overrides: { state: "failed", exitCode: null }, fact: "Exit: stopped by a signal" },
    {
      name: "cancelled by",
      overrides: { state: "cancelled", cancelledBy: "carol" },
      fact: "Cancelled by <https://github.com/carol|carol>",
    },
    {
      name: "approved by",
      overrides: { approval: { approvers: ["bob"], expiresAt: 0, approvedBy: "bob", approvedAt: 5 } },
      fact: "Approved by <https://github.com/bob|bob>",
    },
    {
      name: "rolled back from",
      overrides: { rollback: { fromSha: "f".repeat(40) } },
      fact: `Rolled back from <https://github.com/acme/web/commit/${"f".repeat(40)}|fffffff>`,
    },
    { name: "no ref", overrides: { ref: "" }, fact: `Commit: <${SHA_URL}|abc1234>` },
    { name: "a Slack-only name", overrides: { actor: "U123 (slack)" }, fact: "Requested by U123 (slack)" },
    {
      name: "no environment URL",
      overrides: { environmentUrl: "javascript:alert(1)" },
      fact: "Environment: *staging*",
    },
    {
      name: "no pull request",
      overrides: { pullRequest: undefined },
      fact: "Repository: <https://github.com/acme/web|acme/web>",
    },
  ])("$name", ({ overrides, fact }) => {
    expect(factLines(view(overrides))).toContain(fact);
  });

  test("a GitHub Enterprise repository links people on its own host", () => {
    const ghe = view({ repository: { owner: "acme", name: "web", htmlUrl: "https://ghe.example/acme/web" } });
    expect(factLines(ghe)[0]).toBe("Requested by <https://ghe.example/alice|alice>");
  });
});

describe("why it waits, and what went wrong", () => {
  const approval = {
    approvers: ["bob", "@acme/release"],
    expiresAt: NOW + HOUR,
    approvedBy: undefined,
    approvedAt: undefined,
  };

  test("awaiting approval: who may approve, how, and until when", () => {
    const [, waitingText] = texts(
      renderSlackJob(view({ state: "awaiting_approval", ...waiting, approval }), NOW).blocks,
    );
    expect(waitingText?.split("\n")).toEqual([
      `*Waiting for approval* from bob or @acme/release.`,
      "An approver presses *Approve* below (or comments `/approve` on the pull request) to let it run, or *Reject* to stop it. The requester cannot approve their own deploy.",
      "The request lapses in 1h 00m 00s (at 1970-01-01 01:01 UTC) if nobody approves it.",
    ]);
  });

  test("queued: the place in line", () => {
    const line = { position: 2, ahead: { pullRequest: 41, actor: "carol", running: true } };
    const [, place] = texts(renderSlackJob(view({ state: "queued", ...waiting, line }), NOW).blocks);
    expect(place).toBe(`2nd in line for *staging*, behind #41 by @carol (running).`);
  });

  test("a failure quotes its problem, with Shipmate's code and bold kept", () => {
    const failed = view({
      state: "failed",
      exitCode: 3,
      problem: "The `deploy` task exited with code 3.\n\n**Check** the log.",
    });
    const [, problem] = texts(renderSlackJob(failed, NOW).blocks);
    expect(problem).toBe("> The `deploy` task exited with code 3.\n> *Check* the log.");
  });

  test("a refusal lists its reasons", () => {
    const refused = view({ state: "refused", problem: "- Checks failed on `abc1234`.\n- Needs 1 approval." });
    const [, problem] = texts(renderSlackJob(refused, NOW).blocks);
    expect(problem?.split("\n")).toEqual([
      "Shipmate checked the gates again on the pinned `abc1234` when this job left the line, and did not run it:",
      "• Checks failed on `abc1234`.",
      "• Needs 1 approval.",
    ]);
  });

  test("a moved head is pointed out while the job has not ended", () => {
    const moved = view({ state: "queued", ...waiting, headMovedTo: "9".repeat(40) });
    expect(texts(renderSlackJob(moved, NOW).blocks)).toContain(
      "⚠️ The PR head moved to `9999999` after this command; Shipmate uses the pinned `abc1234`.",
    );
    expect(messageText(renderSlackJob({ ...moved, state: "succeeded" }, NOW))).not.toContain("head moved");
  });
});

describe("buttons", () => {
  test.each<{ state: JobState; buttons: string[] }>([
    {
      state: "awaiting_approval",
      buttons: ["shipmate_approve:primary", "shipmate_reject:danger", "shipmate_cancel:-"],
    },
    { state: "queued", buttons: ["shipmate_cancel:-"] },
    { state: "running", buttons: ["shipmate_cancel:-"] },
    { state: "succeeded", buttons: [] },
    { state: "failed", buttons: [] },
    { state: "timed_out", buttons: [] },
    { state: "cancelled", buttons: [] },
    { state: "interrupted", buttons: [] },
    { state: "refused", buttons: [] },
  ])("$state → $buttons", ({ state, buttons }) => {
    const message = renderSlackJob(view({ state }), NOW);
    const shown = buttonsOf(message);
    expect(shown.map((b) => `${b.actionId}:${b.style ?? "-"}`)).toEqual(buttons);
    for (const button of shown) {
      expect(button.value).toBe("task-77-1");
      expect(button.blockId).toBe("shipmate-actions:task-77-1");
    }
    expect(message.blocks.some((block) => block.type === "actions")).toBe(buttons.length > 0);
  });

  test("cancel and reject ask first; stopping a running job says so", () => {
    const running = renderSlackJob(view({ state: "running" }), NOW).blocks.at(-1);
    const cancel = ((running?.elements ?? []) as SlackBlock[])[0];
    expect(cancel?.confirm).toMatchObject({
      title: { text: "Stop this deploy?" },
      text: { text: "The deploy of abc1234 to staging is running: its process will be stopped." },
      style: "danger",
    });
  });
});

describe("output", () => {
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `step ${i + 1}`).join("\n");

  test("the last lines in a code block; none when there is no output", () => {
    const few = texts(renderSlackJob(view({ output: "one\ntwo\n" }), NOW).blocks);
    expect(few).toContain("```\none\ntwo\n```");
    expect(texts(renderSlackJob(view({ output: "" }), NOW).blocks).some((t) => t.startsWith("```"))).toBe(
      false,
    );
  });

  test("long output: the last lines, how many were left out, and where to see more", () => {
    const message = renderSlackJob(
      view({ output: lines(500), deploymentUrl: "https://github.com/acme/web/deployments/staging" }),
      NOW,
    );
    const code = texts(message.blocks).find((t) => t.startsWith("```")) ?? "";
    expect(code.split("\n").slice(1, -1)).toEqual(
      Array.from({ length: LIVE_OUTPUT_LINES }, (_, i) => `step ${481 + i}`),
    );
    expect(texts(message.blocks)).toContain(
      "… 480 earlier lines not shown; more on <https://github.com/acme/web/pull/42|the pull request> and <https://github.com/acme/web/deployments/staging|the deployment>",
    );
  });

  test.each([
    { name: "one huge line", output: `start ${"x".repeat(50_000)} END` },
    {
      name: "lines of ampersands (five times longer escaped)",
      output: Array(40).fill("&".repeat(400)).join("\n"),
    },
    { name: "backtick fences", output: "```\n".repeat(3_000) },
  ])("$name stays one code block under Slack's limit", ({ output }) => {
    const code = texts(renderSlackJob(view({ output }), NOW).blocks).filter((t) => t.startsWith("```"));
    expect(code).toHaveLength(1);
    expect(code[0]?.length).toBeLessThanOrEqual(3_000);
    expect(code[0]?.slice(3, -3)).not.toContain("```");
    expect(code[0]?.endsWith("\n```")).toBe(true);
  });

  test("a huge line keeps its end", () => {
    const code = texts(renderSlackJob(view({ output: `start ${"x".repeat(50_000)} END` }), NOW).blocks).find(
      (t) => t.startsWith("```"),
    );
    expect(code).toMatch(/^```\n….*x END\n```$/);
  });
});

describe("hostile text from people and tasks", () => {
  const hostile = [
    ...HOSTILE,
    { name: "Slack mentions", text: "<!channel> <!here|here> <@U123ABC> <#C1|general> @here @channel" },
    { name: "a Slack link", text: "<https://evil.example|click me>" },
    { name: "entities", text: "&amp; &lt;b&gt; & <" },
    { name: "a huge blob", text: `<!here>${"&<>".repeat(20_000)}` },
  ];

  test.each(hostile)("$name in every field stays inert and within Slack's limits", ({ text }) => {
    const approval = {
      approvers: [text, `@${text}`],
      expiresAt: NOW + HOUR,
      approvedBy: text,
      approvedAt: 1,
      rejectedBy: text,
    };
    const views = [
      view({
        state: "awaiting_approval",
        ...waiting,
        environment: text,
        actor: text,
        ref: text,
        approval,
        params: { [text]: text },
      }),
      view({
        state: "queued",
        ...waiting,
        line: { position: 2, ahead: { pullRequest: 1, actor: text, running: true } },
        environment: text,
      }),
      view({
        state: "failed",
        problem: text,
        output: text,
        deploymentUrl: text,
        environmentUrl: text,
        cancelledBy: text,
      }),
      view({ state: "refused", problem: `- ${text}\n- ${text}`, output: text }),
      view({ state: "cancelled", cancelledBy: text, id: "task-1-1" }),
    ];
    for (const v of views) {
      const message = renderSlackJob(v, NOW);
      expect(blocksProblem(message.blocks)).toBeUndefined();
      expect(messageText(message).length).toBeLessThan(40_000);
      expect(message.text.length).toBeLessThanOrEqual(3_000);
      for (const mrkdwn of [message.text, ...texts(message.blocks)]) {
        const outside = mrkdwn.startsWith("```") ? "" : mrkdwn;
        expect(slackProblems(outside), mrkdwn.slice(0, 300)).toEqual([]);
        expect(mrkdwn.length).toBeLessThanOrEqual(3_000);
      }
    }
  });

  test.each([
    { text: "<!here>", problem: "a Slack mention or channel link" },
    { text: "<https://evil.example|x>", problem: "a raw <" },
    { text: "run `deploy acme/web@\u200dmain`", problem: "an invisible character in code" },
    { text: "a & b", problem: "a raw &" },
  ])("the checker itself sees $problem", ({ text, problem }) => {
    expect(slackProblems(text)).toContain(problem);
  });
});
