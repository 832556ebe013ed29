import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { slackJobBlockId } from "../../src/slack/slack-actions.ts";

type Body = Record<string, unknown>;
type Block = Record<string, unknown>;

/** One request to the fake: a Web API method (`chat.update`) or `response_url` for a response_url post. */
export interface SlackCall {
  method: string;
  body: Body;
  /** The bearer token (or form `token`) it carried; undefined for response_url posts. */
  token: string | undefined;
  at: number;
  /** What a fault answered this call with; undefined when the fake answered it for real. */
  faulted?: SlackFaultAnswer;
}

/** A message in a channel, as it reads now; `history` holds each version, the first as posted. */
export interface FakeSlackMessage {
  channel: string;
  ts: string;
  /** Set for a thread reply: the parent's ts. */
  threadTs: string | undefined;
  text: string;
  blocks: Block[];
  /** How many times chat.update changed it. */
  edits: number;
  history: { text: string; blocks: Block[]; at: number }[];
}

export interface FakeEphemeral {
  channel: string;
  user: string;
  text: string;
  threadTs: string | undefined;
  blocks: Block[];
  at: number;
}

/** A post to a response_url the fake handed out (`responseUrl(id)`). */
export interface FakeResponsePost {
  id: string;
  body: Body;
  at: number;
}

/** What a fault answers: an HTTP status (429 carries `retryAfter` seconds, default 1) or `ok: false`. */
export type SlackFaultAnswer = { status: number; retryAfter?: number } | { error: string };

/** Answer the next `times` calls of `method` (or `response_url`) with `answer`. */
export interface SlackFault {
  method: string;
  answer: SlackFaultAnswer;
  times: number;
}

// Slack's documented limits, checked so a renderer that breaks them fails here as it would in Slack.
const LIMITS = { blocks: 50, text: 40_000, sectionText: 3_000, blockId: 255, value: 2_000, buttonText: 75 };

