import { describe, expect, test } from "vitest";
import type { JobState, JobView } from "../../../src/jobs/job-view.ts";
import type { JobRecord, ReportTargets } from "../../../src/queue/job-records.ts";
import { mirrorToSlack } from "../../../src/reporting/slack-mirror.ts";
import { SlackApiError } from "../../../src/slack/slack-api-error.ts";
import type { SlackBlock } from "../../../src/slack/slack-client.ts";
import { messageText } from "../../support/fake-slack.ts";
import { jobView } from "../../support/job-view-fixture.ts";

type Call =
  | {
      call: "post";
      channel: string;
      threadTs: string | undefined;
      text: string;
      blocks: readonly SlackBlock[];
    }
  | { call: "update"; channel: string; ts: string; text: string; blocks: readonly SlackBlock[] };

/** A Slack client that records each call (and can fail the next ones), and a store for the marks. */
function recorder() {
  const calls: Call[] = [];
  const marks: Record<string, string> = {};
  const failNext: Error[] = [];
  const failing = { replies: 0 };
  let seq = 0;
  const slack = {
    async postMessage(input: {
      channel: string;
      text: string;
      blocks?: readonly SlackBlock[] | undefined;
      threadTs?: string | undefined;
    }) {
      const error = failNext.shift();
      if (error) throw error;
      if (input.threadTs !== undefined && failing.replies > 0) {
        failing.replies--;
        throw new SlackApiError({ method: "chat.postMessage", code: "internal_error", status: 503 });
      }
      calls.push({
        call: "post",
        channel: input.channel,
        threadTs: input.threadTs,
        text: input.text,
        blocks: input.blocks ?? [],
      });
      seq++;
      return { channel: "C0DEPLOYS", ts: `100.00000${seq}` };
    },
    async updateMessage(input: {
      channel: string;
      ts: string;
      text: string;
      blocks?: readonly SlackBlock[] | undefined;
    }) {
      const error = failNext.shift();
      if (error) throw error;
      calls.push({
        call: "update",
        channel: input.channel,
        ts: input.ts,
        text: input.text,
        blocks: input.blocks ?? [],
      });
    },
  };
  const progress = {
    async mark(name: string, value: string | number) {
      marks[name] = String(value);
    },
  };
  return { calls, marks, slack, progress, failNext, failing };
}

function targets(slack: ReportTargets["slack"] = { channel: "#deploys" }): ReportTargets {
  return {
    installationId: 1,
    owner: "acme",
    repo: "web",
    pullRequest: 42,
    commentId: 9,
    deploymentId: 7,
    slack,
  };
}

function record(
  version: number,
  marks: Readonly<Record<string, string>>,
  view: Partial<JobView> = {},
  slack?: ReportTargets["slack"],
): JobRecord {
  return {
    view: jobView({ id: "task-5-1", state: "queued", startedAt: undefined, finishedAt: undefined, ...view }),
    version,
    targets: targets(slack),
    marks: { ...marks },
  };
}

const FAILED_OUTPUT = Array.from({ length: 120 }, (_, i) => `log line ${i + 1}`).join("\n");

describe("mirrorToSlack: the live message", () => {
  test("the first report posts to the channel and marks the channel id, ts and version", async () => {
    const r = recorder();
    await mirrorToSlack(r.slack, record(1, r.marks), r.progress, 2_000);
    expect(r.calls.map((c) => c.call)).toEqual(["post"]);
    expect(r.calls[0]).toMatchObject({ channel: "#deploys", threadTs: undefined });
    expect(r.calls[0]?.text).toContain("Queued");
    expect(r.calls[0]?.blocks[0]?.block_id).toBe("shipmate-job:task-5-1");
    expect(r.marks).toEqual({ slackChannel: "C0DEPLOYS", slackTs: "100.000001", slackVersion: "1" });
  });

  test("a job asked for in a thread posts its message in that thread", async () => {
    const r = recorder();
    await mirrorToSlack(
      r.slack,
      record(1, r.marks, {}, { channel: "C9", threadTs: "50.000001" }),
      r.progress,
      0,
    );
    expect(r.calls[0]).toMatchObject({ call: "post", channel: "C9", threadTs: "50.000001" });
  });

  test("later versions edit the same message, by the channel id Slack answered", async () => {
    const r = recorder();
    await mirrorToSlack(r.slack, record(1, r.marks), r.progress, 2_000);
    await mirrorToSlack(
      r.slack,
      record(2, r.marks, { state: "running", startedAt: 3_000 }),
      r.progress,
      4_000,
    );
    expect(r.calls.map((c) => c.call)).toEqual(["post", "update"]);
    expect(r.calls[1]).toMatchObject({ channel: "C0DEPLOYS", ts: "100.000001" });
    expect(r.calls[1]?.text).toContain("Deploying");
    expect(r.marks.slackVersion).toBe("2");
  });

  test("the same version again, or an older one, changes nothing", async () => {
    const r = recorder();
    await mirrorToSlack(r.slack, record(3, r.marks), r.progress, 0);
    await mirrorToSlack(r.slack, record(3, r.marks), r.progress, 0);
    await mirrorToSlack(r.slack, record(2, r.marks), r.progress, 0);
    expect(r.calls).toHaveLength(1);
  });

  test("a retry after the post landed but before its version was marked edits, never posts again", async () => {
    const r = recorder();
    await mirrorToSlack(
      r.slack,
      record(1, { slackChannel: "C0DEPLOYS", slackTs: "100.000001" }),
      r.progress,
      0,
    );
    expect(r.calls.map((c) => c.call)).toEqual(["update"]);
  });

  test("a Slack error is thrown and nothing is marked; the retry posts once", async () => {
    const r = recorder();
    r.failNext.push(
      new SlackApiError({ method: "chat.postMessage", code: "ratelimited", status: 429, retryAfter: "1" }),
    );
    await expect(mirrorToSlack(r.slack, record(1, r.marks), r.progress, 0)).rejects.toMatchObject({
      status: 429,
    });
    expect(r.marks).toEqual({});
    await mirrorToSlack(r.slack, record(1, r.marks), r.progress, 0);
    expect(r.calls.map((c) => c.call)).toEqual(["post"]);
  });

  test("no Slack target: nothing at all", async () => {
    const r = recorder();
    const noSlack = { ...record(1, r.marks), targets: { ...targets(), slack: undefined } };
    await mirrorToSlack(r.slack, noSlack, r.progress, 0);
    expect(r.calls).toEqual([]);
    expect(r.marks).toEqual({});
  });
});

