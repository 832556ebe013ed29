import { isJobId, jobIdProblem } from "../job-id.ts";
import { readReason } from "../read-reason.ts";
import { withUsage } from "../reply-text.ts";
import { firstWordAndRest } from "../words.ts";
import type { Grammar, GrammarResult } from "./grammar.ts";

// Only a word shaped like Shipmate's job ids names a job, so that `/reject flaky tests` is all reason.
const JOB_PREFIX = "task-";

/** `/reject [job] [reason…]`: a first word starting with `task-` is the job; everything else is the reason. */
export const REJECT_GRAMMAR: Grammar<"reject"> = {
  kind: "reject",
  parse(argumentText) {
    const { first, rest } = firstWordAndRest(argumentText);
    // Any case, and refused when malformed: `/reject task-12-1, wrong build` must not reject some other job.
    const job = first?.toLowerCase().startsWith(JOB_PREFIX) ? first : undefined;
    if (job !== undefined && !isJobId(job)) return reply(jobIdProblem(job));
    const reason = readReason(job === undefined ? argumentText : rest);
    if (reason.kind === "problem") return reply(reason.problem);
    return { kind: "run", command: { kind: "reject", job, reason: reason.reason } };
  },
};

function reply(problem: string): GrammarResult<"reject"> {
  return { kind: "reply", message: withUsage(problem, "reject") };
}
