import { withUsage } from "../reply-text.ts";
import { words } from "../words.ts";
import type { Grammar } from "./grammar.ts";

/** `/status`: nothing may follow, so that a mistyped command is answered rather than taken for another. */
export const STATUS_GRAMMAR: Grammar<"status"> = {
  kind: "status",
  parse(argumentText) {
    if (words(argumentText).length === 0) return { kind: "run", command: { kind: "status" } };
    return {
      kind: "reply",
      message: withUsage("`/status` takes no arguments: it shows the whole repository.", "status"),
    };
  },
};
