import { createHash, createHmac, randomUUID } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { recordFigure } from "../support/figures.ts";
import { createLocalRepo, type LocalRepo } from "../support/git-repo.ts";
import { prComment, type Running, sendWebhook, startShipmate, WEBHOOK_SECRET } from "../support/harness.ts";
import { eventually, reactionsOn } from "../support/pr-thread.ts";
import { FootprintWatch, messageOf } from "./support/footprint.ts";

/** A delivery as it goes on the wire: the exact body bytes and the signature headers, repeats allowed. */
interface Delivery {
  body: string;
  signatures: [string, string][];
}

/** Turns a correctly signed `/deploy` delivery into a forged one. */
type Forge = (signed: { body: string; signature: string }) => Delivery | Promise<Delivery>;

const withSignature = (body: string, signature: string): Delivery => ({
  body,
  signatures: [["x-hub-signature-256", signature]],
});
const hex = (signature: string) => signature.slice("sha256=".length);
const flipLastDigit = (signature: string) => signature.slice(0, -1) + (signature.endsWith("0") ? "1" : "0");

const sha1Signature = (body: string) =>
  `sha1=${createHmac("sha1", WEBHOOK_SECRET).update(body).digest("hex")}`;

const FORGERIES: [string, Forge][] = [
  ["no signature header", ({ body }) => ({ body, signatures: [] })],
  [
    // GitHub still sends the SHA-1 header beside the SHA-256 one; SHA-1 alone is not enough.
    "only x-hub-signature, a correct sha1= with the right secret",
    ({ body }) => ({ body, signatures: [["x-hub-signature", sha1Signature(body)]] }),
  ],
  ["that correct sha1= in x-hub-signature-256", ({ body }) => withSignature(body, sha1Signature(body))],
  ["one hex digit wrong", ({ body, signature }) => withSignature(body, flipLastDigit(signature))],
  ["one hex digit short", ({ body, signature }) => withSignature(body, signature.slice(0, -1))],
  ["one hex digit too many", ({ body, signature }) => withSignature(body, `${signature}0`)],
  ["an empty sha256=", ({ body }) => withSignature(body, "sha256=")],
  // GitHub sends a lower-case hex digest after `sha256=`. Its Ruby, Python and TypeScript (octokit's
  // verify, which Shipmate uses) examples compare the whole header as text, so a right digest in upper
  // case is refused; only its Web Crypto example decodes the hex and would take it. Refused here.
  ["upper-case hex", ({ body, signature }) => withSignature(body, `sha256=${hex(signature).toUpperCase()}`)],
  ["upper-case algorithm, SHA256=", ({ body, signature }) => withSignature(body, `SHA256=${hex(signature)}`)],
  [
    "the body changed by one byte after signing",
    ({ body, signature }) => withSignature(body.replace("/deploy staging", "/deploy stagIng"), signature),
  ],
  [
    "signed with the wrong secret",
    async ({ body }) => withSignature(body, await sign(`${WEBHOOK_SECRET}-old`, body)),
  ],
  [
    "a plain SHA-256 of the body, no secret",
    ({ body }) => withSignature(body, `sha256=${createHash("sha256").update(body).digest("hex")}`),
  ],
  [
    "the correct signature of another delivery",
    async ({ body }) => withSignature(body, await sign(WEBHOOK_SECRET, body.replace("}", ',"x":1}'))),
  ],
  [
    "two signature headers, the first one correct",
    ({ body, signature }) => ({
      body,
      signatures: [
        ["x-hub-signature-256", signature],
        ["x-hub-signature-256", `sha256=${"0".repeat(64)}`],
      ],
    }),
  ],
];

const CONFIG = `environments:
  staging:
    deploy: 'true'
`;

let app: Running;
let repo: LocalRepo;
let watch: FootprintWatch;
const logLines: string[] = [];
const refused: string[] = [];
let jobsQueuedByForgeries = 0;

beforeAll(async () => {
  repo = createLocalRepo();
  const sha = repo.commit({ README: "forged ingress\n" }, "first");
  app = await startShipmate({}, { logLines });
  app.github.addRepo({
    owner: "acme",
    name: "shop",
    config: CONFIG,
    roles: { alice: "write" },
    pulls: [{ number: 7, headSha: sha, headRef: "feature/x" }],
    cloneUrl: repo.cloneUrl,
  });
  watch = new FootprintWatch(app, logLines);
});

afterAll(async () => {
  await watch?.close();
  await app?.stop();
  repo?.remove();
});

/** The body of a `/deploy staging` comment that alice (write access) makes on acme/shop#7. */
function deployCommentBody(commentId: number): string {
  return JSON.stringify(prComment({ body: "/deploy staging", commentId, cloneUrl: repo.cloneUrl }));
}

async function post(url: string, delivery: Delivery): Promise<{ status: number; text: string }> {
  const headers = new Headers({
    "content-type": "application/json",
    "x-github-event": "issue_comment",
    "x-github-delivery": randomUUID(),
  });
  for (const [name, value] of delivery.signatures) headers.append(name, value);
  const response = await fetch(`${url}/api/github/webhooks`, {
    method: "POST",
    headers,
    body: delivery.body,
  });
  return { status: response.status, text: await response.text() };
}

