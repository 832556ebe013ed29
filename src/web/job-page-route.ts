import type { IncomingMessage, ServerResponse } from "node:http";
import type { JobLogs } from "../queue/job-logs.ts";
import type { JobRecords } from "../queue/job-records.ts";
import { decideJobPageAccess } from "./job-page-access.ts";
import { checkOperator, OPERATOR_CHALLENGE } from "./operator-auth.ts";
import { pageHeaders, sendText } from "./page-headers.ts";
import { JOB_PAGE_STYLE_HASH, renderJobPage } from "./render-job-page.ts";
import { checkJobLink, JOB_PAGE_PREFIX } from "./signed-job-link.ts";
import type { WebSettings } from "./web-settings.ts";

export interface JobPageDeps {
  records: JobRecords;
  logs: JobLogs;
  web: WebSettings;
  now: () => number;
}

// The shape of every job id Shipmate makes (`task-<comment>-<line>`, check and Slack ids alike).
const JOB_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** `GET /jobs/<id>`: one job's state, times and full masked log, for a signed link or an operator. */
export function jobPageRoute(deps: JobPageDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://shipmate.invalid");
    const id = url.pathname.slice(JOB_PAGE_PREFIX.length);
    if (!JOB_ID.test(id)) {
      sendText(res, 404, "Not a job page: job ids are letters, digits, `_` and `-`, such as task-123456-1.");
      return;
    }
    const exp = url.searchParams.get("exp");
    const sig = url.searchParams.get("sig");
    const access = decideJobPageAccess({
      operator: checkOperator(req.headers.authorization, deps.web.operator),
      link:
        exp === null && sig === null
          ? undefined
          : checkJobLink(deps.web.jobLinkKey, id, exp, sig, deps.now()),
      operatorsEnabled: deps.web.operator !== undefined,
    });
    // Access is decided before the job is looked up, so nobody can learn which job ids exist.
    if (access.kind === "refused") {
      sendText(
        res,
        access.status,
        access.message,
        access.challenge ? { "www-authenticate": OPERATOR_CHALLENGE } : {},
      );
      return;
    }
    const record = await deps.records.load(id);
    if (record === undefined) {
      sendText(res, 404, `There is no job ${id} (any more): job records are kept 30 days.`);
      return;
    }
    const log = await deps.logs.read(id);
    const html = renderJobPage(record.view, log, deps.now());
    res.writeHead(200, pageHeaders("text/html; charset=utf-8", JOB_PAGE_STYLE_HASH)).end(html);
  };
}
