import type { JobView } from "../jobs/job-view.ts";
import { formatTimestamp } from "../reporting/render/text.ts";
import { formatDuration } from "../shared/format-duration.ts";
import { escapeHtml, htmlLink } from "./html.ts";

/** The rows of a job page's facts table: a label and its value, already HTML. */
export function jobPageFacts(view: JobView, now: number): [string, string][] {
  const repo = view.repository;
  const rows: [string, string | undefined][] = [
    ["Job", escapeHtml(view.id)],
    ["State", escapeHtml(view.state.replaceAll("_", " "))],
    ["Repository", htmlLink(`${repo.owner}/${repo.name}`, repo.htmlUrl)],
    [
      "Pull request",
      view.pullRequest === undefined
        ? undefined
        : htmlLink(`#${view.pullRequest}`, `${repo.htmlUrl}/pull/${view.pullRequest}`),
    ],
    ["Environment", view.environment === "" ? undefined : htmlLink(view.environment, view.environmentUrl)],
    ["Commit", `<code>${escapeHtml(view.sha)}</code>${view.ref === "" ? "" : ` (${escapeHtml(view.ref)})`}`],
    ["Requested by", escapeHtml(view.actor)],
    ["Dry run", view.dryRun ? "yes" : undefined],
    ["Parameters", renderParams(view.params)],
    ["Queued", escapeHtml(formatTimestamp(view.queuedAt))],
    ["Started", timeAfter(view.startedAt, view.queuedAt, "waited")],
    ["Finished", timeAfter(view.finishedAt, view.startedAt, "ran")],
    ["Running for", running(view, now)],
    ["Exit code", view.exitCode == null ? undefined : String(view.exitCode)],
    ["Stopped by", view.cancelledBy === undefined ? undefined : escapeHtml(view.cancelledBy)],
    ["Deployment", view.deploymentUrl === undefined ? undefined : htmlLink("view", view.deploymentUrl)],
  ];
  return rows.flatMap(([label, value]) => (value === undefined ? [] : [[label, value]]));
}

function renderParams(params: Readonly<Record<string, string>>): string | undefined {
  const entries = Object.entries(params);
  if (entries.length === 0) return undefined;
  return entries.map(([key, value]) => `<code>${escapeHtml(`${key}=${value}`)}</code>`).join(" ");
}

function timeAfter(at: number | undefined, since: number | undefined, verb: string): string | undefined {
  if (at === undefined) return undefined;
  const after = since === undefined ? "" : ` (${verb} ${formatDuration(at - since)})`;
  return escapeHtml(`${formatTimestamp(at)}${after}`);
}

function running(view: JobView, now: number): string | undefined {
  if (view.state !== "running" || view.startedAt === undefined) return undefined;
  return escapeHtml(formatDuration(now - view.startedAt));
}
