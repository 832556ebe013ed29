import { isEnvironmentName } from "../environment-name.ts";
import { withUsage } from "../reply-text.ts";
import { words } from "../words.ts";
import type { Grammar } from "./grammar.ts";

/** `/locks`: nothing may follow, because `/locks production` is most likely a `/lock production` gone wrong. */
export const LOCKS_GRAMMAR: Grammar<"locks"> = {
  kind: "locks",
  parse(argumentText) {
    const given = words(argumentText);
    const [first] = given;
    if (first === undefined) return { kind: "run", command: { kind: "locks" } };
    const hint = given.length === 1 && isEnvironmentName(first) ? ` Did you mean \`/lock ${first}\`?` : "";
    return { kind: "reply", message: withUsage(`\`/locks\` takes no arguments.${hint}`, "locks") };
  },
};