// Forgeries first, the control after them: until the control, the intake queue must stay empty.
describe("a /deploy delivery that would be queued if signed correctly", () => {
  test.each(FORGERIES.map(([name, forge], i) => [name, forge, 70_100 + i] as const))(
    "%s: 401, nothing queued, no GitHub call, nothing logged as accepted",
    async (name, forge, commentId) => {
      const body = deployCommentBody(commentId);
      const mark = await watch.mark();
      // The route answers only after the handler has queued (or not), so the footprint is complete now.
      const answer = await post(app.url, await forge({ body, signature: await sign(WEBHOOK_SECRET, body) }));
      const footprint = await watch.since(mark);
      jobsQueuedByForgeries += footprint.jobsAdded.length;
      // Counted on this request's own effects: once one forgery gets through, the work it started shows
      // in the rows after it too, and they fail with it.
      if (answer.status === 401 && footprint.jobsAdded.length === 0) refused.push(name);
      expect({ status: answer.status, ...footprint }).toEqual({
        status: 401,
        jobsAdded: [],
        intakeJobs: 0,
        githubCalls: [],
        slackCalls: [],
        acceptedLines: [],
      });
    },
  );

  test("control: signed correctly, it is queued, reaches GitHub and is logged as accepted", async () => {
    const commentId = 70_999;
    const body = deployCommentBody(commentId);
    const mark = await watch.mark();
    const answer = await post(app.url, withSignature(body, await sign(WEBHOOK_SECRET, body)));
    const footprint = await watch.since(mark);
    expect(answer).toEqual({ status: 202, text: "queued\n" });
    expect(footprint.jobsAdded).toEqual([`comment-${commentId}`]);
    expect(footprint.intakeJobs).toBe(1);
    expect(footprint.acceptedLines.map(messageOf)).toContain("webhook delivery recorded");

    // The 🚀 is the last thing the deploy does: after it, nothing of this job is still running.
    await eventually(
      () => (reactionsOn(app, commentId).includes("rocket") ? true : undefined),
      15_000,
      "the control deploy's 🚀",
    );
    const done = await watch.since(mark);
    expect(done.githubCalls).toContain(`POST /repos/acme/shop/issues/comments/${commentId}/reactions`);
    expect(done.acceptedLines.map(messageOf)).toContain("audit");
  });

  test("every forgery in the table was refused", (context) => {
    recordFigure(context, "forged GitHub deliveries refused", `${refused.length}/${FORGERIES.length}`);
    recordFigure(context, "jobs queued by forged GitHub deliveries", jobsQueuedByForgeries);
    expect(refused).toHaveLength(FORGERIES.length);
    expect(jobsQueuedByForgeries).toBe(0);
  });
});

// https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
const PUBLISHED = {
  secret: "It's a Secret to Everybody",
  payload: "Hello, World!",
  signature: "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
};

describe("GitHub's published test vector", () => {
  test("passes the signature check, then is refused 400 for not being JSON", async (context) => {
    const lines: string[] = [];
    // Web role only: nothing here should reach a worker, and none is needed to see it.
    const web = await startShipmate({ WEBHOOK_SECRET: PUBLISHED.secret, ROLE: "web" }, { logLines: lines });
    try {
      const vector = await post(web.url, withSignature(PUBLISHED.payload, PUBLISHED.signature));
      const mismatches = () => lines.filter((l) => messageOf(l) === "webhook signature does not match");
      expect(vector).toEqual({ status: 400, text: "Invalid JSON\n" });
      expect(mismatches()).toEqual([]);

      const altered = await post(
        web.url,
        withSignature(PUBLISHED.payload, flipLastDigit(PUBLISHED.signature)),
      );
      expect(altered).toEqual({ status: 401, text: "Signature does not match\n" });
      expect(mismatches()).toHaveLength(1);
      recordFigure(context, "GitHub published test vector", "verified");
    } finally {
      await web.stop();
    }
  });
});

describe("rotating the secret with WEBHOOK_SECRET=new,old", () => {
  const NEW = "rotation-new-secret-5b2e";
  const OLD = "rotation-old-secret-c71a";
  const THIRD = "rotation-third-secret-90fd";
  let nextComment = 71_000;

  /** Signs a `/deploy` with `secret`; says how it was answered and whether its intake job exists. */
  async function deliverSignedWith(web: Running, secret: string): Promise<[number, boolean]> {
    nextComment += 1;
    const payload = prComment({ body: "/deploy staging", commentId: nextComment });
    const response = await sendWebhook(web.url, "issue_comment", payload, { secret });
    await response.text();
    const queued = await web.redis.exists(`${web.prefix}:intake:comment-${nextComment}`);
    return [response.status, queued === 1];
  }

  test("while both are listed both are queued and a third is refused; with only new, old is refused", async () => {
    // Web role only: the queued jobs stay waiting where the test can see them.
    const during = await startShipmate({ WEBHOOK_SECRET: `${NEW},${OLD}`, ROLE: "web" });
    try {
      expect(await deliverSignedWith(during, NEW)).toEqual([202, true]);
      expect(await deliverSignedWith(during, OLD)).toEqual([202, true]);
      expect(await deliverSignedWith(during, THIRD)).toEqual([401, false]);
    } finally {
      await during.stop();
    }
    const after = await startShipmate({ WEBHOOK_SECRET: NEW, ROLE: "web" });
    try {
      expect(await deliverSignedWith(after, OLD)).toEqual([401, false]);
      expect(await deliverSignedWith(after, NEW)).toEqual([202, true]);
    } finally {
      await after.stop();
    }
  });
});
