import { createHmac } from "node:crypto";
import { describe, expect, test } from "vitest";
import { nextLogText, readStatusAnswer } from "../../../src/executors/webhook/status-response.ts";
import {
  cancelBody,
  shownUrl,
  signBody,
  webhookBody,
  webhookHeaders,
} from "../../../src/executors/webhook/webhook-request.ts";

describe("signing", () => {
  test("sha256= and the hex HMAC of `<timestamp>.<body>`, as a receiver recomputes it from the raw bytes", () => {
    const body = '{"job":"task-1-1","params":{"note":"héllo"}}';
    const expected = createHmac("sha256", "s3cret-value")
      .update(Buffer.from(`1700000000.${body}`, "utf8"))
      .digest("hex");
    expect(signBody("s3cret-value", 1_700_000_000, body)).toBe(`sha256=${expected}`);
    expect(signBody("s3cret-value", 1_700_000_001, body)).not.toBe(`sha256=${expected}`);
  });

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

  test("with a secret: the event, the timestamp in seconds and the signature of both", () => {
    const body = webhookBody(payload);
    expect(JSON.parse(body)).toEqual(payload);
    const now = 1_700_000_000_999;
    expect(webhookHeaders({ jobId: "task-1-1", event: "start", body, secret: "s3cret-value", now })).toEqual({
      "content-type": "application/json",
      "user-agent": "Shipmate",
      "x-shipmate-job": "task-1-1",
      "x-shipmate-event": "start",
      "x-shipmate-timestamp": "1700000000",
      "x-shipmate-signature-256": signBody("s3cret-value", 1_700_000_000, body),
    });
  });

  test("without a secret nothing is signed; a GET has no body and no content type", () => {
    const headers = webhookHeaders({ jobId: "j", event: "status", body: "", secret: undefined, now: 0 });
    expect(headers).toEqual({
      "user-agent": "Shipmate",
      "x-shipmate-job": "j",
      "x-shipmate-event": "status",
    });
  });

  test("a cancel carries the job's facts and why it stopped", () => {
    expect(JSON.parse(cancelBody(payload, "timed_out"))).toEqual({ ...payload, reason: "timed_out" });
  });
});

describe("shownUrl", () => {
  const cases = [
    { url: "https://deploy.example/hooks/run", expected: "https://deploy.example/hooks/run" },
    { url: "https://deploy.example/build?token=abc&x=1", expected: "https://deploy.example/build?…" },
    { url: "https://user:pa55@jenkins.example:8443/job/x", expected: "https://jenkins.example:8443/job/x" },
    { url: "not a url", expected: "(an invalid URL)" },
  ];
  test.each(cases)("$url", ({ url, expected }) => {
    expect(shownUrl(url)).toBe(expected);
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

describe("nextLogText", () => {
  const cases = [
    { written: "", log: "a\n", final: false, expected: { show: "a\n", written: "a\n" } },
    { written: "a\n", log: "a\nb\n", final: false, expected: { show: "b\n", written: "a\nb\n" } },
    { written: "a\nb\n", log: "a\nb\n", final: false, expected: { show: "", written: "a\nb\n" } },
    { written: "a\n", log: "a\nhalf a li", final: false, expected: { show: "", written: "a\n" } },
    { written: "a\n", log: "a\nb\nhalf", final: false, expected: { show: "b\n", written: "a\nb\n" } },
    { written: "a\n", log: "a\nhalf", final: true, expected: { show: "half", written: "a\nhalf" } },
    {
      written: "a\nb\n",
      log: "rewritten\n",
      final: false,
      expected: { show: "rewritten\n", written: "rewritten\n" },
    },
  ];
  test.each(cases)("$written + $log (final: $final)", ({ written, log, final, expected }) => {
    expect(nextLogText(written, log, final)).toEqual(expected);
  });
});
