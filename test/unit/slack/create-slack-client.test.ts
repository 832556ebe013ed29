import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { adviseRetry, type RetryAdvice } from "../../../src/github/retry-policy.ts";
import { createSlackClient } from "../../../src/slack/create-slack-client.ts";
import { SlackApiError } from "../../../src/slack/slack-api-error.ts";
import type { SlackClient } from "../../../src/slack/slack-client.ts";
import { FakeSlack, type SlackFaultAnswer } from "../../support/fake-slack.ts";

const TOKEN = "xoxb-1234-secret-token-abcdef";
const fake = new FakeSlack();
let slack: SlackClient;

beforeAll(async () => {
  const apiUrl = await fake.start();
  fake.token = TOKEN;
  slack = createSlackClient({ token: TOKEN, apiUrl });
});

afterAll(async () => {
  await fake.stop();
});

beforeEach(() => {
  fake.reset();
});

async function failure(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error("the call succeeded");
}

function expectNoToken(error: unknown): void {
  const shown = [String(error), JSON.stringify(error), error instanceof Error ? (error.stack ?? "") : ""];
  for (const text of shown) expect(text).not.toContain("secret-token");
}

describe("calls", () => {
  test("postMessage posts JSON with the bearer token and answers the channel id and ts", async () => {
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "hi" } }];
    const posted = await slack.postMessage({ channel: "#deploys", text: "hi", blocks, threadTs: "1.000001" });
    expect(posted).toEqual({ channel: "CDEPLOYS", ts: expect.stringMatching(/^\d+\.\d{6}$/) });
    const [call] = fake.callsTo("chat.postMessage");
    expect(call?.token).toBe(TOKEN);
    expect(call?.body).toEqual({
      channel: "#deploys",
      text: "hi",
      blocks,
      thread_ts: "1.000001",
      unfurl_links: false,
      unfurl_media: false,
    });
    expect(fake.messages.get("CDEPLOYS")?.[0]).toMatchObject({ text: "hi", threadTs: "1.000001" });
  });

  test("fields left undefined are not sent", async () => {
    await slack.postMessage({ channel: "C1", text: "plain" });
    expect(fake.callsTo("chat.postMessage")[0]?.body).toEqual({
      channel: "C1",
      text: "plain",
      unfurl_links: false,
      unfurl_media: false,
    });
  });

  test("updateMessage edits the message in place", async () => {
    const { channel, ts } = await slack.postMessage({ channel: "C1", text: "one" });
    await slack.updateMessage({ channel, ts, text: "two", blocks: [] });
    const messages = fake.messages.get("C1") ?? [];
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ text: "two", edits: 1 });
    expect(fake.callsTo("chat.update")[0]?.body).toEqual({ channel: "C1", ts, text: "two", blocks: [] });
  });

  test("postEphemeral sends the user and thread", async () => {
    await slack.postEphemeral({ channel: "C1", user: "U1", text: "only you", threadTs: "9.000001" });
    expect(fake.ephemerals).toMatchObject([
      { channel: "C1", user: "U1", text: "only you", threadTs: "9.000001" },
    ]);
  });

  test("respond posts to the response_url without the bot token", async () => {
    await slack.respond(fake.responseUrl("r1"), {
      text: "done",
      responseType: "ephemeral",
      replaceOriginal: false,
    });
    expect(fake.responsesTo("r1").map((post) => post.body)).toEqual([
      { text: "done", response_type: "ephemeral", replace_original: false },
    ]);
    expect(fake.callsTo("response_url")[0]?.token).toBeUndefined();
  });

  test("an API URL without its trailing slash works the same", async () => {
    const client = createSlackClient({ token: TOKEN, apiUrl: fake.apiUrl.replace(/\/$/, "") });
    await expect(client.postMessage({ channel: "C1", text: "x" })).resolves.toMatchObject({ channel: "C1" });
  });
});

