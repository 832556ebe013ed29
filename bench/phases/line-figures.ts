import type { BenchConfig } from "../support/bench-config.ts";
import { startLineApp } from "./line-app.ts";
import { type CancelLatency, measureCancel } from "./line-cancel.ts";
import { type HandOver, measureHandOver } from "./line-handover.ts";
import { measurePlaceUpdates, type PlaceUpdates } from "./line-places.ts";

/** What the environment line costs: hand-over between jobs, cancel latency, place-in-line updates. */
export interface LineFigures {
  /** TASK_LOCK_MS the Shipmate ran with (the lease period). */
  leaseMs: number;
  handOver: HandOver;
  cancel: CancelLatency | undefined;
  places: PlaceUpdates;
}

/** Runs the three parts on one fresh Shipmate, reporting each as it ends. */
export async function measureLine(
  config: BenchConfig,
  progress: {
    handOver(h: HandOver, leaseMs: number): void;
    cancel(c: CancelLatency): void;
    places(p: PlaceUpdates): void;
  },
): Promise<LineFigures> {
  const line = await startLineApp(config, config.lineJobs);
  try {
    const leaseMs = line.app.settings.taskLockMs;
    const handOver = await measureHandOver(line, config.lineJobs, 180_000);
    progress.handOver(handOver, leaseMs);
    let cancel: CancelLatency | undefined;
    if (config.cancelN > 0) {
      cancel = await measureCancel(line, config.cancelN);
      progress.cancel(cancel);
    }
    const places = await measurePlaceUpdates(line, 60_000);
    progress.places(places);
    return { leaseMs, handOver, cancel, places };
  } finally {
    await line.stop();
  }
}