/**
 * A local stand-in for the Slack Web API: `chat.postMessage`, `chat.update`, `chat.postEphemeral`,
 * `auth.test`, and `POST /response/<id>` for response_urls. It keeps each channel's messages (edited in
 * place, thread replies with `threadTs`), records every call, and can be told to fail.
 *
 * Job messages are found by the block_id of their first block, `shipmate-job:<job id>`
 * (src/slack/slack-actions.ts); their buttons carry the job id as `value`.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  /** Messages by channel id, oldest first (thread replies included). */
  readonly messages = new Map<string, FakeSlackMessage[]>();
  readonly ephemerals: FakeEphemeral[] = [];
  readonly responses: FakeResponsePost[] = [];
  readonly faults: SlackFault[] = [];
  /** Channel names (`#deploys`) and the ids Slack answers for them; unknown names get `C` + NAME. */
  readonly channelIds = new Map<string, string>();
  /** When set, only these channel ids exist: others answer `channel_not_found`. */
  knownChannels: Set<string> | undefined;
  /** When set, a call with another token answers `invalid_auth`. */
  token: string | undefined;
  /** Artificial latency for every answer (ms). */
  latencyMs = 0;
  #server: Server | undefined;
  #origin = "";
  #seq = 0;

  /** Starts listening; returns the Web API base URL (for `SLACK_API_URL`). */
  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      void this.#handle(req, res);
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.#server.address() as AddressInfo;
    this.#origin = `http://127.0.0.1:${port}`;
    return this.apiUrl;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  get apiUrl(): string {
    return `${this.#origin}/api/`;
  }

  /** A response_url on the fake; what is posted to it is kept under `id` in `responses`. */
  responseUrl(id: string): string {
    return `${this.#origin}/response/${encodeURIComponent(id)}`;
  }

  /** Forgets every call, message, answer and fault (the server keeps running). */
  reset(): void {
    this.calls.length = 0;
    this.messages.clear();
    this.ephemerals.length = 0;
    this.responses.length = 0;
    this.faults.length = 0;
  }

  /** Makes the next `times` calls of `method` fail with `answer`. */
  fail(method: string, answer: SlackFaultAnswer, times = 1): void {
    this.faults.push({ method, answer, times });
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Resolves with the calls once `count` calls of `method` (or matching `predicate`) were recorded. */
  async waitFor(
    method: string | ((call: SlackCall) => boolean),
    count = 1,
    timeoutMs = 15_000,
  ): Promise<SlackCall[]> {
    const matches = typeof method === "string" ? (call: SlackCall) => call.method === method : method;
    const found = await poll(() => {
      const calls = this.calls.filter(matches);
      return calls.length >= count ? calls : undefined;
    }, timeoutMs);
    if (found) return found;
    throw new Error(`timed out waiting for ${count} Slack call(s); calls were:\n${this.describeCalls()}`);
  }

  describeCalls(): string {
    return this.calls.map((call) => `${call.method} ${JSON.stringify(call.body).slice(0, 200)}`).join("\n");
  }

  /** Every message in every channel, oldest first within a channel. */
  allMessages(): FakeSlackMessage[] {
    return [...this.messages.values()].flat();
  }

  /** The live message of a job (by the block_id of its first block), wherever it was posted. */
  jobMessage(jobId: string): FakeSlackMessage | undefined {
    const blockId = slackJobBlockId(jobId);
    return this.allMessages().find((message) => message.blocks[0]?.block_id === blockId);
  }

  /** Waits until the job's live message exists and satisfies `until` (e.g. it reads "Deployed"). */
  async waitForJobMessage(
    jobId: string,
    until: (message: FakeSlackMessage) => boolean = () => true,
    timeoutMs = 15_000,
  ): Promise<FakeSlackMessage> {
    const found = await poll(() => {
      const message = this.jobMessage(jobId);
      return message && until(message) ? message : undefined;
    }, timeoutMs);
    if (found) return found;
    const now = this.jobMessage(jobId);
    throw new Error(
      `timed out waiting for job ${jobId}'s Slack message; it reads:\n${now ? messageText(now) : "(no message)"}`,
    );
  }

  /** The replies in the thread of the message `ts` in `channel`, oldest first. */
  threadReplies(channel: string, ts: string): FakeSlackMessage[] {
    return (this.messages.get(channel) ?? []).filter((message) => message.threadTs === ts);
  }

  /** What was posted to `responseUrl(id)`, oldest first. */
  responsesTo(id: string): FakeResponsePost[] {
    return this.responses.filter((response) => response.id === id);
  }

  async waitForResponse(id: string, count = 1, timeoutMs = 15_000): Promise<FakeResponsePost[]> {
    const found = await poll(() => {
      const posts = this.responsesTo(id);
      return posts.length >= count ? posts : undefined;
    }, timeoutMs);
    if (found) return found;
    throw new Error(`timed out waiting for ${count} post(s) to response_url ${id}:\n${this.describeCalls()}`);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = parseBody(Buffer.concat(chunks).toString("utf8"), req.headers["content-type"] ?? "");
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const response = /^\/response\/([^/]+)$/.exec(path);
    const method = response ? "response_url" : path.replace(/^\/api\//, "");
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const token = response
      ? undefined
      : (bearer ?? (typeof body.token === "string" ? body.token : undefined));
    const at = Date.now();
    const call: SlackCall = { method, body, token, at };
    this.calls.push(call);
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const fault = this.faults.find((f) => f.times > 0 && f.method === method);
    if (fault) {
      fault.times--;
      call.faulted = fault.answer;
      return sendFault(res, fault.answer);
    }
    if (response) {
      this.responses.push({ id: decodeURIComponent(response[1] ?? ""), body, at });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      return;
    }
    if (this.token !== undefined && token !== this.token) {
      return send(res, { ok: false, error: token === undefined ? "not_authed" : "invalid_auth" });
    }
    send(res, this.#route(method, body, at));
  }

  #route(method: string, body: Body, at: number): Body {
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://fake.slack.com/",
          team: "Fake",
          user: "shipmate",
          team_id: "T0FAKE",
          user_id: "U0SHIPMATE",
          bot_id: "B0SHIPMATE",
        };
      case "chat.postMessage":
        return this.#post(body, at);
      case "chat.update":
        return this.#update(body, at);
      case "chat.postEphemeral":
        return this.#ephemeral(body, at);
      default:
        return { ok: false, error: "unknown_method" };
    }
  }

  #post(body: Body, at: number): Body {
    const channel = this.#channelId(String(body.channel ?? ""), true);
    if (channel === undefined) return { ok: false, error: "channel_not_found" };
    const content = contentOf(body);
    if ("error" in content) return { ok: false, error: content.error };
    const ts = this.#nextTs();
    const threadTs = typeof body.thread_ts === "string" ? body.thread_ts : undefined;
    const message: FakeSlackMessage = {
      channel,
      ts,
      threadTs,
      ...content,
      edits: 0,
      history: [{ ...content, at }],
    };
    this.#channel(channel).push(message);
    return { ok: true, channel, ts, message: { text: message.text, ts } };
  }

  #update(body: Body, at: number): Body {
    // Like Slack, chat.update wants the channel id that chat.postMessage answered, not a name.
    const channel = this.#channelId(String(body.channel ?? ""), false);
    if (channel === undefined) return { ok: false, error: "channel_not_found" };
    const message = this.messages.get(channel)?.find((m) => m.ts === body.ts);
    if (!message) return { ok: false, error: "message_not_found" };
    const content = contentOf(body);
    if ("error" in content) return { ok: false, error: content.error };
    message.text = content.text;
    if (body.blocks !== undefined) message.blocks = content.blocks;
    message.edits++;
    message.history.push({ text: message.text, blocks: message.blocks, at });
    return { ok: true, channel, ts: message.ts, text: message.text };
  }

  #ephemeral(body: Body, at: number): Body {
    const channel = this.#channelId(String(body.channel ?? ""), true);
    if (channel === undefined) return { ok: false, error: "channel_not_found" };
    const content = contentOf(body);
    if ("error" in content) return { ok: false, error: content.error };
    const threadTs = typeof body.thread_ts === "string" ? body.thread_ts : undefined;
    this.ephemerals.push({ channel, user: String(body.user ?? ""), threadTs, ...content, at });
    return { ok: true, message_ts: this.#nextTs() };
  }

  #channelId(given: string, namesAllowed: boolean): string | undefined {
    let id = given;
    if (given.startsWith("#")) {
      if (!namesAllowed) return undefined;
      id =
        this.channelIds.get(given) ??
        `C${given
          .slice(1)
          .toUpperCase()
          .replace(/[^A-Z0-9]/g, "")}`;
    }
    if (id === "" || (this.knownChannels !== undefined && !this.knownChannels.has(id))) return undefined;
    return id;
  }

  #channel(id: string): FakeSlackMessage[] {
    let list = this.messages.get(id);
    if (!list) {
      list = [];
      this.messages.set(id, list);
    }
    return list;
  }

  #nextTs(): string {
    this.#seq++;
    return `${Math.floor(Date.now() / 1000)}.${String(this.#seq).padStart(6, "0")}`;
  }
}

