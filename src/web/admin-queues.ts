import type { IncomingMessage, ServerResponse } from "node:http";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Queue } from "bullmq";
import { checkOperator, OPERATOR_CHALLENGE } from "./operator-auth.ts";
import { JOB_PAGE_PREFIX } from "./signed-job-link.ts";
import type { OperatorLogin } from "./web-settings.ts";

/** Where the queue dashboard is served. */
export const ADMIN_QUEUES_PATH = "/admin/queues";

/** True for `/admin/queues` and every path under it. */
export function isAdminQueuesPath(path: string): boolean {
  return path === ADMIN_QUEUES_PATH || path.startsWith(`${ADMIN_QUEUES_PATH}/`);
}

/**
 * `/admin/queues`: the BullMQ dashboard, read-only, behind the operator login. Read-only because a
 * task job retried or added from there would run a deploy outside the record, the line and its gates.
 * The dashboard is a small Express app of its own: nothing else on the server passes through it.
 */
export function adminQueuesRoute(
  queues: { intake: Queue; tasks: Queue; reports: Queue },
  operator: OperatorLogin,
) {
  const board = new ExpressAdapter().setBasePath(ADMIN_QUEUES_PATH);
  const readOnly = { readOnlyMode: true } as const;
  createBullBoard({
    queues: [
      new BullMQAdapter(queues.intake, { ...readOnly, description: "Commands waiting to be read" }),
      new BullMQAdapter(queues.tasks, {
        ...readOnly,
        description: "Deploys and other tasks",
        // The operator is signed in on this origin, so the job page opens without a signed link.
        externalJobUrl: (job) => ({ displayText: "Job page", href: `${JOB_PAGE_PREFIX}${job.id ?? ""}` }),
      }),
      new BullMQAdapter(queues.reports, { ...readOnly, description: "Status comment and Slack updates" }),
    ],
    serverAdapter: board,
    options: { uiConfig: { boardTitle: "Shipmate queues" } },
  });
  const app = board.getRouter() as (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (checkOperator(req.headers.authorization, operator) !== "valid") {
      res
        .writeHead(401, {
          "content-type": "text/plain; charset=utf-8",
          "www-authenticate": OPERATOR_CHALLENGE,
        })
        .end("The queue dashboard needs the operator login (OPERATOR_USER and OPERATOR_PASSWORD).\n");
      return;
    }
    res.setHeader("cache-control", "no-store");
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("referrer-policy", "no-referrer");
    res.setHeader("x-frame-options", "DENY");
    // The board's routes are relative to where it is mounted, as Express's app.use would make them.
    const url = req.url ?? "/";
    req.url = url.slice(ADMIN_QUEUES_PATH.length) || "/";
    if (req.url.startsWith("?")) req.url = `/${req.url}`;
    app(req, res, () => {
      if (!res.headersSent) res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
    });
  };
}
