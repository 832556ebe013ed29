import type { CommandKind } from "./command.ts";
import { isJobId, jobIdProblem } from "./job-id.ts";
import { code } from "./reply-text.ts";
import { words } from "./words.ts";

export type OptionalJob = { kind: "job"; job: string | undefined } | { kind: "problem"; problem: string };

/** Reads `[job]`: nothing, or one job id. */
export function readOptionalJob(argumentText: string, command: CommandKind): OptionalJob {
  const given = words(argumentText);
  const [job, ...extra] = given;
  if (job === undefined) return { kind: "job", job: undefined };
  if (extra.length > 0) {
    return {
      kind: "problem",
      problem: `\`/${command}\` takes at most one job id, not ${code(given.join(" "))}.`,
    };
  }
  if (!isJobId(job)) return { kind: "problem", problem: jobIdProblem(job) };
  return { kind: "job", job };
}
