import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { slackIdBase } from "../../../src/dispatch/locate-slack-request.ts";
import { commandRequestId, eventRequestId } from "../../../src/ingress/slack/request-id.ts";
import { slackIntakeJobId } from "../../../src/jobs/slack-intake-job.schema.ts";
import { QUEUE_NAMES } from "../../../src/queue/queue-names.ts";
import { buttonsOf, messageText } from "../../support/fake-slack.ts";
import { prComment, sendWebhook } from "../../support/harness.ts";
import { jobView, waitForState, waitForStatus } from "../../support/job-thread.ts";
import { eventually, sleep, taskExists } from "../../support/pr-thread.ts";
import {
  mentionEventRequest,
  sendSlackRequest,
  signSlackRequest,
  TEST_BOT_USER_ID,
} from "../../support/slack-request.ts";
import {
  DEPLOYS_CHANNEL,
  type Flows,
  OPS,
  release,
  runsTagged,
  startFlows,
  USERS,
} from "./slack-flows-fixture.ts";
import {
  answerText,
  command,
  livePosts,
  messageReading,
  postsShowing,
  press,
  threadPosts,
  updatesOf,
  versions,
} from "./slack-flows-session.ts";

let flows: Flows;

beforeAll(async () => {
  flows = await startFlows();
});

afterAll(async () => {
  await flows?.stop();
});

/** Time for anything a job still had to say to reach Slack, before counting what it said. */
const SETTLE_MS = 400;
const short = (sha: string): string => sha.slice(0, 7);

describe("requests Slack's rules refuse", () => {
  // First in the file, while nothing else talks to Slack: "no Slack call at all" is then exact.
  test.each([
    ["six minutes ago", 360],
    ["six minutes ahead", -360],
  ])("a slash command signed %s is refused with 401: no job, no Slack call", async (_, ageSeconds) => {
    const callsBefore = flows.slack.calls.length;
    const sent = await command(flows, "deploy acme/shop#42 to qa tag=stale", { sign: { ageSeconds } });
    expect(sent.status).toBe(401);
    await sleep(SETTLE_MS);
    expect(flows.slack.calls.slice(callsBefore)).toEqual([]);
    expect(await taskExists(flows.app, sent.jobId)).toBe(false);
    expect(await intakeRecorded(sent.request.body)).toBe(false);
    expect(runsTagged(flows, "stale")).toEqual([]);
  });

  test("a retried slash command (same trigger id, x-slack-retry-num: 1) makes one job, one message, one run", async () => {
    const first = await command(flows, "deploy acme/shop#41 to qa tag=retried");
    const resend = async () => {
      const retry = signSlackRequest(first.request.body, "application/x-www-form-urlencoded", {
        retryNum: 1,
      });
      return (await sendSlackRequest(`${flows.app.url}/slack/events`, retry)).status;
    };
    expect(first.status).toBe(200);
    expect(await resend()).toBe(200);
    await eventually(
      () => runsTagged(flows, "retried").find((line) => line.startsWith("end")),
      15_000,
      "the run to end",
    );
    expect(await resend()).toBe(200);
    await sleep(2 * SETTLE_MS);
    // Counted by what they show rather than by the job id the test expects, so a second job would count.
    expect(runsTagged(flows, "retried")).toEqual(["start qa tag=retried", "end qa tag=retried"]);
    expect(postsShowing(flows, "tag=retried")).toBe(1);
    const done = await messageReading(flows, first.jobId, /Deployed/);
    expect(livePosts(flows, first.jobId)).toBe(1);
    expect(await intakeRecorded(first.request.body)).toBe(true);
    expect(flows.slack.allMessages().filter((m) => m.ts === done.ts)).toHaveLength(1);
    expect(flows.slack.responsesTo(first.answerId)).toEqual([]);
  });
});

