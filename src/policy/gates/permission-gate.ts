import { roleAtLeast } from "../../shared/roles.ts";
import type { Gate } from "./gate.ts";

/** The requester's role on the repository must be at least `require.permission`. */
export const permissionGate: Gate = (requirements, environment, facts) => {
  const needed = requirements.permission;
  if (roleAtLeast(facts.role, needed)) return [];
  return [
    {
      code: "insufficient-permission",
      message: `@${facts.requester} has \`${facts.role}\` on this repository; deploying to **${environment}** needs \`${needed}\`.`,
      fix: `Ask someone with \`${needed}\` (or higher) to run the command, or ask an admin for \`${needed}\` access.`,
    },
  ];
};
