import { escapeMarkdown } from "./markdown.ts";
import { truncateEnd } from "./text.ts";

const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;
const GITHUB_TEAM = /^@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9][A-Za-z0-9_-]{0,99})$/;

/** True for text GitHub would read as one user's login. */
export function isGitHubLogin(text: string): boolean {
  return GITHUB_LOGIN.test(text);
}

/**
 * A person who should hear about this (the requester, the approvers): `@login` notifies them.
 * Anything that is not a real login is shown as plain text and notifies nobody.
 */
export function mention(login: string): string {
  return isGitHubLogin(login) ? `@${login}` : escapeMarkdown(truncateEnd(login, 60));
}

/**
 * A person named in passing (who holds a lock, who is ahead in line): reads as `@login` but notifies
 * nobody, so listing or refusing does not ping everyone named in it.
 */
export function personName(login: string): string {
  return escapeMarkdown(truncateEnd(isGitHubLogin(login) ? `@${login}` : login, 60));
}

/** An approver as the config names it: `alice` or `@alice` mentions the user, `@org/team` the team. */
export function mentionApprover(entry: string): string {
  if (GITHUB_TEAM.test(entry)) return entry;
  const login = entry.startsWith("@") ? entry.slice(1) : entry;
  return isGitHubLogin(login) ? `@${login}` : escapeMarkdown(truncateEnd(entry, 60));
}

/** `#12` (GitHub links it), or the fallback when the number is not a real pull request number. */
export function pullRequestRef(pullRequest: number | undefined, fallback = "a job"): string {
  return pullRequest !== undefined && Number.isSafeInteger(pullRequest) && pullRequest > 0
    ? `#${pullRequest}`
    : fallback;
}

/** "a", "a or b", "a, b or c": names joined for a sentence, the first `max` of them and a count of the rest. */
export function joinOr(items: readonly string[], max: number): string {
  const shown = items.slice(0, max);
  const more = items.length - shown.length;
  if (more > 0) return `${shown.join(", ")} or ${more} more`;
  if (shown.length <= 1) return shown.join("");
  return `${shown.slice(0, -1).join(", ")} or ${shown.at(-1)}`;
}
