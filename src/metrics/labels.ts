// Every label value comes from one of these closed sets, so no request can add a series: a header, a path
// or a method name sent by anyone ends up as "other" unless Shipmate itself knows it.

// The events Shipmate handles, and the ones GitHub sends an App whatever it subscribes to.
const GITHUB_EVENTS = new Set([
  "issue_comment",
  "push",
  "pull_request",
  "check_run",
  "check_suite",
  "ping",
  "installation",
  "installation_repositories",
  "installation_target",
  "github_app_authorization",
  "meta",
  "pull_request_review",
  "status",
  "deployment",
  "deployment_status",
  "workflow_run",
]);

const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

const SLACK_METHODS = new Set(["chat.postMessage", "chat.update", "chat.postEphemeral", "response_url"]);

// Exact paths first, then the prefixes of routes that carry ids (`/jobs/<id>`, `/admin/queues/...`).
const EXACT_ROUTES: Readonly<Record<string, string>> = {
  "/api/github/webhooks": "github_webhooks",
  "/slack/events": "slack_events",
  "/healthz": "healthz",
  "/readyz": "readyz",
  "/metrics": "metrics",
};
const PREFIX_ROUTES: readonly (readonly [string, string])[] = [
  ["/jobs", "jobs"],
  ["/admin", "admin"],
];

/** The `x-github-event` header as a label: a known event's name, else "other". */
export function githubEventLabel(event: string): string {
  return GITHUB_EVENTS.has(event) ? event : "other";
}

/** A request path as a route label, never the path itself. */
export function routeLabel(path: string): string {
  const exact = EXACT_ROUTES[path];
  if (exact !== undefined) return exact;
  const prefixed = PREFIX_ROUTES.find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`));
  return prefixed?.[1] ?? "other";
}

/** An HTTP verb as a label (upper case), else "other". */
export function methodLabel(method: string): string {
  const upper = method.toUpperCase();
  return HTTP_METHODS.has(upper) ? upper : "other";
}

/** `2xx`, `4xx`, …: the class of an HTTP status. */
export function statusClass(status: number): string {
  return status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : "other";
}

/** A Slack Web API method Shipmate calls, else "other". */
export function slackMethodLabel(method: string): string {
  return SLACK_METHODS.has(method) ? method : "other";
}
