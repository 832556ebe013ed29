import type { LoadResult } from "./load-types.ts";
import { type Summary, summarise } from "./stats.ts";

/** What every load level reports, whatever it sent. */
export interface LoadFigures {
  concurrency: number;
  sent: number;
  /** Send → the whole answer. */
  latency: Summary;
  /** 2xx answers per second of wall time. */
  perSecond: number;
  /** Answers that were not 2xx, plus requests that got no answer. */
  non2xx: number;
  outcomes: Record<string, number>;
  /** True when the level's time cap stopped it before all were sent. */
  capped: boolean;
}

export function loadFigures(concurrency: number, result: LoadResult): LoadFigures {
  const ok = Object.entries(result.outcomes)
    .filter(([status]) => status.startsWith("2"))
    .reduce((sum, [, count]) => sum + count, 0);
  return {
    concurrency,
    sent: result.sent,
    latency: summarise(Array.from(result.latencies)),
    perSecond: (ok / result.wallMs) * 1000,
    non2xx: result.sent - ok,
    outcomes: result.outcomes,
    capped: result.capped,
  };
}
