import type { HoldView } from "../../jobs/hold-view.ts";
import { formatDuration } from "../../shared/format-duration.ts";
import { escapeMarkdown, tableCell } from "./markdown.ts";
import { personName, pullRequestRef } from "./people.ts";
import { renderEnvironmentName } from "./status-headline.ts";
import { formatTimestamp, truncateEnd } from "./text.ts";

const MAX_HOLDS_SHOWN = 50;
const MAX_REASON = 200;

/** `/locks`: every environment held with `/lock`, who holds it, why, since when and until when. */
export function renderHolds(holds: readonly HoldView[], now: number): string {
  if (holds.length === 0) return "🔓 No environment is locked.";
  const rows = holds.slice(0, MAX_HOLDS_SHOWN).map((hold) => {
    const cells = [
      renderEnvironmentName(hold.environment),
      pullRequestRef(hold.pullRequest, "?"),
      personName(hold.login),
      renderReason(hold.reason) ?? "",
      renderAge(hold, now),
      hold.expiresAt === undefined ? "when unlocked" : renderExpiry(hold.expiresAt, now),
    ];
    return `| ${cells.map(tableCell).join(" | ")} |`;
  });
  const more = holds.length - rows.length;
  return [
    `🔒 **Locked environments** (${holds.length})`,
    "",
    "| Environment | Pull request | Held by | Reason | Since | Ends |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    ...(more > 0 ? ["", `… and ${more} more`] : []),
  ].join("\n");
}

/** A hold's reason as plain text, cut to a readable length; undefined when none was given. */
export function renderReason(reason: string | undefined): string | undefined {
  const text = reason?.trim() ?? "";
  return text === "" ? undefined : escapeMarkdown(truncateEnd(text, MAX_REASON));
}

/** "2h 05m 07s ago". */
export function renderAge(hold: HoldView, now: number): string {
  return `${formatDuration(now - hold.at)} ago`;
}

/** "in 1h 00m 00s (at 2024-05-01 14:05 UTC)", or when it ended if that is past. */
export function renderExpiry(expiresAt: number, now: number): string {
  const left = expiresAt - now;
  return left > 0
    ? `in ${formatDuration(left)} (at ${formatTimestamp(expiresAt)})`
    : `at ${formatTimestamp(expiresAt)}`;
}
