import type { IncomingMessage, ServerResponse } from "node:http";
import type { Redis } from "ioredis";
import type { Queues } from "../queue/create-queues.ts";
import { JobLogs } from "../queue/job-logs.ts";
import type { JobRecords } from "../queue/job-records.ts";
import { jobPageRoute } from "./job-page-route.ts";
import { jobLinkUrl } from "./signed-job-link.ts";
import type { OperatorLogin, WebSettings } from "./web-settings.ts";

type Route = (req: IncomingMessage, res: ServerResponse) => unknown;

export interface WebRoutes {
  /** `GET /jobs/<id>`; undefined when neither PUBLIC_URL nor OPERATOR_PASSWORD is set (nobody could open it). */
  jobPage: Route | undefined;
  /** `/admin/queues`; undefined unless OPERATOR_PASSWORD is set. */
  adminQueues: Route | undefined;
  /** A fresh signed link to a job's page; undefined unless PUBLIC_URL is set. */
  jobLink: ((id: string) => string) | undefined;
}

/** The job page, the queue dashboard and job links, each only where the settings turn it on. */
export function createWebRoutes(input: {
  web: WebSettings;
  records: JobRecords;
  redis: Redis;
  prefix: string;
  queues: Queues;
  now: () => number;
}): WebRoutes {
  const { web, now } = input;
  const publicUrl = web.publicUrl;
  const logs = new JobLogs(input.redis, input.prefix);
  return {
    jobPage:
      publicUrl !== undefined || web.operator !== undefined
        ? jobPageRoute({ records: input.records, logs, web, now })
        : undefined,
    adminQueues: web.operator === undefined ? undefined : adminQueuesOnFirstUse(input.queues, web.operator),
    jobLink:
      publicUrl === undefined
        ? undefined
        : (id) => jobLinkUrl({ baseUrl: publicUrl, key: web.jobLinkKey, ttlMs: web.jobLinkTtlMs }, id, now()),
  };
}

/** The dashboard (an Express app and its assets) is loaded by its first request, not by every process. */
function adminQueuesOnFirstUse(queues: Queues, operator: OperatorLogin): Route {
  let route: Promise<Route> | undefined;
  return async (req, res) => {
    route ??= import("./admin-queues.ts").then(({ adminQueuesRoute }) => adminQueuesRoute(queues, operator));
    return (await route)(req, res);
  };
}
