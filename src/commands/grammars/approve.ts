import { readOptionalJob } from "../read-optional-job.ts";
import { withUsage } from "../reply-text.ts";
import type { Grammar } from "./grammar.ts";

/** `/approve [job]`. */
export const APPROVE_GRAMMAR: Grammar<"approve"> = {
  kind: "approve",
  parse(argumentText) {
    const read = readOptionalJob(argumentText, "approve");
    if (read.kind === "problem") return { kind: "reply", message: withUsage(read.problem, "approve") };
    return { kind: "run", command: { kind: "approve", job: read.job } };
  },
};
