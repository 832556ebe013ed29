import type { JobView } from "../../../jobs/job-view.ts";
import { safeUrl } from "../markdown.ts";
import { isGitHubLogin } from "../people.ts";
import { truncateEnd } from "../text.ts";
import { escapeSlack, slackLink } from "./slack-text.ts";

function repositoryUrl(view: JobView): string {
  return view.repository.htmlUrl.replace(/\/+$/, "");
}

/** The commit's page on GitHub. */
export function commitUrl(view: JobView, sha: string): string {
  return `${repositoryUrl(view)}/commit/${encodeURIComponent(sha)}`;
}

/** The pull request's page, when the job has a real pull request number. */
export function pullRequestUrl(view: JobView): string | undefined {
  const pr = view.pullRequest;
  return pr !== undefined && Number.isSafeInteger(pr) && pr > 0
    ? `${repositoryUrl(view)}/pull/${pr}`
    : undefined;
}

/** `acme/web#42` linked to the pull request, or `acme/web` linked to the repository. */
export function repositoryRef(view: JobView): string {
  const name = escapeSlack(truncateEnd(`${view.repository.owner}/${view.repository.name}`, 100));
  const pr = pullRequestUrl(view);
  return pr === undefined
    ? slackLink(name, repositoryUrl(view))
    : slackLink(`${name}#${view.pullRequest}`, pr);
}

/**
 * A GitHub login linked to its profile: in Slack it is a name, not a person to ping. Anything that is
 * not a plain login is shown as text.
 */
export function githubPerson(view: JobView, login: string): string {
  const text = escapeSlack(truncateEnd(login, 60));
  const href = safeUrl(view.repository.htmlUrl);
  if (href === undefined || !isGitHubLogin(login) || login.endsWith("[bot]")) return text;
  return slackLink(text, `${new URL(href).origin}/${login}`);
}
