import type { BenchApp } from "../support/bench-app.ts";
import { takeRockets } from "../support/fake-calls.ts";
import { queueState } from "../support/queue-inspect.ts";

export interface Settled {
  drainedMs: number;
  /** False when the cap ran out first. */
  drained: boolean;
  intakeCompleted: number;
  intakeFailed: number;
  intakePending: number;
  deploysSucceeded: number;
  deploysFailed: number;
  deploysPending: number;
  rockets: number;
}

/** Waits (up to `capMs`, which may be 0) for the intake queue to empty, then reads what the workers got through. */
export async function settleIntake(bench: BenchApp, capMs: number): Promise<Settled> {
  const started = performance.now();
  let drained = false;
  while (performance.now() - started <= capMs) {
    if ((await queueState(bench.intake)).pending === 0) {
      drained = true;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const drainedMs = performance.now() - started;
  const [intake, tasks] = await Promise.all([queueState(bench.intake), queueState(bench.tasks)]);
  return {
    drainedMs,
    drained,
    intakeCompleted: intake.completed,
    intakeFailed: intake.failed,
    intakePending: intake.pending,
    deploysSucceeded: tasks.completed,
    deploysFailed: tasks.failed,
    deploysPending: tasks.pending,
    rockets: takeRockets(bench.app.github),
  };
}