describe("two people at once", () => {
  // "The latest command wins" (src/dispatch/replace-waiting-jobs.ts): two deploys of one pull request to one
  // environment, recorded at the same moment, must not each cancel the other; the newer goes on.
  test("two deploys of one pull request to one environment sent together: one of them runs", async () => {
    const [first, second] = await Promise.all([
      command(flows, "deploy acme/shop#47 to qa tag=together-1"),
      command(flows, "deploy acme/shop#47 to qa tag=together-2", { user: "carol" }),
    ]);
    await expectOneRanOneReplaced(first.jobId, second.jobId);
  });

  test("the same two deploys as PR comments delivered together: one of them runs", async () => {
    const sent = [61_101, 61_102].map((commentId, i) =>
      sendWebhook(
        flows.app.url,
        "issue_comment",
        prComment({
          body: `/deploy qa tag=together-pr-${i + 1}`,
          commentId,
          login: i === 0 ? "alice" : "carol",
          pullRequest: 46,
          cloneUrl: flows.repo.cloneUrl,
        }),
      ),
    );
    expect((await Promise.all(sent)).map((answer) => answer.status)).toEqual([202, 202]);
    await expectOneRanOneReplaced("task-61101-1", "task-61102-1");
  });
});

/** Waits for both jobs to end; exactly one ran (once), the other was replaced by it and never ran. */
async function expectOneRanOneReplaced(firstId: string, secondId: string): Promise<void> {
  const ended = async (id: string) => {
    const view = await jobView(flows.app, id);
    return view?.state === "succeeded" || view?.state === "cancelled" ? view : undefined;
  };
  const [one, two] = await eventuallyAsync(async () => {
    const both = [await ended(firstId), await ended(secondId)];
    return both.every((view) => view !== undefined) ? both : undefined;
  }, 15_000);
  expect([one?.state, two?.state].sort()).toEqual(["cancelled", "succeeded"]);
  const [ran, replaced] = one?.state === "succeeded" ? [one, two] : [two, one];
  expect(replaced?.problem).toContain(
    `Replaced by a newer \`/deploy\` of this pull request to qa (\`${ran?.id}\`)`,
  );
  // The newer by the time each was recorded (in the same millisecond: by id) is the one that runs.
  expect(ran?.queuedAt).toBeGreaterThanOrEqual(replaced?.queuedAt ?? Number.POSITIVE_INFINITY);
  await sleep(SETTLE_MS);
  const tagOf = (view: typeof ran) => String(view?.params.tag);
  expect(runsTagged(flows, tagOf(ran))).toEqual([`start qa tag=${tagOf(ran)}`, `end qa tag=${tagOf(ran)}`]);
  expect(runsTagged(flows, tagOf(replaced))).toEqual([]);
}

