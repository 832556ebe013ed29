import { taskJobId } from "../../src/jobs/task-job.schema.ts";
import { JobRecords } from "../../src/queue/job-records.ts";
import { STATE_EMOJI } from "../../src/reporting/render/status-headline.ts";
import { statusCommentMarker } from "../../src/reporting/render/status-marker.ts";
import type { RecordedCall } from "../../test/support/fake-github.ts";
import type { BenchApp } from "../support/bench-app.ts";
import { firstCall, isFinalReaction, reactionOn, waitForCall } from "../support/call-watch.ts";
import { sendOne } from "../support/send-one.ts";
import { type Summary, summarise } from "../support/stats.ts";

export interface CommentLatency {
  deliveries: number;
  eyes: Summary;
  /** Until GitHub first shows the job past "queued": running, or already finished when running was never shown. */
  running: Summary;
  /** Which signal showed it first: the status comment or the deployment status. */
  firstSignal: { comment: number; deployment: number; same: number };
  /** Deploys whose first shown state after "queued" was already the final one (🚧 / in_progress never shown). */
  runningNotShown: number;
  /** Send → final 🚀, for context. */
  deploy: Summary;
  /** Deliveries with no final reaction in time, or a non-2xx answer. */
  lost: number;
  capped: boolean;
}

/** A write of this job's status comment whose headline is past "queued", with that headline. */
function statusHeadline(call: RecordedCall, taskId: string): string | undefined {
  const isStatusWrite =
    (call.method === "POST" && call.path === "/repos/acme/shop/issues/7/comments") ||
    (call.method === "PATCH" && call.path.startsWith("/repos/acme/shop/issues/comments/"));
  if (!isStatusWrite) return undefined;
  const body = (call.body as { body?: unknown } | undefined)?.body;
  if (typeof body !== "string" || !body.startsWith(statusCommentMarker(taskId))) return undefined;
  const headline = body.split("\n", 2)[1] ?? "";
  return headline.startsWith(STATE_EMOJI.queued) ? undefined : headline;
}

/** The state of a deployment status for this deployment, unless it is "queued". */
function deploymentState(call: RecordedCall, deploymentId: number | undefined): string | undefined {
  if (deploymentId === undefined || call.method !== "POST") return undefined;
  if (call.path !== `/repos/acme/shop/deployments/${deploymentId}/statuses`) return undefined;
  const state = (call.body as { state?: unknown } | undefined)?.state;
  return typeof state === "string" && state !== "queued" ? state : undefined;
}

/**
 * Sends `count` deliveries one after another, each once the previous deploy has ended, and
 * times comment → 👀 and comment → running from the fake GitHub's own call timestamps.
 */
export async function measureCommentLatency(
  bench: BenchApp,
  count: number,
  firstCommentId: number,
  capMs: number,
): Promise<CommentLatency> {
  const github = bench.app.github;
  const records = new JobRecords(bench.app.redis, bench.app.prefix);
  const eyes: number[] = [];
  const running: number[] = [];
  const deploy: number[] = [];
  const firstSignal = { comment: 0, deployment: 0, same: 0 };
  let runningNotShown = 0;
  let lost = 0;
  let capped = false;
  const started = Date.now();
  let sent = 0;
  for (; sent < count; sent++) {
    if (Date.now() - started > capMs) {
      capped = true;
      break;
    }
    const commentId = firstCommentId + sent;
    const taskId = taskJobId(String(commentId), 1);
    const from = github.calls.length;
    const { status, sentAt } = await sendOne(bench.app.url, bench.template, commentId);
    const final = await waitForCall(github, from, (c) => isFinalReaction(c, commentId), 20_000);
    if (status < 200 || status > 299 || !final) {
      lost++;
      continue;
    }
    deploy.push(final.at - sentAt);
    const eye = firstCall(github, from, (c) => reactionOn(c, commentId) === "eyes");
    if (eye) eyes.push(eye.at - sentAt);
    const deploymentId = (await records.load(taskId))?.targets.deploymentId;
    const comment = firstCall(github, from, (c) => statusHeadline(c, taskId) !== undefined);
    const deployment = firstCall(github, from, (c) => deploymentState(c, deploymentId) !== undefined);
    const commentAt = comment?.at ?? Number.POSITIVE_INFINITY;
    const deploymentAt = deployment?.at ?? Number.POSITIVE_INFINITY;
    const first = Math.min(commentAt, deploymentAt);
    if (!Number.isFinite(first)) {
      lost++;
      continue;
    }
    running.push(first - sentAt);
    if (commentAt < deploymentAt) firstSignal.comment++;
    else if (deploymentAt < commentAt) firstSignal.deployment++;
    else firstSignal.same++;
    const shownRunning =
      (comment !== undefined && statusHeadline(comment, taskId)?.startsWith(STATE_EMOJI.running)) ||
      (deployment !== undefined && deploymentState(deployment, deploymentId) === "in_progress");
    if (!shownRunning) runningNotShown++;
  }
  return {
    deliveries: sent,
    eyes: summarise(eyes),
    running: summarise(running),
    firstSignal,
    runningNotShown,
    deploy: summarise(deploy),
    lost,
    capped,
  };
}