describe("mirrorToSlack: one thread reply with the details of a bad ending", () => {
  test.each<{ state: JobState; output: string; reply: boolean }>([
    { state: "failed", output: FAILED_OUTPUT, reply: true },
    { state: "timed_out", output: FAILED_OUTPUT, reply: true },
    { state: "interrupted", output: FAILED_OUTPUT, reply: true },
    { state: "refused", output: "gate output", reply: true },
    { state: "failed", output: "", reply: false },
    { state: "failed", output: "\u001b[31m\u001b[0m\n", reply: false },
    { state: "succeeded", output: FAILED_OUTPUT, reply: false },
    { state: "cancelled", output: FAILED_OUTPUT, reply: false },
    { state: "running", output: FAILED_OUTPUT, reply: false },
  ])("$state with output $output.length chars → reply: $reply", async ({ state, output, reply }) => {
    const r = recorder();
    for (const version of [1, 2, 3]) {
      await mirrorToSlack(r.slack, record(version, r.marks, { state, output, exitCode: 1 }), r.progress, 0);
    }
    const replies = r.calls.filter((c) => c.call === "post" && c.threadTs !== undefined);
    expect(replies).toHaveLength(reply ? 1 : 0);
    if (reply) {
      expect(replies[0]).toMatchObject({ channel: "C0DEPLOYS", threadTs: "100.000001" });
      expect(r.marks.slackDetails).toBe("100.000002");
    } else expect(r.marks.slackDetails).toBeUndefined();
  });

  test("the reply holds more of the output than the live message", async () => {
    const r = recorder();
    await mirrorToSlack(
      r.slack,
      record(4, r.marks, { state: "failed", output: FAILED_OUTPUT }),
      r.progress,
      0,
    );
    const [live, details] = r.calls;
    expect(messageText(live as Call & { blocks: SlackBlock[] })).not.toContain("log line 50\n");
    const shown = messageText(details as Call & { blocks: SlackBlock[] });
    expect(shown).toContain("log line 1\n");
    expect(shown).toContain("log line 120");
    expect(shown).toContain("the last 120 lines");
  });

  test("a job whose message is itself a thread reply gets its details in the same thread", async () => {
    const r = recorder();
    const failed = record(
      2,
      r.marks,
      { state: "failed", output: "boom" },
      { channel: "C9", threadTs: "50.000001" },
    );
    await mirrorToSlack(r.slack, failed, r.progress, 0);
    expect(r.calls.map((c) => (c.call === "post" ? c.threadTs : undefined))).toEqual([
      "50.000001",
      "50.000001",
    ]);
  });

  test("a failed reply is retried alone: the live message is not posted again", async () => {
    const r = recorder();
    await mirrorToSlack(r.slack, record(1, r.marks), r.progress, 0);
    r.failing.replies = 1;
    const failed = () => record(2, r.marks, { state: "failed", output: "boom" });
    // The update lands, the reply fails: the report is retried.
    await expect(mirrorToSlack(r.slack, failed(), r.progress, 0)).rejects.toMatchObject({ status: 503 });
    expect(r.marks.slackVersion).toBe("2");
    await mirrorToSlack(r.slack, failed(), r.progress, 0);
    await mirrorToSlack(r.slack, failed(), r.progress, 0);
    const kinds = r.calls.map((c) => (c.call === "post" && c.threadTs !== undefined ? "reply" : c.call));
    expect(kinds.filter((k) => k === "post")).toHaveLength(1);
    expect(kinds).toEqual(["post", "update", "reply"]);
  });
});