describe("errors: shaped for the retry policy, never holding the token", () => {
  const cases: {
    name: string;
    answer: SlackFaultAnswer;
    status: number;
    code: string;
    advice: RetryAdvice;
  }[] = [
    {
      name: "HTTP 429 waits as long as Retry-After says",
      answer: { status: 429, retryAfter: 7 },
      status: 429,
      code: "ratelimited",
      advice: { kind: "retry", afterMs: 7_000 },
    },
    {
      name: "HTTP 503 is retried",
      answer: { status: 503 },
      status: 503,
      code: "fake_fault",
      advice: { kind: "retry", afterMs: undefined },
    },
    {
      name: "ok:false ratelimited is a rate limit",
      answer: { error: "ratelimited" },
      status: 429,
      code: "ratelimited",
      advice: { kind: "retry", afterMs: undefined },
    },
    {
      name: "ok:false internal_error is retried",
      answer: { error: "internal_error" },
      status: 503,
      code: "internal_error",
      advice: { kind: "retry", afterMs: undefined },
    },
    ...["channel_not_found", "not_in_channel", "msg_too_long", "is_archived", "invalid_blocks"].map(
      (code) => ({
        name: `ok:false ${code} gives up`,
        answer: { error: code },
        status: 400,
        code,
        advice: { kind: "give-up" } as const,
      }),
    ),
    {
      name: "ok:false invalid_auth gives up",
      answer: { error: "invalid_auth" },
      status: 401,
      code: "invalid_auth",
      advice: { kind: "give-up" },
    },
  ];
  test.each(cases)("$name", async ({ answer, status, code, advice }) => {
    fake.fail("chat.postMessage", answer);
    const error = await failure(slack.postMessage({ channel: "C1", text: "x" }));
    expect(error).toBeInstanceOf(SlackApiError);
    expect(error).toMatchObject({ status, code, method: "chat.postMessage" });
    expect(adviseRetry(error)).toEqual(advice);
    expectNoToken(error);
  });

  test("a real ok:false from the API (a wrong token) is an error too", async () => {
    const client = createSlackClient({ token: "xoxb-wrong", apiUrl: fake.apiUrl });
    const error = await failure(client.updateMessage({ channel: "C1", ts: "1.1", text: "x" }));
    expect(error).toMatchObject({ status: 401, code: "invalid_auth", method: "chat.update" });
  });

  test("a response_url that answers a bare error word", async () => {
    fake.fail("response_url", { status: 404 });
    const error = await failure(
      slack.respond(fake.responseUrl("gone"), { text: "x", responseType: "ephemeral" }),
    );
    expect(error).toMatchObject({ status: 404, code: "fake_fault", method: "response_url" });
    expect(adviseRetry(error).kind).toBe("give-up");
  });

  test("a response_url that is not http(s) is refused without a request", async () => {
    const error = await failure(
      slack.respond("file:///etc/passwd", { text: "x", responseType: "ephemeral" }),
    );
    expect(error).toMatchObject({ status: 400, code: "invalid_response_url" });
    expect(fake.calls).toEqual([]);
  });

  test("Slack unreachable: no status, so it is retried; the message names the call, not the token", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = createSlackClient({ token: TOKEN, apiUrl: `http://127.0.0.1:${port}/api/` });
    const error = await failure(client.postMessage({ channel: "C1", text: "x" }));
    expect(String(error)).toContain("Slack chat.postMessage could not be reached");
    expect(adviseRetry(error)).toEqual({ kind: "retry", afterMs: undefined });
    expectNoToken(error);
  });
});

describe("answers only a raw server gives", () => {
  let server: Server;
  let base = "";
  let answer: { status: number; body: string; delayMs?: number } = { status: 200, body: "{}" };
  const seen: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        seen.push({ url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
        setTimeout(() => res.writeHead(answer.status).end(answer.body), answer.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    seen.length = 0;
  });

  test("the request: method path, JSON in UTF-8, bearer token", async () => {
    answer = { status: 200, body: JSON.stringify({ ok: true, channel: "C9", ts: "5.000001" }) };
    const client = createSlackClient({ token: TOKEN, apiUrl: base });
    await client.postMessage({ channel: "C9", text: "héllo ✅" });
    expect(seen[0]?.url).toBe("/api/chat.postMessage");
    expect(seen[0]?.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(seen[0]?.body ?? "")).toMatchObject({ text: "héllo ✅" });
  });

  test.each([
    {
      name: "a 200 that is not JSON",
      status: 200,
      body: "<html>proxy</html>",
      expected: 502,
      code: "invalid_response",
    },
    {
      name: "a 502 page from a proxy",
      status: 502,
      body: "<html>bad gateway</html>",
      expected: 502,
      code: "http_502",
    },
    {
      name: "a postMessage answer without a ts",
      status: 200,
      body: '{"ok":true}',
      expected: 502,
      code: "invalid_response",
    },
    {
      name: "ok:false with a strange error",
      status: 200,
      body: '{"ok":false,"error":"<b>x</b> y"}',
      expected: 400,
      code: "bxby",
    },
  ])("$name → status $expected", async ({ status, body, expected, code }) => {
    answer = { status, body };
    const client = createSlackClient({ token: TOKEN, apiUrl: base });
    const error = await failure(client.postMessage({ channel: "C9", text: "x" }));
    expect(error).toMatchObject({ status: expected, code });
  });

  test("a call that takes too long is abandoned and retried later", async () => {
    answer = { status: 200, body: '{"ok":true}', delayMs: 500 };
    const client = createSlackClient({ token: TOKEN, apiUrl: base, timeoutMs: 50 });
    const error = await failure(client.updateMessage({ channel: "C9", ts: "1.1", text: "x" }));
    expect(String(error)).toContain("timed out");
    expect(adviseRetry(error).kind).toBe("retry");
  });

  test("a response_url that answers a bare `ok` succeeds", async () => {
    answer = { status: 200, body: "ok" };
    const client = createSlackClient({ token: TOKEN, apiUrl: base });
    await client.respond(`${base}../hooks/1`, { text: "x", responseType: "in_channel" });
    expect(seen[0]?.headers.authorization).toBeUndefined();
  });
});
