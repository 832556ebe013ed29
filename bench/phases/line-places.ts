import { setTimeout as sleep } from "node:timers/promises";
import { taskJobId } from "../../src/jobs/task-job.schema.ts";
import { JobRecords } from "../../src/queue/job-records.ts";
import { LINE_ENVIRONMENTS, LINE_PULLS, type LineApp } from "./line-app.ts";
import { waitForFinals } from "./line-finals.ts";
import { type StatusWrite, showsWaiting, statusWrite } from "./line-status.ts";

/** What one job that waited behind others cost in status-comment writes. */
export interface WaitingJobWrites {
  /** Edits (PATCH) made while its comment showed it waiting. */
  whileWaiting: number;
  /** Of those, edits that changed the "Nth in line …, behind …" sentence: the place updates proper. */
  placeChanged: number;
  /** Of those, edits whose body was the same as the write before. */
  unchanged: number;
  /** Edits once its turn came (running, final). */
  afterWaiting: number;
}

export interface PlaceUpdates {
  waiting: number;
  /** The waiting jobs in the order they ran. */
  jobs: WaitingJobWrites[];
  /** Every GitHub call from the first command to the last final reaction, all six deploys together. */
  githubCalls: number;
  /** Deploys (of the six) whose command got its final reaction in time. */
  finished: number;
}

const WAITING = 5;

/** With one `sleep 2` deploy running and five more waiting behind it, counts their status-comment edits. */
export async function measurePlaceUpdates(line: LineApp, timeoutMs: number): Promise<PlaceUpdates> {
  const github = line.app.github;
  const records = new JobRecords(line.app.redis, line.app.prefix);
  const deploy = `/deploy ${LINE_ENVIRONMENTS.places}`;
  const commentIds = Array.from({ length: WAITING + 1 }, (_, i) => 32_000 + i);
  const from = github.calls.length;
  await line.comment(LINE_PULLS.places(0), deploy, 32_000);
  const deadline = Date.now() + timeoutMs;
  while (
    (await records.load(taskJobId(String(32_000), 1)))?.view.state !== "running" &&
    Date.now() < deadline
  ) {
    await sleep(5);
  }
  await Promise.all(commentIds.slice(1).map((id, i) => line.comment(LINE_PULLS.places(i + 1), deploy, id)));
  const finals = await waitForFinals(github, from, commentIds, Math.max(0, deadline - Date.now()));
  const end = finals.size === commentIds.length ? Math.max(...finals.values()) : Date.now();
  const window = github.calls.slice(from).filter((call) => call.at <= end);
  const jobs = commentIds.slice(1).map((id) => {
    const writes = window.flatMap((call) => statusWrite(call, taskJobId(String(id), 1)) ?? []);
    const waitingEdits = writes.filter((w) => w.kind === "edit" && showsWaiting(w));
    const before = (w: StatusWrite) => writes[writes.indexOf(w) - 1];
    return {
      turnAt: writes.find((w) => !showsWaiting(w))?.at ?? Number.POSITIVE_INFINITY,
      whileWaiting: waitingEdits.length,
      placeChanged: waitingEdits.filter((w) => placeOf(w) !== placeOf(before(w))).length,
      unchanged: waitingEdits.filter((w) => w.body === before(w)?.body).length,
      afterWaiting: writes.filter((w) => w.kind === "edit" && !showsWaiting(w)).length,
    };
  });
  return {
    waiting: WAITING,
    jobs: jobs.sort((a, b) => a.turnAt - b.turnAt).map(({ turnAt: _, ...counts }) => counts),
    githubCalls: window.length,
    finished: finals.size,
  };
}

/** The sentence that gives a waiting job's place, e.g. "2nd in line for **demo**, behind #41 by @alice." */
function placeOf(write: StatusWrite | undefined): string | undefined {
  return write?.body.split("\n").find((line) => line.includes(" in line for "));
}

/** The waiting jobs' writes added up. */
export function placeTotals(p: PlaceUpdates): WaitingJobWrites {
  const sum = (pick: (j: WaitingJobWrites) => number) => p.jobs.reduce((n, j) => n + pick(j), 0);
  return {
    whileWaiting: sum((j) => j.whileWaiting),
    placeChanged: sum((j) => j.placeChanged),
    unchanged: sum((j) => j.unchanged),
    afterWaiting: sum((j) => j.afterWaiting),
  };
}