describe("a job started in Slack lives in one message", () => {
  test("posted once, then edited in place from queued to running to done, with SHA, links and output", async () => {
    // A run that holds staging, so that the deploy under test is seen waiting in line first.
    const blocker = await command(flows, "deploy acme/shop#41 to staging tag=blocker wait=go-blocker");
    await messageReading(flows, blocker.jobId, /Deploying/);
    const sent = await command(flows, "deploy acme/shop#42 to staging tag=live sleep=0.5");
    expect(sent.status).toBe(200);
    expect(sent.ack).toContain("Working on it");

    const queued = await messageReading(flows, sent.jobId, /Queued/);
    expect(messageText(queued)).toMatch(/in line/i);
    expect(buttonsOf(queued).map((b) => [b.text, b.value])).toEqual([["Cancel", sent.jobId]]);
    release(flows, "go-blocker");
    const done = await messageReading(flows, sent.jobId, /Deployed/);
    await sleep(SETTLE_MS);

    expect(done.channel).toBe(OPS.id);
    expect(done.threadTs).toBeUndefined();
    const states = versions(done).map((text) => /Queued|Deploying|Deployed/.exec(text)?.[0]);
    expect(states[0]).toBe("Queued");
    expect(states).toContain("Deploying");
    expect(states.indexOf("Deploying")).toBeGreaterThan(states.lastIndexOf("Queued"));
    expect(states.at(-1)).toBe("Deployed");
    expect(livePosts(flows, sent.jobId)).toBe(1);
    expect(threadPosts(flows, done)).toBe(0);
    expect(updatesOf(flows, done)).toBe(done.edits);
    expect(done.edits).toBeGreaterThanOrEqual(2);

    const text = messageText(done);
    expect(text).toContain(short(flows.sha));
    expect(text).toContain("<https://github.example/acme/shop/pull/42|acme/shop#42>");
    expect(text).toContain("<https://github.example/acme/shop/deployments/staging|View deployment>");
    expect(text).toContain("step two of live");
    expect(text).toContain("all done");
    expect(text).toMatch(/Duration: /);
    expect(buttonsOf(done)).toEqual([]);
    expect(flows.slack.responsesTo(sent.answerId)).toEqual([]);
    expect(runsTagged(flows, "live")).toEqual(["start staging tag=live", "end staging tag=live"]);
    // One job, two mirrors: the pull request it names gets its status comment too.
    expect(await waitForStatus(flows.app, sent.jobId, /Deployed/)).toContain(short(flows.sha));
  });

  test("a failing task ends the message as failed and adds exactly one thread reply with its output", async () => {
    const sent = await command(flows, "deploy acme/shop#43 to broken");
    const failed = await messageReading(flows, sent.jobId, /Deploy failed/);
    const reply = await eventually(
      () => flows.slack.threadReplies(failed.channel, failed.ts)[0],
      10_000,
      "the thread reply",
    );
    await sleep(SETTLE_MS);
    expect(messageText(failed)).toContain("Exit code: 3");
    expect(messageText(reply)).toContain("bad thing happened");
    expect(messageText(reply)).toContain("about to fail");
    expect(livePosts(flows, sent.jobId)).toBe(1);
    expect(threadPosts(flows, failed)).toBe(1);
    expect(flows.slack.threadReplies(failed.channel, failed.ts)).toHaveLength(1);
  });

  test("@shipmate on a pull request answers in the mention's thread and the PR gets its status comment", async () => {
    const mention = mentionEventRequest({
      text: `<@${TEST_BOT_USER_ID}> deploy acme/shop#45 to qa tag=mention`,
      channelId: OPS.id,
      userId: USERS.alice,
    });
    expect((await sendSlackRequest(`${flows.app.url}/slack/events`, mention)).status).toBe(200);
    const jobId = `task-${slackIdBase(eventRequestId(mention.fields.eventId))}-1`;
    const done = await messageReading(flows, jobId, /Deployed/);
    expect(done.channel).toBe(OPS.id);
    expect(done.threadTs).toBe(mention.fields.ts);
    expect(await waitForStatus(flows.app, jobId, /Deployed/)).toContain("qa");
    expect(livePosts(flows, jobId)).toBe(1);
  });
});

describe("who a Slack user is", () => {
  test("an unmapped Slack user is told, only them, how to get linked; nothing is queued", async () => {
    const sent = await command(flows, "deploy acme/shop#44 to qa tag=nobody", { user: "nobody" });
    expect(sent.status).toBe(200);
    const text = await answerText(flows, sent.answerId);
    expect(text).toContain(USERS.nobody);
    expect(text).toContain("slack.users");
    expect(text).toContain("SLACK_USERS_FILE");
    await sleep(SETTLE_MS);
    expect(await taskExists(flows.app, sent.jobId)).toBe(false);
    expect(livePosts(flows, sent.jobId)).toBe(0);
    expect(runsTagged(flows, "nobody")).toEqual([]);
  });

  test("SLACK_USERS_FILE maps a user the repository's config does not know", async () => {
    const sent = await command(flows, "deploy acme/shop#44 to qa tag=dave", { user: "dave" });
    const done = await messageReading(flows, sent.jobId, /Deployed/);
    expect(messageText(done)).toMatch(/Requested by <[^|]+\/dave\|dave>/);
    expect((await jobView(flows.app, sent.jobId))?.actor).toBe("dave");
    expect(runsTagged(flows, "dave")).toEqual(["start qa tag=dave", "end qa tag=dave"]);
  });
});

