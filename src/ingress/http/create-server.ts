import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { MetricsRecorder } from "../../metrics/recorder.ts";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

export interface Routes {
  githubWebhooks: RouteHandler;
  healthz: RouteHandler;
  readyz: RouteHandler;
  /** Present when Slack is configured. */
  slackEvents?: RouteHandler | undefined;
  /** `GET /jobs/<id>`: present when PUBLIC_URL or OPERATOR_PASSWORD is set. */
  jobPage?: RouteHandler | undefined;
  /** Every method under `/admin/queues`: present when OPERATOR_PASSWORD is set. */
  adminQueues?: RouteHandler | undefined;
  /** `GET /metrics`, in Prometheus text format. */
  metrics?: RouteHandler | undefined;
}

export const GITHUB_WEBHOOK_PATH = "/api/github/webhooks";
/** Slack's commands, events and interactivity all arrive here (DESIGN.md). */
export const SLACK_EVENTS_PATH = "/slack/events";

/** One port for every route; bodies are left unread here so signatures are checked on the raw bytes. */
export function createHttpServer(
  routes: Routes,
  onError: (error: unknown) => void,
  metrics?: Pick<MetricsRecorder, "httpRequest">,
): Server {
  return createServer((req, res) => {
    const started = performance.now();
    const path = (req.url ?? "/").split("?")[0];
    res.once("finish", () => {
      const seconds = (performance.now() - started) / 1000;
      metrics?.httpRequest({ path: path ?? "/", method: req.method ?? "", status: res.statusCode, seconds });
    });
    let handler: RouteHandler | undefined;
    if (req.method === "POST" && path === GITHUB_WEBHOOK_PATH) handler = routes.githubWebhooks;
    else if (req.method === "POST" && path === SLACK_EVENTS_PATH && routes.slackEvents)
      handler = routes.slackEvents;
    else if (req.method === "GET" && path === "/healthz") handler = routes.healthz;
    else if (req.method === "GET" && path === "/readyz") handler = routes.readyz;
    else if (req.method === "GET" && path === "/metrics") handler = routes.metrics;
    else if (req.method === "GET" && path?.startsWith("/jobs/")) handler = routes.jobPage;
    else if (path === "/admin/queues" || path?.startsWith("/admin/queues/")) handler = routes.adminQueues;
    if (!handler) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found\n");
      return;
    }
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      onError(error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end("Internal error\n");
    });
  });
}
