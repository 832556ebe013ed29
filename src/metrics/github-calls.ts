import type { Probot, ProbotOctokit } from "probot";
import type { MetricSeries } from "./definitions.ts";
import { methodLabel, statusClass } from "./labels.ts";

type GitHubSeries = Pick<MetricSeries, "githubCalls" | "githubRateLimit">;

/**
 * The same Probot, except that every Octokit its `auth()` hands out (the App's own, and one per
 * installation) counts its requests. Probot builds a new Octokit for each installation, so this is
 * the one place all of them come from; the GitHub modules stay unaware of metrics. Installation
 * tokens are fetched by the auth strategy's own request and are not counted.
 */
export function countGitHubCalls(probot: Probot, series: GitHubSeries): Probot {
  const counted = new WeakSet<ProbotOctokit>();
  const count = (octokit: ProbotOctokit): ProbotOctokit => {
    // `auth()` without an installation returns the same App Octokit every time: wrap it once.
    if (counted.has(octokit)) return octokit;
    counted.add(octokit);
    octokit.hook.wrap("request", async (request, options) => {
      const method = methodLabel(String(options.method));
      try {
        const response = await request(options);
        record(series, method, statusClass(response.status), response.headers);
        return response;
      } catch (error) {
        // Octokit gives a status to every request it sent, 500 with no response when nothing answered;
        // an error without one never left this process (an auth strategy refusing, say) and is no call.
        const response = responseOf(error);
        if (response) record(series, method, statusClass(response.status), response.headers);
        else if (hasStatus(error)) record(series, method, "network", undefined);
        throw error;
      }
    });
    return octokit;
  };
  return new Proxy(probot, {
    get(target, property) {
      if (property === "auth") {
        return async (installationId?: number) => count(await target.auth(installationId));
      }
      // Probot keeps its state in private fields: its methods must run on the Probot itself.
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function record(
  series: GitHubSeries,
  method: string,
  status: string,
  headers: Readonly<Record<string, unknown>> | undefined,
): void {
  series.githubCalls.inc({ method, status });
  const remaining = Number.parseInt(String(headers?.["x-ratelimit-remaining"]), 10);
  if (Number.isFinite(remaining)) series.githubRateLimit.set(remaining);
}

/** The answer a failed request got, if it got one (a network failure has none). */
function responseOf(
  error: unknown,
): { status: number; headers: Readonly<Record<string, unknown>> | undefined } | undefined {
  if (typeof error !== "object" || error === null || !("response" in error)) return undefined;
  const response = error.response;
  if (typeof response !== "object" || response === null || !("status" in response)) return undefined;
  if (typeof response.status !== "number") return undefined;
  const headers =
    "headers" in response && typeof response.headers === "object" ? response.headers : undefined;
  return { status: response.status, headers: (headers ?? undefined) as Record<string, unknown> | undefined };
}

function hasStatus(error: unknown): boolean {
  return typeof error === "object" && error !== null && "status" in error && typeof error.status === "number";
}