describe("approval buttons", () => {
  test("only a listed approver other than the requester can approve, once; the message says who did", async () => {
    const sent = await command(flows, "deploy acme/shop#46 to production tag=approved");
    const waiting = await messageReading(flows, sent.jobId, /Awaiting approval/);
    expect(messageText(waiting)).toMatch(/Waiting for approval\* from carol/);
    expect(buttonsOf(waiting).map((b) => [b.actionId, b.value])).toEqual([
      ["shipmate_approve", sent.jobId],
      ["shipmate_reject", sent.jobId],
      ["shipmate_cancel", sent.jobId],
    ]);

    const stranger = await answerText(flows, await press(flows, "approve", waiting, sent.jobId, "mallory"));
    expect(stranger).toContain("mallory is not an approver for *production*");
    const self = await answerText(flows, await press(flows, "approve", waiting, sent.jobId, "alice"));
    expect(self).toContain("alice asked for this job, so cannot also approve it");
    expect((await jobView(flows.app, sent.jobId))?.state).toBe("awaiting_approval");
    expect(runsTagged(flows, "approved")).toEqual([]);

    const approved = await answerText(flows, await press(flows, "approve", waiting, sent.jobId, "carol"));
    expect(approved).toContain("Approved");
    const done = await messageReading(flows, sent.jobId, /Deployed/);
    expect(messageText(done)).toMatch(/Approved by <[^|]+\/carol\|carol>/);
    expect(buttonsOf(done)).toEqual([]);

    const again = await answerText(flows, await press(flows, "approve", done, sent.jobId, "carol"));
    expect(again).toContain("is awaiting approval");
    await sleep(SETTLE_MS);
    expect(runsTagged(flows, "approved")).toEqual([
      "start production tag=approved",
      "end production tag=approved",
    ]);
    expect((await jobView(flows.app, sent.jobId))?.state).toBe("succeeded");
    expect(livePosts(flows, sent.jobId)).toBe(1);
  });

  test("Reject by an approver ends the job as rejected; it never runs", async () => {
    const sent = await command(flows, "deploy acme/shop#47 to production tag=rejected");
    const waiting = await messageReading(flows, sent.jobId, /Awaiting approval/);
    const answer = await answerText(flows, await press(flows, "reject", waiting, sent.jobId, "carol"));
    expect(answer).toContain("Rejected");
    const rejected = await messageReading(flows, sent.jobId, /Deploy rejected/);
    expect(messageText(rejected)).toMatch(/Rejected by <[^|]+\/carol\|carol>/);
    expect(buttonsOf(rejected)).toEqual([]);
    expect((await jobView(flows.app, sent.jobId))?.state).toBe("cancelled");
    await sleep(SETTLE_MS);
    expect(runsTagged(flows, "rejected")).toEqual([]);
  });

  test("Cancel on a running job stops its process; the message says it was cancelled", async () => {
    const sent = await command(flows, "deploy acme/shop#48 to slow tag=slow sleep=4");
    const running = await messageReading(flows, sent.jobId, /Deploying/);
    await eventually(() => runsTagged(flows, "slow")[0], 10_000, "the slow run to start");
    const startedAt = Date.now();
    expect(buttonsOf(running).map((b) => b.actionId)).toEqual(["shipmate_cancel"]);
    const answer = await answerText(flows, await press(flows, "cancel", running, sent.jobId, "alice"));
    expect(answer).toContain("Stopping");
    const cancelled = await messageReading(flows, sent.jobId, /Deploy cancelled/, 10_000);
    expect(Date.now() - startedAt).toBeLessThan(3_500);
    expect(messageText(cancelled)).toMatch(/Cancelled by <[^|]+\/alice\|alice>/);
    expect(buttonsOf(cancelled)).toEqual([]);
    await waitForState(flows.app, sent.jobId, "cancelled");
    // Past the moment the run would have ended had it not been stopped.
    await sleep(Math.max(0, startedAt + 4_500 - Date.now()));
    expect(runsTagged(flows, "slow")).toEqual(["start slow tag=slow"]);
  });
});

