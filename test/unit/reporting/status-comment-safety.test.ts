import { describe, expect, test } from "vitest";
import type { ApprovalView, JobState, LinePlace } from "../../../src/jobs/job-view.ts";
import { renderStatusComment } from "../../../src/reporting/render/status-comment.ts";
import { renderPlace } from "../../../src/reporting/render/status-waiting.ts";
import { jobView } from "../../support/job-view-fixture.ts";
import { HOSTILE, inertProblems } from "./hostile.ts";
import { markdownText } from "./markdown-probe.ts";

const NOW = 100_000;
const ZWJ = "\u200d";
const HOUR = 3_600_000;

function headline(body: string): string {
  return body.split("\n")[1] ?? "";
}

function factLine(body: string, label: string): string | undefined {
  return body.split("\n").find((line) => line.startsWith(`- ${label}`));
}

/** The paragraph between the headline and the next blank line. */
function firstSection(body: string): string {
  return body.split("\n\n")[1] ?? "";
}

function approval(overrides: Partial<ApprovalView> = {}): ApprovalView {
  return {
    approvers: ["bob", "@acme/release"],
    expiresAt: NOW + HOUR,
    approvedBy: undefined,
    approvedAt: undefined,
    ...overrides,
  };
}

const waiting = { startedAt: undefined, finishedAt: undefined, exitCode: undefined } as const;

describe("place in line", () => {
  test.each<{ line: LinePlace; expected: string }>([
    { line: { position: 1, ahead: undefined }, expected: "Next in line for **production**." },
    {
      line: { position: 1, ahead: { pullRequest: 41, actor: "alice", running: true } },
      expected: `Next in line for **production**, behind #41 by @${ZWJ}alice (running).`,
    },
    {
      line: { position: 2, ahead: { pullRequest: 41, actor: "alice", running: false } },
      expected: `2nd in line for **production**, behind #41 by @${ZWJ}alice.`,
    },
    {
      line: { position: 3, ahead: { pullRequest: undefined, actor: "carol", running: false } },
      expected: `3rd in line for **production**, behind a job by @${ZWJ}carol.`,
    },
    {
      line: { position: 11, ahead: { pullRequest: 7, actor: "U1 @bob", running: false } },
      expected: `11th in line for **production**, behind #7 by U1 @${ZWJ}bob.`,
    },
    { line: { position: 0, ahead: undefined }, expected: "In line for **production**." },
    { line: { position: 2.5, ahead: undefined }, expected: "In line for **production**." },
  ])("$expected", ({ line, expected }) => {
    expect(renderPlace(line, "production")).toBe(expected);
  });

  test("a queued job shows its place under the headline", () => {
    const body = renderStatusComment(
      jobView({
        state: "queued",
        environment: "production",
        line: { position: 2, ahead: { pullRequest: 41, actor: "alice", running: false } },
        ...waiting,
      }),
      NOW,
    );
    expect(firstSection(body)).toBe(`2nd in line for **production**, behind #41 by @${ZWJ}alice.`);
    expect(factLine(body, "Waiting")).toBe("- Waiting: 1m 39s so far");
  });

  test.each<JobState>(["running", "succeeded", "cancelled"])(
    "a %s job does not show a stale place",
    (state) => {
      const body = renderStatusComment(jobView({ state, line: { position: 2, ahead: undefined } }), NOW);
      expect(body).not.toContain("in line");
    },
  );

  test("the job ahead is named without notifying its requester", () => {
    const body = renderStatusComment(
      jobView({
        state: "queued",
        line: { position: 2, ahead: { pullRequest: 41, actor: "dave", running: true } },
      }),
      NOW,
    );
    expect(inertProblems(body, ["alice"])).toEqual([]);
  });
});

