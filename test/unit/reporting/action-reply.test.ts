import { describe, expect, test } from "vitest";
import { type ActionReply, renderActionReply } from "../../../src/reporting/render/action-reply.ts";
import { jobSummary } from "../../support/job-view-fixture.ts";
import { HOSTILE, inertProblems } from "./hostile.ts";
import { codeSpans } from "./markdown-probe.ts";

const ZWJ = "\u200d";

describe("renderActionReply", () => {
  test.each<{ name: string; reply: ActionReply; expected: string }>([
    {
      name: "a waiting job cancelled",
      reply: { kind: "cancelled", job: jobSummary(), wasRunning: false },
      expected: "🛑 Cancelled `task-1` (deploy of `abc1234` to **staging**); it will not run.",
    },
    {
      name: "a running job being stopped",
      reply: { kind: "cancelled", job: jobSummary({ state: "running" }), wasRunning: true },
      expected:
        "🛑 Stopping `task-1` (deploy of `abc1234` to **staging**): its process is being stopped, and its status comment will say when it has ended.",
    },
    {
      name: "a migration cancelled",
      reply: { kind: "cancelled", job: jobSummary({ task: "migrate" }), wasRunning: false },
      expected: "🛑 Cancelled `task-1` (migration of **staging** at `abc1234`); it will not run.",
    },
    {
      name: "approved",
      reply: { kind: "approved", job: jobSummary({ environment: "production" }) },
      expected:
        "👍 Approved `task-1` (deploy of `abc1234` to **production**); it will run when it reaches the front of the line.",
    },
    {
      name: "rejected with a reason",
      reply: { kind: "rejected", job: jobSummary(), reason: " not during the freeze " },
      expected:
        "👎 Rejected `task-1` (deploy of `abc1234` to **staging**); it will not run. Reason: not during the freeze",
    },
    {
      name: "rejected without a reason",
      reply: { kind: "rejected", job: jobSummary(), reason: undefined },
      expected: "👎 Rejected `task-1` (deploy of `abc1234` to **staging**); it will not run.",
    },
    {
      name: "nothing to cancel",
      reply: { kind: "no-job", action: "cancel", jobId: undefined },
      expected: "Nothing to cancel: no job from this pull request is waiting or running.",
    },
    {
      name: "nothing to approve",
      reply: { kind: "no-job", action: "approve", jobId: undefined },
      expected: "Nothing to approve: no job from this pull request is awaiting approval.",
    },
    {
      name: "nothing to reject",
      reply: { kind: "no-job", action: "reject", jobId: undefined },
      expected: "Nothing to reject: no job from this pull request is awaiting approval.",
    },
    {
      name: "a named job that cannot be cancelled",
      reply: { kind: "no-job", action: "cancel", jobId: "task-7" },
      expected: "No job `task-7` is waiting or running in this repository.",
    },
    {
      name: "a named job that awaits no approval",
      reply: { kind: "no-job", action: "approve", jobId: "task-7" },
      expected: "No job `task-7` is awaiting approval in this repository.",
    },
    {
      name: "several jobs fit",
      reply: {
        kind: "ambiguous",
        action: "cancel",
        jobs: [jobSummary(), jobSummary({ id: "task-2", task: "migrate", actor: "bob" })],
      },
      expected: [
        "Several jobs could be meant; name one:",
        "",
        `- \`/cancel task-1\`: deploy of \`abc1234\` to **staging**, #42 by @${ZWJ}alice`,
        `- \`/cancel task-2\`: migration of **staging** at \`abc1234\`, #42 by @${ZWJ}bob`,
      ].join("\n"),
    },
  ])("$name", ({ reply, expected }) => {
    expect(renderActionReply(reply)).toBe(expected);
  });

  test("a long list of choices is cut", () => {
    const jobs = Array.from({ length: 14 }, (_, i) => jobSummary({ id: `task-${i}` }));
    const lines = renderActionReply({ kind: "ambiguous", action: "approve", jobs }).split("\n");
    expect(lines.filter((l) => l.startsWith("- `/approve "))).toHaveLength(10);
    expect(lines.at(-1)).toBe("- … and 4 more");
  });

  test.each(HOSTILE)("ids, names and reasons with $name cannot add markup or ping anyone", ({ text }) => {
    const job = jobSummary({ id: text, environment: text, actor: text });
    const replies: ActionReply[] = [
      { kind: "cancelled", job, wasRunning: true },
      { kind: "approved", job },
      { kind: "rejected", job, reason: text },
      { kind: "no-job", action: "cancel", jobId: text },
      { kind: "ambiguous", action: "reject", jobs: [job] },
    ];
    for (const reply of replies) {
      const markdown = renderActionReply(reply);
      expect(inertProblems(markdown)).toEqual([]);
      expect(markdown.length).toBeLessThan(800);
    }
  });

  test("a job id with backticks stays one code span", () => {
    const markdown = renderActionReply({ kind: "no-job", action: "cancel", jobId: "a``b`" });
    expect(codeSpans(markdown)).toEqual(["a``b`"]);
  });
});