describe("mirrors and Slack's own troubles", () => {
  test("a job from a PR comment is announced in the repository's slack.channel and kept up to date", async () => {
    const payload = prComment({
      body: "/deploy qa tag=from-pr",
      commentId: 61_001,
      pullRequest: 40,
      cloneUrl: flows.repo.cloneUrl,
    });
    expect((await sendWebhook(flows.app.url, "issue_comment", payload)).status).toBe(202);
    const done = await messageReading(flows, "task-61001-1", /Deployed/);
    expect(done.channel).toBe(DEPLOYS_CHANNEL);
    expect(messageText(done)).toContain("<https://github.example/acme/shop/pull/40|acme/shop#40>");
    expect(flows.slack.callsTo("chat.postMessage").some((c) => c.body.channel === "#deploys")).toBe(true);
    expect(await waitForStatus(flows.app, "task-61001-1", /Deployed/)).toContain(short(flows.sha));
    expect(livePosts(flows, "task-61001-1")).toBe(1);
  });

  test("chat.update answering 429 twice delays the message but it ends right; the job succeeds, no second post", async () => {
    const sent = await command(flows, "deploy acme/shop#49 to qa tag=limited wait=go-limited");
    const running = await messageReading(flows, sent.jobId, /Deploying/);
    flows.slack.fail("chat.update", { status: 429, retryAfter: 1 }, 2);
    release(flows, "go-limited");
    await waitForState(flows.app, sent.jobId, "succeeded");
    const done = await messageReading(flows, sent.jobId, /Deployed[\s\S]*all done/, 15_000);
    expect(done.ts).toBe(running.ts);
    await sleep(SETTLE_MS);
    expect(flows.slack.faults.find((fault) => fault.method === "chat.update")?.times).toBe(0);
    expect(updatesOf(flows, done)).toBe(done.edits + 2);
    expect(livePosts(flows, sent.jobId)).toBe(1);
    expect(threadPosts(flows, done)).toBe(0);
    expect(runsTagged(flows, "limited")).toEqual(["start qa tag=limited", "end qa tag=limited"]);
  });

  // Slack asks a client that got a 429 to wait Retry-After seconds before calling the method again: not only
  // the report that got it, but every newer version of the job, reported while the wait lasts.
  test("after a 429 with Retry-After, no chat.update is sent before that time has passed", async () => {
    const sent = await command(flows, "deploy acme/shop#49 to qa tag=ticking wait=go-ticking ticks=20");
    const running = await messageReading(flows, sent.jobId, /Deploying/);
    const callsBefore = flows.slack.calls.length;
    flows.slack.fail("chat.update", { status: 429, retryAfter: 2 }, 1);
    release(flows, "go-ticking");
    await waitForState(flows.app, sent.jobId, "succeeded");
    const done = await messageReading(flows, sent.jobId, /Deployed[\s\S]*all done/, 20_000);
    await sleep(SETTLE_MS);
    const updates = flows.slack.calls.slice(callsBefore).filter((call) => call.method === "chat.update");
    const [limited, ...after] = updates;
    expect(limited?.body.ts).toBe(running.ts);
    const tooSoon = after.filter((call) => call.at < (limited?.at ?? 0) + 2_000);
    expect(tooSoon.map((call) => call.at - (limited?.at ?? 0))).toEqual([]);
    // Nothing lost and nothing twice: the message ends in the final state, shown by exactly one edit.
    expect(after.length).toBeGreaterThan(0);
    expect(versions(done).filter((text) => /Deployed/.test(text))).toHaveLength(1);
    expect(versions(done).at(-1)).toMatch(/Deployed[\s\S]*all done/);
    expect(livePosts(flows, sent.jobId)).toBe(1);
  });
});

