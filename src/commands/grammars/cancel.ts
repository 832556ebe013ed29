import { readOptionalJob } from "../read-optional-job.ts";
import { withUsage } from "../reply-text.ts";
import type { Grammar } from "./grammar.ts";

/** `/cancel [job]`. */
export const CANCEL_GRAMMAR: Grammar<"cancel"> = {
  kind: "cancel",
  parse(argumentText) {
    const read = readOptionalJob(argumentText, "cancel");
    if (read.kind === "problem") return { kind: "reply", message: withUsage(read.problem, "cancel") };
    return { kind: "run", command: { kind: "cancel", job: read.job } };
  },
};
