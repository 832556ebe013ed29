import { intakeJobId } from "../../src/jobs/intake-job.schema.ts";
import { WEBHOOK_SECRET } from "../../test/support/harness.ts";
import type { BenchApp } from "../support/bench-app.ts";
import type { BenchConfig } from "../support/bench-config.ts";
import { takeRockets } from "../support/fake-calls.ts";
import { type LoadFigures, loadFigures } from "../support/load-figures.ts";
import { countJobIds, queueState } from "../support/queue-inspect.ts";
import { runLoad } from "../support/run-load.ts";

export interface IngestLevel extends LoadFigures {
  /** How many of this level's comment ids are intake jobs once the last answer is in. */
  enqueued: number;
  /** How much the intake queue's job count grew during the level. */
  queueGrowth: number;
  /** Deploys the workers had finished (succeeded or failed) by the end of the level, since start. */
  deploysFinished: number;
  /** 🚀 reactions the fake GitHub received during the level. */
  rockets: number;
}

/** Sends `n` signed deliveries at each concurrency level and checks each one became exactly one intake job. */
export async function measureIngest(
  bench: BenchApp,
  config: BenchConfig,
  firstCommentId: number,
  onLevel: (level: IngestLevel) => void,
): Promise<IngestLevel[]> {
  const levels: IngestLevel[] = [];
  let nextId = firstCommentId;
  for (const concurrency of config.levels) {
    const before = await queueState(bench.intake);
    const result = await runLoad({
      url: bench.app.url,
      send: {
        kind: "github",
        template: bench.template,
        secret: WEBHOOK_SECRET,
        firstCommentId: nextId,
        n: config.n,
      },
      concurrency,
      requestTimeoutMs: config.requestTimeoutMs,
      capMs: config.levelCapMs,
    });
    const ids = Array.from({ length: result.sent }, (_, i) => intakeJobId(nextId + i));
    nextId += config.n;
    const [after, enqueued, tasks] = await Promise.all([
      queueState(bench.intake),
      countJobIds(bench.app.redis, bench.intake, ids),
      queueState(bench.tasks),
    ]);
    const level: IngestLevel = {
      ...loadFigures(concurrency, result),
      enqueued,
      queueGrowth: after.total - before.total,
      deploysFinished: tasks.completed + tasks.failed,
      rockets: takeRockets(bench.app.github),
    };
    levels.push(level);
    onLevel(level);
  }
  return levels;
}
