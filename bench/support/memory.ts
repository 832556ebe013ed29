import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export interface MemorySample {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  /** Memory outside the JS heap that V8 knows of (Buffers and the like). */
  externalMb: number;
  /** Whether a full GC ran just before the sample. */
  collected: boolean;
}

let collector: (() => void) | undefined;

// Without --expose-gc on the command line, the flag can still be set at run time and `gc`
// picked up from a fresh context; this keeps `npm run bench` free of extra flags.
function gcFunction(): (() => void) | undefined {
  if (collector) return collector;
  if (typeof globalThis.gc === "function") {
    collector = globalThis.gc;
    return collector;
  }
  try {
    setFlagsFromString("--expose-gc");
    const found: unknown = runInNewContext("gc");
    if (typeof found === "function") collector = found as () => void;
  } catch {
    collector = undefined;
  }
  return collector;
}

const MB = 1024 * 1024;

/** Resident set size of this process after a full GC when one can be forced. */
export async function sampleMemory(): Promise<MemorySample> {
  const gc = gcFunction();
  if (gc) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  const usage = process.memoryUsage();
  return {
    rssMb: usage.rss / MB,
    heapUsedMb: usage.heapUsed / MB,
    heapTotalMb: usage.heapTotal / MB,
    externalMb: usage.external / MB,
    collected: gc !== undefined,
  };
}
