import { STATE_EMOJI } from "../../src/reporting/render/status-headline.ts";
import { statusCommentMarker } from "../../src/reporting/render/status-marker.ts";
import type { RecordedCall } from "../../test/support/fake-github.ts";

/** A write of one job's status comment: its creation or an edit, with the headline it showed. */
export interface StatusWrite {
  kind: "create" | "edit";
  headline: string;
  body: string;
  at: number;
}

/** The status-comment write this call makes for job `taskId`, or undefined when it is none. */
export function statusWrite(call: RecordedCall, taskId: string): StatusWrite | undefined {
  const kind =
    call.method === "POST" && /^\/repos\/acme\/shop\/issues\/\d+\/comments$/.test(call.path)
      ? "create"
      : call.method === "PATCH" && call.path.startsWith("/repos/acme/shop/issues/comments/")
        ? "edit"
        : undefined;
  if (kind === undefined) return undefined;
  const body = (call.body as { body?: unknown } | undefined)?.body;
  if (typeof body !== "string" || !body.startsWith(statusCommentMarker(taskId))) return undefined;
  return { kind, headline: body.split("\n", 2)[1] ?? "", body, at: call.at };
}

/** True when the write shows the job waiting (⏳ queued). */
export function showsWaiting(write: StatusWrite): boolean {
  return write.headline.startsWith(STATE_EMOJI.queued);
}

/** True when the write shows the job cancelled (🛑). */
export function showsCancelled(write: StatusWrite): boolean {
  return write.headline.startsWith(STATE_EMOJI.cancelled);
}
