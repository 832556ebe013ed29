import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { WebhookCommand } from "../../../src/config/repo-config.ts";
import { type RunTaskInput, runTask } from "../../../src/executors/run-task.ts";
import { sleep } from "../../support/pr-thread.ts";
import { WebhookReceiver } from "./webhook-receiver.ts";

const SECRET = "hook-secret-Very-Private-77";
const SHA = "c0ffee".padEnd(40, "0");
let receiver: WebhookReceiver;
let base: string;

beforeEach(async () => {
  receiver = new WebhookReceiver(SECRET);
  base = await receiver.start();
});
afterEach(() => receiver.stop());

function input(command: Partial<WebhookCommand> = {}, more: Partial<RunTaskInput> = {}): RunTaskInput {
  return {
    cloneUrl: "file:///nowhere",
    sha: SHA,
    token: "ghs_notUsedByWebhooks0123456789",
    task: {
      command: {
        kind: "webhook",
        url: `${base}/deploy`,
        secretEnv: "DEPLOY_HOOK_SECRET",
        pollIntervalMs: 20,
        retries: 2,
        ...command,
      },
      timeoutMs: 5_000,
    },
    env: {
      task: "deploy",
      environment: "staging",
      ref: "feature/x",
      pullRequest: 7,
      actor: "alice",
      dryRun: true,
      params: { version: "1.2.3" },
    },
    passthrough: { DEPLOY_HOOK_SECRET: SECRET, PATH: "/usr/bin" },
    secrets: [],
    jobId: "task-9-1",
    repository: { owner: "acme", name: "shop" },
    retryDelayMs: 10,
    ...more,
  };
}