describe("Slack-only limits and answers", () => {
  test("slack.allowed_channels refuses a command from another channel, naming the allowed ones", async () => {
    const sent = await command(flows, "deploy acme/shop#42 to limited tag=elsewhere");
    const text = await answerText(flows, sent.answerId);
    expect(text).toContain("takes Slack commands only in `#releases`");
    await sleep(SETTLE_MS);
    expect(await taskExists(flows.app, sent.jobId)).toBe(false);
    expect(livePosts(flows, sent.jobId)).toBe(0);

    const allowed = await command(flows, "deploy acme/shop#42 to limited tag=releases", {
      channel: { id: "C0RELEASE", name: "releases" },
    });
    const done = await messageReading(flows, allowed.jobId, /Deployed/);
    expect(done.channel).toBe("C0RELEASE");
    expect(runsTagged(flows, "elsewhere")).toEqual([]);
  });

  test("status and help come back only to the person, in Slack mrkdwn; Cancel takes a waiting job out of line", async () => {
    const sent = await command(flows, "deploy acme/shop#42 to production tag=status");
    const waiting = await messageReading(flows, sent.jobId, /Awaiting approval/);
    const status = await answerText(flows, (await command(flows, "status acme/shop")).answerId);
    expect(status).toContain("production");
    expect(status).toContain(sent.jobId);
    const help = await answerText(flows, (await command(flows, "help")).answerId);
    expect(help).toContain("/shipmate deploy acme/shop#42 to staging");
    for (const text of [status, help]) {
      expect(text).not.toContain("**");
      expect(text).not.toMatch(/\]\(https?:/);
    }

    const answer = await answerText(flows, await press(flows, "cancel", waiting, sent.jobId, "alice"));
    expect(answer).toContain("it will not run");
    const cancelled = await messageReading(flows, sent.jobId, /Deploy cancelled/);
    expect(buttonsOf(cancelled)).toEqual([]);
    await sleep(SETTLE_MS);
    expect(runsTagged(flows, "status")).toEqual([]);
  });

  // Slack pings only `<@U…>`, so a bare `@` needs no guard there; inside code, a guard (a zero-width
  // joiner after `@`) would be copied with the example and end up in the command typed from it.
  test("help's examples copy as typed: no invisible characters inside its code", async () => {
    const help = await answerText(flows, (await command(flows, "help")).answerId);
    const unknown = await answerText(
      flows,
      (await command(flows, "deploy acme/shop#42 to nowhere note=ask@alice")).answerId,
    );
    for (const text of [help, unknown]) {
      const spans = text.match(/`[^`]+`/g) ?? [];
      expect(spans.length).toBeGreaterThan(0);
      expect(spans.filter((span) => /[\u200b-\u200d\u2060\ufeff]/.test(span))).toEqual([]);
    }
    expect(help).toContain("`owner/repo@main`");
    expect(help).toContain("`/shipmate deploy acme/shop#42 to staging`");
    expect(unknown).toContain("note=ask@alice`");
  });
});

/** Polls an async read until it returns something; fails after `timeoutMs`. */
async function eventuallyAsync<T>(read: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await sleep(50);
  }
}

/** Whether ingress recorded the slash command whose body this is (its intake job, kept a week). */
async function intakeRecorded(body: string): Promise<boolean> {
  const triggerId = new URLSearchParams(body).get("trigger_id") ?? "";
  const key = `${flows.app.prefix}:${QUEUE_NAMES.intake}:${slackIntakeJobId(commandRequestId(triggerId))}`;
  return (await flows.app.redis.exists(key)) === 1;
}