/** All the text a message shows (its `text`, then every text object in its blocks), one per line. */
export function messageText(message: { text: string; blocks: readonly Block[] }): string {
  const texts: string[] = [message.text];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === "object" && node !== null) {
      const record = node as Record<string, unknown>;
      if ((record.type === "mrkdwn" || record.type === "plain_text") && typeof record.text === "string") {
        texts.push(record.text);
      } else Object.values(record).forEach(walk);
    }
  };
  walk(message.blocks);
  return texts.join("\n");
}

export interface FakeButton {
  actionId: string;
  value: string;
  text: string;
  style: string | undefined;
  blockId: string | undefined;
}

/** The buttons a message shows, in order. */
export function buttonsOf(message: { blocks: readonly Block[] }): FakeButton[] {
  return message.blocks.flatMap((block) => {
    if (block.type !== "actions" || !Array.isArray(block.elements)) return [];
    return (block.elements as Block[])
      .filter((element) => element.type === "button")
      .map((element) => ({
        actionId: String(element.action_id),
        value: String(element.value ?? ""),
        text: String((element.text as Block | undefined)?.text ?? ""),
        style: typeof element.style === "string" ? element.style : undefined,
        blockId: typeof block.block_id === "string" ? block.block_id : undefined,
      }));
  });
}

