import { readEnvironment } from "../read-environment.ts";
import { withUsage } from "../reply-text.ts";
import type { Grammar } from "./grammar.ts";

/** `/unlock <env>`. */
export const UNLOCK_GRAMMAR: Grammar<"unlock"> = {
  kind: "unlock",
  parse(argumentText) {
    const read = readEnvironment(argumentText, "unlock", []);
    if (read.kind === "problem") return { kind: "reply", message: withUsage(read.problem, "unlock") };
    return { kind: "run", command: { kind: "unlock", environment: read.environment } };
  },
};
