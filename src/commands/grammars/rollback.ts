import { readEnvironment } from "../read-environment.ts";
import { withUsage } from "../reply-text.ts";
import type { Grammar } from "./grammar.ts";

const DRY_RUN = "--dry-run";

/** `/rollback <env> [--dry-run]`. */
export const ROLLBACK_GRAMMAR: Grammar<"rollback"> = {
  kind: "rollback",
  parse(argumentText) {
    const read = readEnvironment(argumentText, "rollback", [DRY_RUN]);
    if (read.kind === "problem") return { kind: "reply", message: withUsage(read.problem, "rollback") };
    return {
      kind: "run",
      command: { kind: "rollback", environment: read.environment, dryRun: read.flags.includes(DRY_RUN) },
    };
  },
};