/** What Slack would refuse in these blocks, as Slack's error code; undefined when they are fine. */
export function blocksProblem(blocks: readonly Block[]): string | undefined {
  if (blocks.length > LIMITS.blocks) return "invalid_blocks";
  const actionIds = new Set<string>();
  for (const block of blocks) {
    if (typeof block.block_id === "string" && block.block_id.length > LIMITS.blockId) return "invalid_blocks";
    const text = block.text as Block | undefined;
    if (typeof text?.text === "string" && (text.text.length > LIMITS.sectionText || text.text === "")) {
      return "invalid_blocks";
    }
    for (const element of Array.isArray(block.elements) ? (block.elements as Block[]) : []) {
      const inner = element.type === "mrkdwn" || element.type === "plain_text" ? element.text : undefined;
      if (typeof inner === "string" && (inner.length > LIMITS.sectionText || inner === "")) {
        return "invalid_blocks";
      }
      if (element.type !== "button") continue;
      const id = String(element.action_id);
      if (actionIds.has(id)) return "invalid_blocks";
      actionIds.add(id);
      if (String(element.value ?? "").length > LIMITS.value) return "invalid_blocks";
      if (String((element.text as Block | undefined)?.text ?? "").length > LIMITS.buttonText)
        return "invalid_blocks";
    }
  }
  return undefined;
}

function contentOf(body: Body): { text: string; blocks: Block[] } | { error: string } {
  const blocks = parseBlocks(body.blocks);
  if (blocks === undefined) return { error: "invalid_blocks_format" };
  const text = typeof body.text === "string" ? body.text : "";
  if (text === "" && blocks.length === 0) return { error: "no_text" };
  if (messageText({ text, blocks }).length > LIMITS.text) return { error: "msg_too_long" };
  const problem = blocksProblem(blocks);
  return problem === undefined ? { text, blocks } : { error: problem };
}

// Bolt's WebClient sends form bodies with blocks as a JSON string; Shipmate's client sends JSON.
function parseBlocks(value: unknown): Block[] | undefined {
  if (value === undefined) return [];
  const parsed = typeof value === "string" ? safeJson(value) : value;
  return Array.isArray(parsed) ? (parsed as Block[]) : undefined;
}

function parseBody(text: string, contentType: string): Body {
  if (text === "") return {};
  if (contentType.includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  const parsed = safeJson(text);
  return typeof parsed === "object" && parsed !== null ? (parsed as Body) : {};
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, payload: Body): void {
  res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(payload));
}

function sendFault(res: ServerResponse, answer: SlackFaultAnswer): void {
  if ("error" in answer) {
    send(res, { ok: false, error: answer.error });
    return;
  }
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  if (answer.status === 429) headers["retry-after"] = String(answer.retryAfter ?? 1);
  const error = answer.status === 429 ? "ratelimited" : "fake_fault";
  res.writeHead(answer.status, headers).end(JSON.stringify({ ok: false, error }));
}

async function poll<T>(find: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined || Date.now() >= deadline) return found;
    await new Promise((r) => setTimeout(r, 10));
  }
}
