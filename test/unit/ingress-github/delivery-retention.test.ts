import type { IncomingMessage } from "node:http";
import { PassThrough } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { Queue } from "bullmq";
import { expect, test } from "vitest";
import { onIssueComment } from "../../../src/ingress/github/on-issue-comment.ts";
import { readBody } from "../../../src/ingress/http/read-body.ts";
import { createLogger } from "../../../src/shared/logger.ts";

// A delivery that stays reachable while Redis answers outlives the young generation and is copied into
// the old one: under load, with `npm start`'s small young generation, that is most of the collector's work.
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

async function collected(ref: WeakRef<object>): Promise<boolean> {
  await new Promise((resolve) => setImmediate(resolve));
  collect();
  return ref.deref() === undefined;
}

test("once its body is read, the request no longer keeps it reachable", async () => {
  const req = new PassThrough();
  req.end(Buffer.from(JSON.stringify({ padding: "x".repeat(20_000) })));
  const ref = await (async () => new WeakRef(await readBody(req as unknown as IncomingMessage, 1 << 20)))();
  expect(await collected(ref)).toBe(true);
  // The request is still alive, with the listeners that used to hold the body.
  expect(req.listenerCount("close")).toBeGreaterThan(0);
});

test("a comment's payload is not kept while its intake job is being recorded", async () => {
  let release: (() => void) | undefined;
  const intake = { add: () => new Promise<void>((resolve) => (release = resolve)) } as unknown as Queue;
  const log = createLogger("silent", []);
  let ref: WeakRef<object> | undefined;
  const recording = (() => {
    const payload = commentPayload();
    ref = new WeakRef(payload);
    return onIssueComment({ intake, log }, "delivery-1", payload);
  })();
  expect(release).toBeDefined();
  expect(ref && (await collected(ref))).toBe(true);
  release?.();
  expect(await recording).toBe("queued");
});

function commentPayload() {
  const user = { login: "alice", id: 1, type: "User" };
  return {
    action: "created",
    installation: { id: 1 },
    issue: { number: 7, pull_request: { url: "https://github.example/pulls/7" }, body: "x".repeat(20_000) },
    comment: { id: 42, body: "/deploy staging", user },
    repository: {
      id: 9,
      name: "shop",
      owner: { login: "acme" },
      default_branch: "main",
      clone_url: "https://github.example/acme/shop.git",
      html_url: "https://github.example/acme/shop",
    },
    sender: user,
  };
}
