import type { IncomingMessage, ServerResponse } from "node:http";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { collectDefaultMetrics, Registry } from "prom-client";
import type { Logger } from "../shared/logger.ts";
import { BoundedLabel } from "./bounded-label.ts";
import { defineMetrics, type MetricSeries } from "./definitions.ts";
import { defineEnvironmentLocks } from "./environment-locks.ts";
import { metricsRecorder } from "./metrics-recorder.ts";
import { defineQueueDepth } from "./queue-depth.ts";
import type { MetricsRecorder } from "./recorder.ts";

// Configuration names environments, and many repositories may each name their own; past this many
// distinct names in one process, the rest share the label "other".
const MAX_ENVIRONMENT_LABELS = 200;

export interface ShipmateMetrics {
  recorder: MetricsRecorder;
  series: MetricSeries;
  environments: BoundedLabel;
  /** `GET /metrics`: this instance's series and the process's, in Prometheus text format. */
  route(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/**
 * The metrics of one Shipmate instance on a registry of its own (never prom-client's global one), so
 * that several instances in one process, as in tests, each count only their own traffic.
 */
export function createMetrics(deps: {
  queues: readonly Queue[];
  redis: Redis;
  prefix: string;
  log: Logger;
  now: () => number;
}): ShipmateMetrics {
  const own = new Registry();
  const series = defineMetrics(own);
  defineQueueDepth(own, deps.queues, deps.log);
  defineEnvironmentLocks(own, deps);
  const exposed = Registry.merge([processRegistry(), own]);
  return {
    recorder: metricsRecorder(series),
    series,
    environments: new BoundedLabel(MAX_ENVIRONMENT_LABELS),
    async route(_req, res) {
      const text = await exposed.metrics();
      res.writeHead(200, { "content-type": exposed.contentType }).end(text);
    },
  };
}

let processMetrics: Registry | undefined;

/**
 * Node's own metrics (`process_*`, `nodejs_*`, no prefix) on one registry per process: they describe
 * the process, whatever runs in it, and collecting them twice would start a second set of observers.
 */
function processRegistry(): Registry {
  if (processMetrics === undefined) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}
