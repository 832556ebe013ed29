import type { EnvironmentChoice } from "../config/select-environment.ts";
import type { Refusal } from "./reason-codes.ts";

/** Why no environment could be chosen for a command, and how to name one. */
export function environmentRefusal(choice: Exclude<EnvironmentChoice, { kind: "chosen" }>): Refusal {
  switch (choice.kind) {
    case "unknown":
      return {
        code: "unknown-environment",
        message: `There is no environment \`${choice.requested}\` in \`.github/shipmate.yml\`.`,
        fix: `Use one of: ${choice.known.map((n) => `\`${n}\``).join(", ")}.`,
      };
    case "needs-name":
      return {
        code: "environment-needs-name",
        message: `The default environment \`${choice.candidate}\` has gates, so Shipmate does not pick it for you.`,
        fix: `Name it: \`/deploy ${choice.candidate}\`.`,
      };
    case "none":
      return {
        code: "no-environments",
        message: "`.github/shipmate.yml` defines no environments.",
        fix: "Add one under `environments:` on the default branch.",
      };
  }
}
