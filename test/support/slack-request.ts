import { createHmac, randomUUID } from "node:crypto";

/** The signing secret the test Slack app signs with. */
export const TEST_SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
/** The bot's own Slack user id, as `authorizations[0].user_id` of every event names it. */
export const TEST_BOT_USER_ID = "UBOT0SHIP";

export interface SlackSignOptions {
  /** Sign with this secret instead of TEST_SIGNING_SECRET. */
  secret?: string | undefined;
  /** How old the request claims to be, in seconds; negative is in the future. */
  ageSeconds?: number | undefined;
  /** Signature version before the `=`; Slack only ever uses `v0`. */
  version?: string | undefined;
  /** Changes the body after signing, as a tampering proxy would. */
  tamper?: ((body: string) => string) | undefined;
  /** Leaves these headers out. */
  omit?: readonly ("x-slack-signature" | "x-slack-request-timestamp")[] | undefined;
  /** Marks the request as Slack's n-th retry. */
  retryNum?: number | undefined;
  retryReason?: string | undefined;
  /** The clock to sign against (ms); Date.now() unless a test pins it. */
  nowMs?: number | undefined;
}

/** A request as Slack would send it: the exact body bytes and the headers that sign them. */
export interface SlackTestRequest {
  body: string;
  headers: Record<string, string>;
}

/** Signs a body the way Slack does: `v0=` HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing secret. */
export function signSlackRequest(
  body: string,
  contentType: string,
  options: SlackSignOptions = {},
): SlackTestRequest {
  const timestamp = Math.floor((options.nowMs ?? Date.now()) / 1000) - (options.ageSeconds ?? 0);
  const version = options.version ?? "v0";
  const digest = createHmac("sha256", options.secret ?? TEST_SIGNING_SECRET)
    .update(`v0:${timestamp}:${body}`)
    .digest("hex");
  const headers: Record<string, string> = {
    "content-type": contentType,
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": `${version}=${digest}`,
  };
  for (const name of options.omit ?? []) delete headers[name];
  if (options.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(options.retryNum);
    headers["x-slack-retry-reason"] = options.retryReason ?? "http_timeout";
  }
  return { body: options.tamper ? options.tamper(body) : body, headers };
}

export interface SlashCommandFields {
  text: string;
  triggerId: string;
  teamId: string;
  channelId: string;
  channelName: string;
  userId: string;
  responseUrl: string;
}

/** `/shipmate <text>`: a form-encoded body, fields in the order Slack sends them. */
export function slashCommandRequest(
  fields: Partial<SlashCommandFields> = {},
  options: SlackSignOptions = {},
): SlackTestRequest & { fields: SlashCommandFields } {
  const f: SlashCommandFields = {
    text: "deploy acme/shop#42 to staging",
    triggerId: `${Date.now()}.${randomDigits()}.${randomUUID().replaceAll("-", "").slice(0, 20)}`,
    teamId: "T0TEAM001",
    channelId: "C0DEPLOYS",
    channelName: "deploys",
    userId: "U0ALICE01",
    responseUrl: "https://hooks.slack.com/commands/T0TEAM001/1234/abcd",
    ...fields,
  };
  const body = new URLSearchParams({
    token: "legacy-verification-token",
    team_id: f.teamId,
    team_domain: "acme",
    channel_id: f.channelId,
    channel_name: f.channelName,
    user_id: f.userId,
    user_name: "alice",
    command: "/shipmate",
    text: f.text,
    api_app_id: "A0SHIPMATE",
    is_enterprise_install: "false",
    response_url: f.responseUrl,
    trigger_id: f.triggerId,
  }).toString();
  return { ...signSlackRequest(body, "application/x-www-form-urlencoded", options), fields: f };
}

export interface MentionFields {
  text: string;
  eventId: string;
  ts: string;
  threadTs: string | undefined;
  channelId: string;
  userId: string;
  teamId: string;
  /** Extra fields on the event itself: `bot_id`, `subtype`, `edited`… */
  extra: Record<string, unknown>;
}

