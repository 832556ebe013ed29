import type { HoldView } from "../../jobs/hold-view.ts";
import { formatDuration } from "../../shared/format-duration.ts";
import { renderAge, renderExpiry, renderReason } from "./holds.ts";
import { inlineCode } from "./markdown.ts";
import { personName, pullRequestRef } from "./people.ts";
import { renderEnvironmentName } from "./status-headline.ts";
import { formatTimestamp, truncateEnd } from "./text.ts";

/** What a `/lock` or `/unlock` did, as the reply shows it. */
export type LockReply =
  /** `/lock`: this pull request now holds the environment. */
  | { kind: "taken"; hold: HoldView }
  /** `/lock` again from the holding pull request: same holder and start, new reason or expiry. */
  | { kind: "renewed"; hold: HoldView }
  /** `/lock` while another pull request holds the environment. */
  | { kind: "held-by-other"; hold: HoldView }
  /** `/unlock`: the hold that ended, and who ended it. */
  | { kind: "released"; hold: HoldView; by: string }
  /** `/unlock` of an environment nobody holds. */
  | { kind: "not-held"; environment: string }
  /** `/unlock` by someone who is neither the holder nor an admin. */
  | { kind: "not-allowed"; hold: HoldView };

/** The reply to `/lock` or `/unlock`; `now` (ms) dates the hold's age and expiry. */
export function renderLockReply(reply: LockReply, now: number): string {
  switch (reply.kind) {
    case "taken":
      return [
        `🔒 ${describeHold(reply.hold)}`,
        `Deploys from other pull requests will not run there while it is locked. It is released by ${unlockCommand(reply.hold)} (from ${personName(reply.hold.login)} or someone with \`admin\` permission), when ${pullRequestRef(reply.hold.pullRequest, "this pull request")} is merged or closed${expiryClause(reply.hold, now)}.`,
      ].join("\n\n");
    case "renewed":
      return `🔒 ${describeHold(reply.hold)} Locked ${renderAge(reply.hold, now)}; ${
        reply.hold.expiresAt === undefined
          ? "it stays locked until it is unlocked."
          : `it now ends ${renderExpiry(reply.hold.expiresAt, now)}.`
      }`;
    case "held-by-other":
      return [
        `🚫 ${describeHold(reply.hold)} Locked ${renderAge(reply.hold, now)}.`,
        `This pull request can lock it or deploy there once the lock is released: ask ${personName(reply.hold.login)} to comment ${unlockCommand(reply.hold)}, or wait until ${pullRequestRef(reply.hold.pullRequest, "that pull request")} is merged or closed${untilExpiry(reply.hold, now)}. Someone with \`admin\` permission can also unlock it.`,
      ].join("\n\n");
    case "released":
      return renderReleased(reply.hold, reply.by, now);
    case "not-held":
      return `🔓 ${renderEnvironmentName(reply.environment)} is not locked; there is nothing to unlock.`;
    case "not-allowed":
      return `🚫 ${describeHold(reply.hold)} Only ${personName(reply.hold.login)} or someone with \`admin\` permission can unlock it.`;
  }
}

/** "**production** is locked for #12 by @alice: reason." (nobody is notified). */
export function describeHold(hold: HoldView): string {
  return `${renderEnvironmentName(hold.environment)} is locked ${describeHolder(hold)}${reasonEnding(hold)}`;
}

/** "for #12 by @alice" (nobody is notified). */
export function describeHolder(hold: HoldView): string {
  return `for ${pullRequestRef(hold.pullRequest, "a pull request")} by ${personName(hold.login)}`;
}

/** ": reason." or just "." to end a sentence about the hold. */
export function reasonEnding(hold: HoldView): string {
  const reason = renderReason(hold.reason);
  if (reason === undefined) return ".";
  return `: ${reason}${/[.!?…]$/.test(reason) ? "" : "."}`;
}

function renderReleased(hold: HoldView, by: string, now: number): string {
  const env = renderEnvironmentName(hold.environment);
  const who = by.toLowerCase() === hold.login.toLowerCase() ? "" : ` by ${personName(by)}`;
  const was = `it was locked for ${pullRequestRef(hold.pullRequest, "a pull request")} by ${personName(hold.login)} for ${formatDuration(now - hold.at)}`;
  return `🔓 ${env} is unlocked${who}; ${was}. Deploys from other pull requests can run there again.`;
}

function unlockCommand(hold: HoldView): string {
  return inlineCode(`/unlock ${truncateEnd(hold.environment.trim(), 100)}`);
}

function expiryClause(hold: HoldView, now: number): string {
  return hold.expiresAt === undefined ? "" : `, or when it ends ${renderExpiry(hold.expiresAt, now)}`;
}

function untilExpiry(hold: HoldView, now: number): string {
  if (hold.expiresAt === undefined) return "";
  const left = hold.expiresAt - now;
  const when = formatTimestamp(hold.expiresAt);
  return ` or the lock ends at ${when}${left > 0 ? ` (in ${formatDuration(left)})` : ""}`;
}
