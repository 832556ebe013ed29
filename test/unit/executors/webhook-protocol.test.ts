import { createHmac } from "node:crypto";
import { describe, expect, test } from "vitest";
import { newLogText, readStatusAnswer } from "../../../src/executors/webhook/status-response.ts";
import { signBody, webhookBody, webhookHeaders } from "../../../src/executors/webhook/webhook-request.ts";

describe("signing", () => {
  test("sha256= and the hex HMAC of the exact body bytes, as a receiver recomputes it", () => {
    const body = '{"job":"task-1-1","params":{"note":"héllo"}}';
    const expected = createHmac("sha256", "s3cret-value").update(Buffer.from(body, "utf8")).digest("hex");
    expect(signBody("s3cret-value", body)).toBe(`sha256=${expected}`);
  });

  test("the body is the payload as JSON, and headers sign it only with a secret", () => {
    const payload = {
      job: "task-1-1",
      repository: "acme/shop",
      task: "deploy" as const,
      environment: "staging",
      sha: "a".repeat(40),
      ref: "main",
      pullRequest: null,
      actor: "alice",
      dryRun: false,
      params: {},
    };
    const body = webhookBody(payload);
    expect(JSON.parse(body)).toEqual(payload);
    expect(webhookHeaders("task-1-1", body, "s3cret-value")["x-shipmate-signature-256"]).toBe(
      signBody("s3cret-value", body),
    );
    expect(webhookHeaders("task-1-1", body, undefined)).toEqual({
      "content-type": "application/json",
      "user-agent": "Shipmate",
      "x-shipmate-job": "task-1-1",
    });
  });
});

describe("readStatusAnswer", () => {
  const cases = [
    { text: '{"state":"pending"}', expected: { kind: "status", state: "pending", log: undefined } },
    {
      text: '{"state":"success","log":"done\\n"}',
      expected: { kind: "status", state: "success", log: "done\n" },
    },
    { text: '{"state":"failure","extra":1}', expected: { kind: "status", state: "failure", log: undefined } },
    { text: "OK", expected: { kind: "invalid", reason: "it is not JSON" } },
    { text: "[]", expected: { kind: "invalid", reason: "it is not a JSON object" } },
    {
      text: "{}",
      expected: { kind: "invalid", reason: "its `state` is missing, not one of success, failure, pending" },
    },
    {
      text: '{"state":"SUCCESS"}',
      expected: { kind: "invalid", reason: 'its `state` is "SUCCESS", not one of success, failure, pending' },
    },
    {
      text: '{"state":"pending","log":["a"]}',
      expected: { kind: "invalid", reason: "its `log` is not a string" },
    },
  ];
  test.each(cases)("$text", ({ text, expected }) => {
    expect(readStatusAnswer(text)).toEqual(expected);
  });
});

describe("newLogText", () => {
  const cases = [
    { previous: "", log: "a\n", expected: "a\n" },
    { previous: "a\n", log: "a\nb\n", expected: "b\n" },
    { previous: "a\nb\n", log: "a\nb\n", expected: "" },
    { previous: "a\nb\n", log: "rewritten\n", expected: "rewritten\n" },
  ];
  test.each(cases)("$previous → $log", ({ previous, log, expected }) => {
    expect(newLogText(previous, log)).toBe(expected);
  });
});
