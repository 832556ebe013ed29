import type { CheckCalls } from "../github/check-calls.ts";
import { isFinal } from "../jobs/job-view.ts";
import type { JobRecord } from "../queue/job-records.ts";
import type { MirrorProgress } from "./github-mirror.ts";
import { renderCheckRun } from "./render/check-run.ts";
import { ANNOTATIONS_PER_REQUEST, parseAnnotations } from "./render/check-run-annotations.ts";

/**
 * Brings a check job's check run up to date with its record: created once, then updated in place;
 * when the job ends, the annotations found in its output follow, 50 per request as GitHub allows
 * (each request adds to the ones before). Marks keep a retry from repeating what landed.
 */
export async function mirrorToCheckRun(
  github: Pick<CheckCalls, "createCheckRun" | "updateCheckRun">,
  record: JobRecord,
  progress: MirrorProgress,
  now: number,
): Promise<void> {
  const target = record.targets.checkRun;
  if (target === undefined) return;
  const { view, version, marks } = record;
  const repo = { owner: record.targets.owner, repo: record.targets.repo };
  const final = isFinal(view.state);
  const fields = renderCheckRun(view, target.name, now);
  const annotations = final ? parseAnnotations(view.output, view.state !== "succeeded") : [];
  let id = marks.checkRunId === undefined ? undefined : Number(marks.checkRunId);
  let sent = Number(marks.checkRunAnnotations ?? 0);
  if (Number(marks.checkRunVersion ?? 0) < version) {
    const batch = final ? annotations.slice(sent, sent + ANNOTATIONS_PER_REQUEST) : [];
    const shown = { ...fields, output: { ...fields.output, annotations: batch } };
    if (id === undefined) {
      id = await github.createCheckRun(repo, { name: target.name, headSha: view.sha, ...shown });
      await progress.mark("checkRunId", id);
    } else {
      await github.updateCheckRun(repo, id, shown);
    }
    if (batch.length > 0) {
      sent += batch.length;
      await progress.mark("checkRunAnnotations", sent);
    }
    await progress.mark("checkRunVersion", version);
  }
  // Every request repeats the output: GitHub would otherwise show only the last request's text.
  while (id !== undefined && final && sent < annotations.length) {
    const batch = annotations.slice(sent, sent + ANNOTATIONS_PER_REQUEST);
    await github.updateCheckRun(repo, id, { ...fields, output: { ...fields.output, annotations: batch } });
    sent += batch.length;
    await progress.mark("checkRunAnnotations", sent);
  }
}