describe("awaiting approval", () => {
  const awaiting = (a: Partial<ApprovalView> = {}, more = {}) =>
    renderStatusComment(
      jobView({
        state: "awaiting_approval",
        environment: "production",
        approval: approval(a),
        ...waiting,
        ...more,
      }),
      NOW,
    );

  test("says who may approve, how, that the requester cannot, and when it lapses", () => {
    expect(firstSection(awaiting())).toBe(
      [
        "**Waiting for approval** from @bob or @acme/release.",
        "An approver comments `/approve` on this pull request to let it run, or `/reject` to stop it. The requester cannot approve their own deploy.",
        "The request lapses in 1h 00m 00s (at 1970-01-01 01:01 UTC) if nobody approves it.",
      ].join("\n"),
    );
  });

  test.each([
    { approvers: ["bob"], expected: "from @bob." },
    { approvers: ["@bob", "carol", "@acme/release"], expected: "from @bob, @carol or @acme/release." },
    { approvers: [], expected: "**Waiting for approval**." },
    { approvers: ["bad login", "@everyone x"], expected: `from bad login or @${ZWJ}everyone x.` },
    {
      approvers: Array.from({ length: 12 }, (_, i) => `user${i}`),
      expected: "@user9 or 2 more.",
    },
  ])("approvers $approvers", ({ approvers, expected }) => {
    const first = firstSection(awaiting({ approvers })).split("\n")[0] ?? "";
    expect(first.endsWith(expected)).toBe(true);
  });

  test("only real logins and teams are mentioned", () => {
    const body = awaiting({ approvers: ["bob", "@acme/release", "<b>x</b>", "@evil team"] });
    expect(inertProblems(body, ["alice", "bob", "acme/release"])).toEqual([]);
  });

  test("a lapsed request says when it lapsed", () => {
    expect(firstSection(awaiting({ expiresAt: NOW - 1 })).split("\n")[2]).toBe(
      "The request lapsed at 1970-01-01 00:01 UTC.",
    );
  });

  test("other tasks and rollbacks name themselves", () => {
    expect(firstSection(awaiting({}, { task: "migrate" }))).toContain("cannot approve their own migration.");
    expect(firstSection(awaiting({}, { rollback: { fromSha: "def5678" } }))).toContain(
      "cannot approve their own rollback.",
    );
  });

  test("the approval section is gone once approved, and the approver is a fact", () => {
    const body = renderStatusComment(
      jobView({ state: "queued", approval: approval({ approvedBy: "bob", approvedAt: 50_000 }), ...waiting }),
      NOW,
    );
    expect(body).not.toContain("Waiting for approval");
    expect(factLine(body, "Approved by")).toBe(`- Approved by @${ZWJ}bob`);
  });

  test("without approval data there is no approval section", () => {
    const body = renderStatusComment(jobView({ state: "awaiting_approval", ...waiting }), NOW);
    expect(body).not.toContain("Waiting for approval");
    expect(headline(body)).toBe("✋ **Awaiting approval**: deploy of `abc1234` to **staging**");
  });
});

describe("cancelled and rejected", () => {
  test.each<{ name: string; problem: string | undefined; cancelledBy: string; fact: string | undefined }>([
    {
      name: "no problem text",
      problem: undefined,
      cancelledBy: "carol",
      fact: `- Cancelled by @${ZWJ}carol`,
    },
    {
      name: "a problem that does not say who",
      problem: "Cancelled while it waited in line.",
      cancelledBy: "carol",
      fact: `- Cancelled by @${ZWJ}carol`,
    },
    {
      name: "a problem that says who",
      problem: "Cancelled by @carol.",
      cancelledBy: "carol",
      fact: undefined,
    },
    {
      name: "a problem that says who, in other case",
      problem: "cancelled by Carol",
      cancelledBy: "carol",
      fact: undefined,
    },
    {
      name: "a name that is not a login",
      problem: undefined,
      cancelledBy: "U1 @x",
      fact: `- Cancelled by U1 @${ZWJ}x`,
    },
  ])("says who cancelled it once: $name", ({ problem, cancelledBy, fact }) => {
    const body = renderStatusComment(jobView({ state: "cancelled", cancelledBy, problem }), NOW);
    expect(factLine(body, "Cancelled by")).toBe(fact);
    expect(body.toLowerCase().split("cancelled by").length - 1).toBe(1);
  });

  test("who cancelled is shown only once the job is cancelled", () => {
    expect(renderStatusComment(jobView({ state: "running", cancelledBy: "carol" }), NOW)).not.toContain(
      "Cancelled by",
    );
  });

  test("a rejection says rejected in the headline and names who rejected", () => {
    const body = renderStatusComment(
      jobView({
        state: "cancelled",
        cancelledBy: "bob",
        approval: approval({ rejectedBy: "bob" }),
        ...waiting,
      }),
      NOW,
    );
    expect(headline(body)).toBe("🛑 **Deploy rejected**: `abc1234` to **staging**");
    expect(factLine(body, "Rejected by")).toBe(`- Rejected by @${ZWJ}bob`);
    expect(body).not.toContain("Cancelled by");
  });
});

