import type { Gate } from "./gate.ts";
import { describeEntries, isListed } from "./people.ts";

/** With `require.users` or `require.teams` set, the requester must be one of those users or in one of those teams. */
export const allowlistGate: Gate = (requirements, environment, facts) => {
  const entries = [...requirements.users, ...requirements.teams];
  if (entries.length === 0 || isListed(entries, facts.requester, facts.requesterTeams)) return [];
  return [
    {
      code: "not-in-allowlist",
      message: `@${facts.requester} is not among those who may deploy to **${environment}**: ${describeEntries(entries)}.`,
      fix: `Ask one of them to run the command, or ask a maintainer to add you to \`require.users\` or a team in \`require.teams\` of **${environment}** on the default branch.`,
    },
  ];
};
