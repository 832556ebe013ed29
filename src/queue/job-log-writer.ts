import type { SecretMasker } from "../shared/secret-masker.ts";
import { JOB_LOG_CAP_BYTES, type JobLogs } from "./job-logs.ts";

/** Collects a running job's output and adds it to the job's log in batches, in order. */
export interface JobLogWriter {
  /** Masks `text` and holds it until the next flush. */
  write(text: string): void;
  /** Appends what was written since the last flush; resolves once it (and every earlier flush) landed. */
  flush(): Promise<void>;
}

/**
 * A writer for job `id`'s log. Text is masked again here, before it is held or stored, so the log
 * never depends on every executor having masked its output. Between flushes at most about twice
 * the log's cap is held in memory; the rest is counted as dropped.
 */
export function createJobLogWriter(
  logs: JobLogs,
  id: string,
  masker: SecretMasker,
  capBytes: number = JOB_LOG_CAP_BYTES,
): JobLogWriter {
  let pending = "";
  let droppedBytes = 0;
  let last: Promise<void> = Promise.resolve();
  return {
    write(text) {
      pending += masker.mask(text);
      // Characters, not bytes: cheap to check, and never fewer than the bytes they stand for.
      if (pending.length > 2 * capBytes) {
        const kept = pending.slice(-capBytes);
        droppedBytes += Buffer.byteLength(pending) - Buffer.byteLength(kept);
        pending = kept;
      }
    },
    flush() {
      if (pending === "" && droppedBytes === 0) return last;
      const text = pending;
      const dropped = droppedBytes;
      pending = "";
      droppedBytes = 0;
      const appended = last.then(() => logs.append(id, text, dropped));
      // A failed append is reported by the flush that made it; later flushes still run.
      last = appended.catch(() => undefined);
      return appended;
    },
  };
}
