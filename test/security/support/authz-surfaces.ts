import { randomUUID } from "node:crypto";
import { slackIdBase } from "../../../src/dispatch/locate-slack-request.ts";
import { commandRequestId } from "../../../src/ingress/slack/request-id.ts";
import type { JobView } from "../../../src/jobs/job-view.ts";
import { SLACK_ACTION_IDS, type SlackJobAction } from "../../../src/slack/slack-actions.ts";
import { buttonsOf } from "../../support/fake-slack.ts";
import { prComment, sendWebhook } from "../../support/harness.ts";
import { jobView, readable } from "../../support/job-thread.ts";
import { eventually, sleep, statusComment } from "../../support/pr-thread.ts";
import {
  blockActionRequest,
  sendSlackRequest,
  slackTs,
  slashCommandRequest,
} from "../../support/slack-request.ts";
import type { World } from "./authz-world.ts";

/**
 * The four ways in, each sent signed through Shipmate's HTTP front door, and what came of it as a reader
 * and Redis see it: a job (queued, or waiting for an approver), an answer that changed a job, or a refusal.
 */

export interface Observed {
  /** For an answer to a job (approve, reject, cancel), `queued` means it took effect. */
  kind: "queued" | "awaiting-approval" | "refused";
  /** The answer the person got (empty when a job was queued without one). */
  text: string;
  /** The job the request made or acted on. */
  jobId: string;
}

/**
 * Sends a request again when the connection was reset before any answer, as GitHub and Slack do: under
 * load a pooled connection the server had just closed as idle can be picked for it. Each request here is
 * idempotent (a delivery id, a trigger id).
 */
async function delivered(send: () => Promise<number>): Promise<number> {
  try {
    return await send();
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code !== "ECONNRESET" && code !== "UND_ERR_SOCKET") throw error;
    return await send();
  }
}

let lastCommentId = 700_000;

/** A comment by `login` on pull request `pr`: its id, and the reply to it once there is one. */
async function comment(world: World, login: string, pr: number, body: string) {
  lastCommentId += 1;
  const commentId = lastCommentId;
  const before = new Set(world.app.github.comments.keys());
  const payload = prComment({ body, commentId, login, pullRequest: pr, cloneUrl: world.cloneUrl });
  const deliveryId = randomUUID();
  const status = await delivered(
    async () => (await sendWebhook(world.app.url, "issue_comment", payload, { deliveryId })).status,
  );
  if (status !== 202) throw new Error(`the comment was answered ${status}`);
  const reply = () =>
    [...world.app.github.comments.values()].find(
      (c) => !before.has(c.id) && c.issue === pr && c.body.startsWith(`@${login}\n`),
    )?.body;
  return { commentId, reply };
}

/** `/deploy <environment>` commented by `login` on pull request `pr`. */
export async function deployFromComment(
  world: World,
  login: string,
  pr: number,
  line: string,
): Promise<Observed> {
  const { commentId, reply } = await comment(world, login, pr, line);
  return await outcome(world, `task-${commentId}-1`, reply);
}

export interface SlackUser {
  userId: string;
  channel: { id: string; name: string };
}

let lastAnswer = 0;

/** `/shipmate <text>` typed by a Slack user in a channel. */
export async function commandFromSlack(world: World, who: SlackUser, text: string): Promise<Observed> {
  lastAnswer += 1;
  const answerId = `authz-command-${lastAnswer}`;
  const request = slashCommandRequest({
    text,
    userId: who.userId,
    channelId: who.channel.id,
    channelName: who.channel.name,
    responseUrl: world.slack.responseUrl(answerId),
  });
  const status = await delivered(
    async () => (await sendSlackRequest(`${world.app.url}/slack/events`, request)).status,
  );
  if (status !== 200) throw new Error(`the slash command was answered ${status}`);
  const jobId = `task-${slackIdBase(commandRequestId(request.fields.triggerId))}-1`;
  const answer = () => {
    const text = world.slack.responsesTo(answerId)[0]?.body.text;
    return text === undefined ? undefined : String(text);
  };
  return await outcome(world, jobId, answer);
}

/**
 * A press of a button on the job's live message (pressed from `who.channel`): approved, rejected or
 * cancelled when the job's record shows it was, by that person; refused when the job was left as it was.
 */
export async function pressButton(
  world: World,
  action: SlackJobAction,
  jobId: string,
  who: SlackUser,
  login: string | undefined,
): Promise<Observed> {
  lastAnswer += 1;
  const answerId = `authz-press-${lastAnswer}`;
  const request = blockActionRequest({
    actionId: SLACK_ACTION_IDS[action],
    value: jobId,
    messageTs: world.slack.jobMessage(jobId)?.ts ?? slackTs(),
    channelId: who.channel.id,
    userId: who.userId,
    responseUrl: world.slack.responseUrl(answerId),
  });
  const status = await delivered(
    async () => (await sendSlackRequest(`${world.app.url}/slack/events`, request)).status,
  );
  if (status !== 200) throw new Error(`the button press was answered ${status}`);
  const [post] = await world.slack.waitForResponse(answerId, 1, 15_000);
  return answered(String(post?.body.text ?? ""), jobId, action, login, await jobView(world.app, jobId));
}

/** `/approve`, `/reject` or `/cancel` commented on the job's pull request; judged like a button press. */
export async function answerOnPullRequest(
  world: World,
  login: string,
  pr: number,
  action: SlackJobAction,
  jobId: string,
): Promise<Observed> {
  const { reply } = await comment(world, login, pr, `/${action} ${jobId}`);
  const text = await eventually(reply, 15_000, `the reply to /${action} by @${login} on #${pr}`);
  return answered(readable(text), jobId, action, login, await jobView(world.app, jobId));
}

/**
 * Waits until the job awaiting approval shows where people answer it, as they would see it before
 * answering: its Slack message with buttons, or its status comment on the pull request.
 */
export async function untilAnswerable(world: World, jobId: string, where: "slack" | "pr"): Promise<void> {
  const shown = () =>
    where === "slack"
      ? buttonsOf(world.slack.jobMessage(jobId) ?? { blocks: [] }).length > 0
      : /Awaiting approval/.test(statusComment(world.app, jobId) ?? "");
  await eventually(() => (shown() ? true : undefined), 15_000, `${jobId} to show that it awaits approval`);
}

// An answer took effect when the job's record shows this person's action on it.
function answered(
  text: string,
  jobId: string,
  action: SlackJobAction,
  login: string | undefined,
  view: JobView | undefined,
): Observed {
  const doneBy = {
    approve: view?.approval?.approvedBy,
    reject: view?.approval?.rejectedBy,
    cancel: view?.state === "cancelled" ? view.cancelledBy : undefined,
  }[action];
  const took = login !== undefined && doneBy?.toLowerCase() === login.toLowerCase();
  return { kind: took ? "queued" : "refused", text, jobId };
}

/** Waits for the job's record or the person's answer, whichever comes; a refusal must leave no job. */
async function outcome(world: World, jobId: string, answer: () => string | undefined): Promise<Observed> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const view = await jobView(world.app, jobId);
    if (view !== undefined) {
      const kind = view.state === "awaiting_approval" ? "awaiting-approval" : "queued";
      return { kind, text: answer() ?? "", jobId };
    }
    const text = answer();
    if (text !== undefined) return { kind: "refused", text, jobId };
    if (Date.now() > deadline) throw new Error(`neither a job ${jobId} nor an answer came`);
    await sleep(20);
  }
}