/** An Events API `event_callback` with an `app_mention` of the bot. */
export function mentionEventRequest(
  fields: Partial<MentionFields> = {},
  options: SlackSignOptions = {},
): SlackTestRequest & { fields: MentionFields } {
  const f: MentionFields = {
    text: `<@${TEST_BOT_USER_ID}> deploy acme/shop#42 to staging`,
    eventId: `Ev${randomUUID().replaceAll("-", "").slice(0, 10).toUpperCase()}`,
    ts: slackTs(),
    threadTs: undefined,
    channelId: "C0DEPLOYS",
    userId: "U0ALICE01",
    teamId: "T0TEAM001",
    extra: {},
    ...fields,
  };
  const body = JSON.stringify({
    token: "legacy-verification-token",
    team_id: f.teamId,
    api_app_id: "A0SHIPMATE",
    event: {
      type: "app_mention",
      user: f.userId,
      text: f.text,
      ts: f.ts,
      channel: f.channelId,
      event_ts: f.ts,
      ...(f.threadTs ? { thread_ts: f.threadTs } : {}),
      ...f.extra,
    },
    type: "event_callback",
    event_id: f.eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: f.teamId,
        user_id: TEST_BOT_USER_ID,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  });
  return { ...signSlackRequest(body, "application/json", options), fields: f };
}

export interface BlockActionFields {
  actionId: string;
  value: string;
  messageTs: string;
  actionTs: string;
  channelId: string;
  userId: string;
  teamId: string;
  responseUrl: string;
}

/** A button press on one of Shipmate's messages: `payload=<json>`, form-encoded, as Slack sends it. */
export function blockActionRequest(
  fields: Partial<BlockActionFields> = {},
  options: SlackSignOptions = {},
): SlackTestRequest & { fields: BlockActionFields } {
  const f: BlockActionFields = {
    actionId: "shipmate_approve",
    value: "task-1001-1",
    messageTs: slackTs(),
    actionTs: slackTs(),
    channelId: "C0DEPLOYS",
    userId: "U0BOB0001",
    teamId: "T0TEAM001",
    responseUrl: "https://hooks.slack.com/actions/T0TEAM001/5678/efgh",
    ...fields,
  };
  const payload = {
    type: "block_actions",
    user: { id: f.userId, username: "bob", name: "bob", team_id: f.teamId },
    api_app_id: "A0SHIPMATE",
    token: "legacy-verification-token",
    container: { type: "message", message_ts: f.messageTs, channel_id: f.channelId, is_ephemeral: false },
    trigger_id: `${Date.now()}.${randomDigits()}.ffff`,
    team: { id: f.teamId, domain: "acme" },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: f.channelId, name: "deploys" },
    message: { type: "message", ts: f.messageTs, text: "Deploy awaiting approval", blocks: [] },
    state: { values: {} },
    response_url: f.responseUrl,
    actions: [
      {
        action_id: f.actionId,
        block_id: `shipmate-actions:${f.value}`,
        text: { type: "plain_text", text: "Approve", emoji: true },
        value: f.value,
        style: "primary",
        type: "button",
        action_ts: f.actionTs,
      },
    ],
  };
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return { ...signSlackRequest(body, "application/x-www-form-urlencoded", options), fields: f };
}

/** The challenge Slack sends when an Events API request URL is saved. */
export function urlVerificationRequest(challenge: string, options: SlackSignOptions = {}): SlackTestRequest {
  const body = JSON.stringify({ token: "legacy-verification-token", challenge, type: "url_verification" });
  return signSlackRequest(body, "application/json", options);
}

/** Sends a test request; `ms` is the time until the whole answer arrived. */
export async function sendSlackRequest(
  url: string,
  request: SlackTestRequest,
): Promise<{ status: number; text: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, { method: "POST", headers: request.headers, body: request.body });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
}

let tsCounter = Math.floor(Math.random() * 500_000);

/** A message timestamp in Slack's `seconds.micros` form, unique within a test run. */
export function slackTs(): string {
  tsCounter += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(tsCounter).padStart(6, "0")}`;
}

function randomDigits(): string {
  return String(Math.floor(Math.random() * 1e9));
}
