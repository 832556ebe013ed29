import type { HoldView } from "../jobs/hold-view.ts";
import { formatDuration } from "../shared/format-duration.ts";
import type { Refusal } from "./reason-codes.ts";

/** Why a job from another pull request may not run on a held environment, naming the hold. */
export function holdRefusal(hold: HoldView, now: number): Refusal {
  const reason = hold.reason === undefined ? "" : ` (“${hold.reason.replaceAll("`", "'")}”)`;
  return {
    code: "locked-by-other",
    message: `**${hold.environment}** is locked by @${hold.login} for #${hold.pullRequest}${reason}, ${formatDuration(now - hold.at)} ago.`,
    fix: `Wait until #${hold.pullRequest} is merged or closed or @${hold.login} comments \`/unlock ${hold.environment}\` there; an admin can also unlock it.`,
  };
}

/** True when the hold keeps this pull request's jobs out. */
export function holdBlocks(hold: HoldView | undefined, pullRequest: number | undefined): hold is HoldView {
  return hold !== undefined && hold.pullRequest !== pullRequest;
}