describe("webhook tasks", () => {
  test("a signed POST answered 2xx, without a status URL, succeeds", async () => {
    receiver.script.set("/deploy", [{ status: 202, body: { queued: true } }]);
    const result = await runTask(input());
    expect(result).toMatchObject({ kind: "succeeded", exitCode: null });
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request).toMatchObject({ method: "POST", path: "/deploy", signatureValid: true });
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers["x-shipmate-job"]).toBe("task-9-1");
    expect(request?.headers["x-shipmate-event"]).toBe("start");
    const signedAt = Number(request?.headers["x-shipmate-timestamp"]) * 1000;
    expect(Math.abs((request?.at ?? 0) - signedAt)).toBeLessThan(2_000);
    expect(JSON.parse(request?.body ?? "")).toEqual({
      job: "task-9-1",
      repository: "acme/shop",
      task: "deploy",
      environment: "staging",
      sha: SHA,
      ref: "feature/x",
      pullRequest: 7,
      actor: "alice",
      dryRun: true,
      params: { version: "1.2.3" },
    });
    expect(request?.body).not.toContain(SECRET);
    expect(result.output).toContain("Accepted: HTTP 202");
  });

  test("a status URL that goes pending → success is followed, its log shown once", async () => {
    receiver.script.set("/deploy", [{ status: 200 }]);
    receiver.script.set("/status", [
      { status: 200, body: { state: "pending", log: "step 1\n" } },
      { status: 200, body: { state: "pending", log: "step 1\nstep 2\n" } },
      { status: 200, body: { state: "success", log: "step 1\nstep 2\ndone\n" } },
    ]);
    const chunks: string[] = [];
    const result = await runTask(
      input({ statusUrl: `${base}/status` }, { onOutput: (chunk) => chunks.push(chunk) }),
    );
    expect(result.kind).toBe("succeeded");
    const polls = receiver.requests.filter((request) => request.path === "/status");
    expect(polls).toHaveLength(3);
    for (const poll of polls) {
      expect(poll).toMatchObject({ method: "GET", signatureValid: true, body: "" });
      expect(poll.headers["x-shipmate-event"]).toBe("status");
    }
    expect(result.output.match(/step 1/g)).toHaveLength(1);
    expect(result.output).toContain("step 1\nstep 2\ndone\n");
    expect(chunks.join("")).toBe(result.output);
  });

  test("a status URL that reports failure fails the task", async () => {
    receiver.script.set("/deploy", [{ status: 200 }]);
    receiver.script.set("/status", [{ status: 200, body: { state: "failure", log: "rollout stuck" } }]);
    const result = await runTask(input({ statusUrl: `${base}/status` }));
    expect(result.kind).toBe("failed");
    expect(result.output).toContain("rollout stuck");
    expect(result.problem).toBe(
      `The deployer behind ${base}/status reported failure. Read the output below, fix the cause, then comment \`/deploy staging\` again.`,
    );
  });

  test("a status URL that never finishes times the task out", async () => {
    receiver.script.set("/deploy", [{ status: 200 }]);
    receiver.script.set("/status", [{ status: 200, body: { state: "pending" } }]);
    const following = input({ statusUrl: `${base}/status` });
    const result = await runTask({ ...following, task: { ...following.task, timeoutMs: 300 } });
    expect(result.kind).toBe("timed_out");
    expect(result.durationMs).toBeLessThan(2_000);
    expect(receiver.requests.filter((request) => request.path === "/status").length).toBeGreaterThan(2);
  });

  test("network errors and 5xx answers are tried again with a pause", async () => {
    receiver.script.set("/deploy", [{ status: 200, hangUp: true }, { status: 503 }, { status: 201 }]);
    const result = await runTask(input());
    expect(result.kind).toBe("succeeded");
    expect(receiver.requests).toHaveLength(3);
    expect(result.output).toMatch(/HTTP 503; trying again in/);
  });

  test("retries are limited: the last 5xx fails the task", async () => {
    receiver.script.set("/deploy", [{ status: 502, body: { message: "bad gateway" } }]);
    const result = await runTask(input({ retries: 1 }));
    expect(result.kind).toBe("failed");
    expect(receiver.requests).toHaveLength(2);
    expect(result.problem).toContain("answered HTTP 502");
  });

  test("a 4xx answer fails at once, without retries", async () => {
    receiver.script.set("/deploy", [{ status: 401, body: { message: "bad signature" } }]);
    const result = await runTask(input());
    expect(result.kind).toBe("failed");
    expect(receiver.requests).toHaveLength(1);
    expect(result.problem).toBe(
      `${base}/deploy answered HTTP 401: {"message":"bad signature"}. Fix the webhook or its receiver, then comment \`/deploy staging\` again.`,
    );
  });

  test("a missing secret variable sends nothing, rather than an unsigned request", async () => {
    receiver.script.set("/deploy", [{ status: 200 }]);
    const result = await runTask(input({}, { passthrough: { PATH: "/usr/bin" } }));
    expect(result.kind).toBe("failed");
    expect(result.problem).toContain("`DEPLOY_HOOK_SECRET`, but the server does not pass that variable");
    expect(receiver.requests).toEqual([]);
  });

  test("the secret is masked wherever the deployer echoes it", async () => {
    receiver.script.set("/deploy", [{ status: 200 }]);
    receiver.script.set("/status", [{ status: 200, body: { state: "failure", log: `using ${SECRET}\n` } }]);
    const chunks: string[] = [];
    const result = await runTask(
      input({ statusUrl: `${base}/status` }, { onOutput: (chunk) => chunks.push(chunk) }),
    );
    expect(result.kind).toBe("failed");
    expect(result.output).toContain("using ***");
    for (const text of [result.output, chunks.join(""), result.problem ?? ""])
      expect(text).not.toContain(SECRET);
  });

  test("a 4xx answer that echoes the secret has it masked in the problem", async () => {
    receiver.script.set("/deploy", [{ status: 400, body: { message: `wrong: ${SECRET}` } }]);
    const result = await runTask(input());
    expect(result.problem).toContain("wrong: ***");
    expect(result.problem).not.toContain(SECRET);
  });

  test("without secret_env the request goes out unsigned", async () => {
    receiver.script.set("/deploy", [{ status: 204 }]);
    const unsigned = input();
    const { secretEnv: _, ...command } = unsigned.task.command as WebhookCommand;
    const result = await runTask({ ...unsigned, task: { ...unsigned.task, command } });
    expect(result.kind).toBe("succeeded");
    expect(receiver.requests[0]?.headers).not.toHaveProperty("x-shipmate-signature-256");
  });

  test("a status answer that is not the protocol fails with what was wrong", async () => {
    receiver.script.set("/deploy", [{ status: 200 }]);
    receiver.script.set("/status", [{ status: 200, body: { state: "done" } }]);
    const result = await runTask(input({ statusUrl: `${base}/status` }));
    expect(result.kind).toBe("failed");
    expect(result.problem).toContain('its `state` is "done", not one of success, failure, pending');
  });

  test("a redirect is not followed", async () => {
    receiver.script.set("/deploy", [{ status: 307 }]);
    const result = await runTask(input());
    expect(result.kind).toBe("failed");
    expect(result.problem).toContain("redirects are not followed");
    expect(receiver.requests).toHaveLength(1);
  });

  test("cancelling stops following the status URL; without a cancel_url nothing else is sent", async () => {
    receiver.script.set("/deploy", [{ status: 200 }]);
    receiver.script.set("/status", [{ status: 200, body: { state: "pending" } }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const result = await runTask(input({ statusUrl: `${base}/status` }, { signal: controller.signal }));
    expect(result.kind).toBe("cancelled");
    expect(result.durationMs).toBeLessThan(1_000);
    const sent = receiver.requests.length;
    await sleep(150);
    expect(receiver.requests).toHaveLength(sent);
    expect(receiver.requests.map((request) => request.path).filter((path) => path !== "/status")).toEqual([
      "/deploy",
    ]);
  });

  test("a cancel while following tells the cancel_url, signed, with the reason", async () => {
    receiver.script.set("/deploy", [{ status: 200 }]);
    receiver.script.set("/status", [{ status: 200, body: { state: "pending" } }]);
    receiver.script.set("/stop", [{ status: 202 }]);
    const controller = new AbortController();
    const result = await runTask(
      input(
        { statusUrl: `${base}/status`, cancelUrl: `${base}/stop` },
        {
          signal: controller.signal,
          onOutput: (chunk) => chunk.startsWith("Following") && setTimeout(() => controller.abort(), 60),
        },
      ),
    );
    expect(result.kind).toBe("cancelled");
    const stops = receiver.requests.filter((request) => request.path === "/stop");
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatchObject({ method: "POST", signatureValid: true });
    expect(stops[0]?.headers["x-shipmate-event"]).toBe("cancel");
    expect(JSON.parse(stops[0]?.body ?? "")).toMatchObject({
      job: "task-9-1",
      sha: SHA,
      reason: "cancelled",
    });
    expect(result.output).toContain(
      `Telling the deployer to stop: POST ${base}/stop\nCancel accepted: HTTP 202`,
    );
  });

  test("a cancel while the first request waits for its answer still tells the cancel_url", async () => {
    receiver.script.set("/deploy", [{ status: 200, delayMs: 2_000 }]);
    receiver.script.set("/stop", [{ status: 200 }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const result = await runTask(input({ cancelUrl: `${base}/stop` }, { signal: controller.signal }));
    expect(result.kind).toBe("cancelled");
    expect(result.durationMs).toBeLessThan(1_500);
    expect(receiver.requests.map((request) => request.path)).toEqual(["/deploy", "/stop"]);
  });

  test("past the timeout the cancel_url is told `timed_out`, and the problem says what happened", async () => {
    receiver.script.set("/deploy", [{ status: 200 }]);
    receiver.script.set("/status", [{ status: 200, body: { state: "pending" } }]);
    receiver.script.set("/stop", [{ status: 500 }]);
    const following = input({ statusUrl: `${base}/status`, cancelUrl: `${base}/stop`, retries: 1 });
    const result = await runTask({ ...following, task: { ...following.task, timeoutMs: 300 } });
    expect(result.kind).toBe("timed_out");
    const stops = receiver.requests.filter((request) => request.path === "/stop");
    // A 5xx is tried again, as every request is.
    expect(stops).toHaveLength(2);
    expect(JSON.parse(stops[0]?.body ?? "")).toMatchObject({ reason: "timed_out" });
    expect(result.output).toContain("The deployer refused the cancel: HTTP 500");
    expect(result.problem).toBe(
      "The deploy task ran longer than its timeout (<1s): Shipmate stopped following the webhook and told its `cancel_url`. Raise `timeout` for it in `.github/shipmate.yml` or make it faster, then comment `/deploy staging` again.",
    );
  });

  test("a 429 or 503 with Retry-After waits as long as asked", async () => {
    receiver.script.set("/deploy", [{ status: 503, headers: { "retry-after": "1" } }, { status: 200 }]);
    const result = await runTask(input());
    expect(result.kind).toBe("succeeded");
    const [first, second] = receiver.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(result.output).toContain("HTTP 503; trying again in 1s.");
  });

  test("a token in the URL's query is never shown", async () => {
    const token = "tok-Very-Secret-123";
    receiver.script.set(`/deploy?token=${token}`, [{ status: 404, body: { message: "no such job" } }]);
    const result = await runTask(input({ url: `${base}/deploy?token=${token}` }));
    expect(result.kind).toBe("failed");
    expect(receiver.requests[0]?.path).toBe(`/deploy?token=${token}`);
    expect(result.problem).toContain(`${base}/deploy?… answered HTTP 404`);
    for (const text of [result.output, result.problem ?? ""]) expect(text).not.toContain(token);
  });

  test("a status log's unfinished line waits for its end, so a line is never split", async () => {
    receiver.script.set("/deploy", [{ status: 200 }]);
    receiver.script.set("/status", [
      { status: 200, body: { state: "pending", log: "step 1\nrolling out 3 of" } },
      { status: 200, body: { state: "pending", log: "step 1\nrolling out 3 of 3\nverify" } },
      { status: 200, body: { state: "success" } },
    ]);
    const chunks: string[] = [];
    const result = await runTask(
      input({ statusUrl: `${base}/status` }, { onOutput: (chunk) => chunks.push(chunk) }),
    );
    expect(result.kind).toBe("succeeded");
    expect(chunks).toContain("step 1\n");
    expect(chunks).toContain("rolling out 3 of 3\n");
    expect(chunks).toContain("verify\n");
    expect(result.output).not.toContain("rolling out 3 of\n");
  });

  test("an unreachable URL fails after its retries", async () => {
    const closed = new WebhookReceiver(SECRET);
    const url = `${await closed.start()}/deploy`;
    await closed.stop();
    const result = await runTask(input({ url, retries: 1 }));
    expect(result.kind).toBe("failed");
    expect(result.problem).toContain(`could not reach ${url} (tried 2 times; last: connect ECONNREFUSED`);
  });
});
