import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Summary, summarise } from "../support/stats.ts";
import { LINE_ENVIRONMENTS, LINE_PULLS, type LineApp } from "./line-app.ts";
import { waitForFinals } from "./line-finals.ts";
import { checkRuns } from "./line-runs.ts";

export interface HandOver {
  jobs: number;
  /** Deliveries answered 2xx. */
  accepted: number;
  /** Jobs whose command got its final reaction in time. */
  finished: number;
  /** From sending the first comment to the last job's final reaction; undefined when not all came. */
  drainMs: number | undefined;
  /** From the first task start to the last task end, as the tasks themselves wrote them. */
  tasksSpanMs: number | undefined;
  /** One run's end to the next run's start, as the tasks wrote them. */
  gaps: Summary;
  /** Most runs under way at one instant: 1 is right, more is an overlap. */
  mostAtOnce: number;
  /** Pull requests that did not run exactly once. */
  notOnce: number[];
}

/** Sends `jobs` `/deploy staging` comments from as many pull requests at once and reads how the line drained. */
export async function measureHandOver(line: LineApp, jobs: number, timeoutMs: number): Promise<HandOver> {
  const github = line.app.github;
  const pulls = Array.from({ length: jobs }, (_, i) => LINE_PULLS.handOver(i));
  const commentIds = pulls.map((pr) => 30_000 + pr);
  const from = github.calls.length;
  const sent = await Promise.all(
    pulls.map((pr, i) => line.comment(pr, `/deploy ${LINE_ENVIRONMENTS.handOver}`, commentIds[i] ?? 0)),
  );
  const firstSent = Math.min(...sent.map((s) => s.sentAt));
  const finals = await waitForFinals(github, from, commentIds, timeoutMs);
  const check = checkRuns(readRuns(line.dir), pulls);
  const span =
    check.firstStartNs !== undefined && check.lastEndNs !== undefined
      ? Number(check.lastEndNs - check.firstStartNs) / 1e6
      : undefined;
  return {
    jobs,
    accepted: sent.filter((s) => s.status >= 200 && s.status < 300).length,
    finished: finals.size,
    drainMs: finals.size === jobs ? Math.max(...finals.values()) - firstSent : undefined,
    tasksSpanMs: span,
    gaps: summarise(check.gapsMs),
    mostAtOnce: check.mostAtOnce,
    notOnce: check.notOnce,
  };
}

function readRuns(dir: string): string {
  try {
    return readFileSync(join(dir, "runs"), "utf8");
  } catch {
    return "";
  }
}
