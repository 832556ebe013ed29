import type { MetricSeries } from "./definitions.ts";
import { githubEventLabel, methodLabel, routeLabel, slackMethodLabel, statusClass } from "./labels.ts";
import type { MetricsRecorder } from "./recorder.ts";

/** The recorder the edges call, writing to `series` with every value bounded to its label set. */
export function metricsRecorder(series: MetricSeries): MetricsRecorder {
  return {
    webhook: (event, outcome) => series.webhooks.inc({ event: githubEventLabel(event), outcome }),
    slackRequest: (kind, outcome) => series.slackRequests.inc({ kind, outcome }),
    httpRequest: ({ path, method, status, seconds }) =>
      series.httpDuration.observe(
        { route: routeLabel(path), method: methodLabel(method), status: statusClass(status) },
        seconds,
      ),
    slackCall: (method, outcome) => series.slackCalls.inc({ method: slackMethodLabel(method), outcome }),
  };
}
