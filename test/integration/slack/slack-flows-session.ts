import { expect } from "vitest";
import { slackIdBase } from "../../../src/dispatch/locate-slack-request.ts";
import { commandRequestId } from "../../../src/ingress/slack/request-id.ts";
import { SLACK_ACTION_IDS, slackJobBlockId } from "../../../src/slack/slack-actions.ts";
import { type FakeSlackMessage, messageText } from "../../support/fake-slack.ts";
import {
  blockActionRequest,
  type SlackSignOptions,
  type SlackTestRequest,
  sendSlackRequest,
  slashCommandRequest,
} from "../../support/slack-request.ts";
import { type Flows, OPS, USERS } from "./slack-flows-fixture.ts";

/** What Slack does in these tests, as people in a workspace would: type commands and press buttons. */

let answers = 0;
function freshAnswerId(what: string): string {
  answers += 1;
  return `${what}-${answers}`;
}

export interface Sent {
  /** The job the command queues, if it queues one. */
  jobId: string;
  /** Where Shipmate's ephemeral answer goes: `slack.responsesTo(answerId)`. */
  answerId: string;
  status: number;
  /** The body of the HTTP answer (the ack). */
  ack: string;
  request: SlackTestRequest;
}

export interface CommandOptions {
  user?: keyof typeof USERS;
  channel?: { id: string; name: string };
  triggerId?: string;
  sign?: SlackSignOptions;
}

/** `/shipmate <text>` typed by `user` (alice unless said) in #ops. */
export async function command(flows: Flows, text: string, options: CommandOptions = {}): Promise<Sent> {
  const answerId = freshAnswerId("cmd");
  const channel = options.channel ?? OPS;
  const request = slashCommandRequest(
    {
      text,
      userId: USERS[options.user ?? "alice"],
      channelId: channel.id,
      channelName: channel.name,
      responseUrl: flows.slack.responseUrl(answerId),
      ...(options.triggerId === undefined ? {} : { triggerId: options.triggerId }),
    },
    options.sign ?? {},
  );
  const answer = await sendSlackRequest(`${flows.app.url}/slack/events`, request);
  return {
    jobId: slashJobId(request.fields.triggerId),
    answerId,
    status: answer.status,
    ack: answer.text,
    request,
  };
}

/** A press of Approve, Reject or Cancel on the job's live message; returns where its answer goes. */
export async function press(
  flows: Flows,
  action: keyof typeof SLACK_ACTION_IDS,
  message: FakeSlackMessage,
  jobId: string,
  user: keyof typeof USERS,
): Promise<string> {
  const answerId = freshAnswerId(`press-${action}-${user}`);
  const request = blockActionRequest({
    actionId: SLACK_ACTION_IDS[action],
    value: jobId,
    messageTs: message.ts,
    channelId: message.channel,
    userId: USERS[user],
    responseUrl: flows.slack.responseUrl(answerId),
  });
  const answer = await sendSlackRequest(`${flows.app.url}/slack/events`, request);
  expect(answer.status).toBe(200);
  return answerId;
}

/** The one ephemeral answer posted to `answerId`'s response_url: its text. */
export async function answerText(flows: Flows, answerId: string): Promise<string> {
  const [post] = await flows.slack.waitForResponse(answerId, 1, 15_000);
  expect(post?.body.response_type).toBe("ephemeral");
  return String(post?.body.text ?? "");
}

/** The id of the job a slash command queues: built from Slack's trigger id, as the intake builds it. */
export function slashJobId(triggerId: string): string {
  return `task-${slackIdBase(commandRequestId(triggerId))}-1`;
}

/** Waits until the job's live message reads `pattern`; the error shows every Slack call when it never does. */
export async function messageReading(
  flows: Flows,
  jobId: string,
  pattern: RegExp,
  timeoutMs = 20_000,
): Promise<FakeSlackMessage> {
  try {
    return await flows.slack.waitForJobMessage(jobId, (m) => pattern.test(messageText(m)), timeoutMs);
  } catch (error) {
    throw new Error(`${String(error)}\nslack calls:\n${flows.slack.describeCalls()}`);
  }
}

/** The chat.postMessage calls that posted the job's live message (its first block names the job). */
export function livePosts(flows: Flows, jobId: string): number {
  const blockId = slackJobBlockId(jobId);
  return flows.slack.callsTo("chat.postMessage").filter((call) => {
    const blocks = call.body.blocks;
    return Array.isArray(blocks) && (blocks[0] as { block_id?: unknown } | undefined)?.block_id === blockId;
  }).length;
}

/** The chat.postMessage calls whose message shows `text` anywhere (headline, facts, output). */
export function postsShowing(flows: Flows, text: string): number {
  return flows.slack.callsTo("chat.postMessage").filter((call) => {
    const blocks = Array.isArray(call.body.blocks) ? (call.body.blocks as Record<string, unknown>[]) : [];
    return messageText({ text: String(call.body.text ?? ""), blocks }).includes(text);
  }).length;
}

/** The chat.postMessage calls made in the thread of `message`. */
export function threadPosts(flows: Flows, message: FakeSlackMessage): number {
  return flows.slack
    .callsTo("chat.postMessage")
    .filter((call) => call.body.thread_ts === message.ts && call.body.channel === message.channel).length;
}

/** The chat.update calls aimed at `message`. */
export function updatesOf(flows: Flows, message: FakeSlackMessage): number {
  return flows.slack
    .callsTo("chat.update")
    .filter((call) => call.body.ts === message.ts && call.body.channel === message.channel).length;
}

/** Each version of the message, as it read, oldest first. */
export function versions(message: FakeSlackMessage): string[] {
  return message.history.map((version) => messageText(version));
}
