import { createHash } from "node:crypto";
import { isFinal, type JobView } from "../jobs/job-view.ts";
import { JOB_LOG_CAP_BYTES, JOB_LOG_TTL_SECONDS, type JobLog } from "../queue/job-logs.ts";
import { TASK_NOUN } from "../reporting/render/job-summary.ts";
import { cleanTerminalText, shortSha } from "../reporting/render/markdown.ts";
import { escapeHtml } from "./html.ts";
import { jobPageFacts } from "./job-page-facts.ts";

const STYLE = `body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem}th{text-align:left;padding-right:1rem;vertical-align:top;color:#59636e}
.problem{border-left:4px solid #d1242f;padding-left:.75rem}.note{color:#59636e}
pre{background:#f6f8fa;padding:1rem;overflow:auto;white-space:pre-wrap;word-break:break-all}`;

/** The CSP source that allows the page's one inline style and nothing else. */
export const JOB_PAGE_STYLE_HASH = `sha256-${createHash("sha256").update(STYLE).digest("base64")}`;

const REFRESH_SECONDS = 10;
const CAP_TEXT = `${JOB_LOG_CAP_BYTES / (1024 * 1024)} MiB`;
const LOG_DAYS = JOB_LOG_TTL_SECONDS / 86_400;

/** One job's page: headline, what went wrong, facts and its log (`log`, or else the tail kept with the job). */
export function renderJobPage(view: JobView, log: JobLog | undefined, now: number): string {
  const noun = view.rollback === undefined ? TASK_NOUN[view.task] : "rollback";
  const where = view.environment === "" ? "" : ` · ${view.environment}`;
  const title = `${noun[0]?.toUpperCase()}${noun.slice(1)} of ${view.repository.owner}/${view.repository.name}@${shortSha(view.sha)}${where}: ${view.state.replaceAll("_", " ")}`;
  const facts = jobPageFacts(view, now)
    .map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${value}</td></tr>`)
    .join("\n");
  const problem =
    view.problem === undefined || view.state === "succeeded"
      ? ""
      : `<p class="problem">${escapeHtml(view.problem).replaceAll("\n", "<br>")}</p>\n`;
  // A running job's page reloads itself: no script needed to follow the log.
  const refresh = isFinal(view.state) ? "" : `<meta http-equiv="refresh" content="${REFRESH_SECONDS}">\n`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
${refresh}<title>${escapeHtml(title)} · Shipmate</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${problem}<table>
${facts}
</table>
<h2>Log</h2>
${renderLog(view, log)}
</body>
</html>
`;
}

function renderLog(view: JobView, log: JobLog | undefined): string {
  if (log !== undefined) {
    const cut =
      log.droppedBytes > 0
        ? note(
            `Only the last ${CAP_TEXT} of a log is kept: the first ${log.droppedBytes.toLocaleString("en-US")} bytes of this one were dropped.`,
          )
        : "";
    return `${cut}${pre(log.text)}`;
  }
  if (view.output !== "") {
    return `${note(`The full log is not kept (logs are kept ${LOG_DAYS} days): this is the end of the output, kept with the job.`)}${pre(view.output)}`;
  }
  return note(isFinal(view.state) ? "This job wrote no output." : "No output yet.");
}

function note(text: string): string {
  return `<p class="note">${escapeHtml(text)}</p>\n`;
}

function pre(text: string): string {
  return `<pre>${escapeHtml(cleanTerminalText(text))}</pre>`;
}