describe("refused", () => {
  const refused = (problem: string | undefined) =>
    renderStatusComment(jobView({ state: "refused", problem, ...waiting, finishedAt: 9_000 }), NOW);

  test("lists each reason inside a quote, so the facts stay a separate list", () => {
    const body = refused(
      "@alice has `write`; deploying to **production** needs `maintain`.\n- Check `ci/test` failed.\n\n",
    );
    expect(body.split("\n\n")[1]).toBe(
      [
        "> Shipmate checked the gates again on the pinned `abc1234` when this job left the line, and did not run it:",
        `> - @${ZWJ}alice has \`write\`; deploying to **production** needs \`maintain\`.`,
        "> - Check `ci/test` failed.",
      ].join("\n"),
    );
    expect(body.split("\n\n")[2]?.startsWith("- Requested by @alice")).toBe(true);
  });

  test("many reasons are cut with a count", () => {
    const body = refused(Array.from({ length: 30 }, (_, i) => `Reason ${i}`).join("\n"));
    expect(body.split("\n").filter((l) => l.startsWith("> - Reason"))).toHaveLength(20);
    expect(body).toContain("> - … and 10 more");
  });

  test("without a problem there is no reasons section", () => {
    expect(refused(undefined)).not.toContain("checked the gates");
  });

  test.each(HOSTILE)("a reason with $name cannot add markup or ping anyone", ({ text }) => {
    const body = refused(text);
    expect(inertProblems(body, ["alice"])).toEqual([]);
    expect(body.length).toBeLessThan(4_000);
  });
});

describe("rollback", () => {
  test.each<{ state: JobState; expected: string; fact: string }>([
    {
      state: "awaiting_approval",
      expected: "✋ **Awaiting approval**: rollback of **staging** to `abc1234`",
      fact: "Rolling back from",
    },
    {
      state: "queued",
      expected: "⏳ **Queued** rollback of **staging** to `abc1234`",
      fact: "Rolling back from",
    },
    { state: "running", expected: "🚧 **Rolling back** **staging** to `abc1234`", fact: "Rolling back from" },
    { state: "succeeded", expected: "✅ **Rolled back** **staging** to `abc1234`", fact: "Rolled back from" },
    { state: "failed", expected: "❌ **Rollback failed**: **staging** to `abc1234`", fact: "Rollback from" },
    {
      state: "refused",
      expected: "🚫 **Rollback refused**: **staging** to `abc1234`",
      fact: "Rollback from",
    },
  ])("$state", ({ state, expected, fact }) => {
    const body = renderStatusComment(jobView({ state, rollback: { fromSha: "def5678abcdef" } }), NOW);
    expect(headline(body)).toBe(expected);
    expect(factLine(body, fact)).toBe(
      `- ${fact} [\`def5678\`](https://github.com/acme/web/commit/def5678abcdef)`,
    );
  });

  test("a rollback does not suggest shipping the moved PR head", () => {
    const body = renderStatusComment(
      jobView({ rollback: { fromSha: "def5678" }, headMovedTo: "9999999aaaa" }),
      NOW,
    );
    expect(body).not.toContain("head moved");
  });

  test("a dry-run rollback says so", () => {
    expect(headline(renderStatusComment(jobView({ dryRun: true, rollback: { fromSha: "d" } }), NOW))).toBe(
      "✅ **Rolled back** **staging** to `abc1234` (dry run)",
    );
  });
});

describe("hostile environment names in the new states", () => {
  test.each(HOSTILE)("$name", ({ text }) => {
    for (const state of ["awaiting_approval", "queued", "refused"] as const) {
      const body = renderStatusComment(
        jobView({
          state,
          environment: text,
          approval: approval(),
          line: { position: 2, ahead: { pullRequest: 1, actor: text, running: false } },
          problem: text,
          ...waiting,
        }),
        NOW,
      );
      expect(inertProblems(body, ["alice", "bob", "acme/release"])).toEqual([]);
      expect(markdownText(headline(body))).not.toContain("\n");
      expect(body.length).toBeLessThan(6_000);
    }
  });
});
