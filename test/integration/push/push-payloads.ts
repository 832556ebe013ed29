import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import type { WebhookDefinition } from "@octokit/webhooks-examples";
import type { Repository, WebhookEventMap, WebhookEventName } from "@octokit/webhooks-types";
import { type Running, sendWebhook } from "../../support/harness.ts";

/**
 * Deliveries of push, check_run, check_suite and pull_request events, each built from GitHub's own
 * example payload (@octokit/webhooks-examples) with only what a test is about changed: the repository
 * becomes acme/shop, fetched from a local git repository, and the installation is the fake GitHub's.
 */

const definitions = createRequire(import.meta.url)(
  "@octokit/webhooks-examples/api.github.com/index.json",
) as WebhookDefinition[];

/** The harness's App id: the deliveries say the check runs are this App's. */
const APP_ID = 1;
const INSTALLATION_ID = 1;
/** acme/shop's id, as the fake GitHub reports it. */
export const REPOSITORY_ID = 186853002;

/** A deep copy of the first example of `event` that has an installation and that `pick` accepts. */
function example<Name extends WebhookEventName>(
  event: Name,
  pick: (candidate: WebhookEventMap[Name]) => boolean,
): WebhookEventMap[Name] {
  const definition = definitions.find((d) => d.name === event) as WebhookDefinition<Name> | undefined;
  const found = definition?.examples.find(
    (candidate) => "installation" in candidate && candidate.installation !== undefined && pick(candidate),
  );
  if (found === undefined) throw new Error(`no ${event} example with an installation`);
  return structuredClone(found);
}

function asShop(repository: Repository, cloneUrl: string): void {
  repository.id = REPOSITORY_ID;
  repository.name = "shop";
  repository.full_name = "acme/shop";
  repository.owner.login = "acme";
  repository.default_branch = "main";
  repository.clone_url = cloneUrl;
  repository.html_url = "https://github.example/acme/shop";
}

/** What a push did: the commit it moved the branch to, from where, who pushed and the files it touched. */
export interface PushSpec {
  branch: string;
  after: string;
  /** All zeros (a new branch) unless given. */
  before?: string;
  pusher?: string;
  added?: string[];
  modified?: string[];
  forced?: boolean;
}

/** A `push` delivery to acme/shop, listing one commit. */
export function pushPayload(cloneUrl: string, spec: PushSpec): WebhookEventMap["push"] {
  const payload = example("push", (candidate) => candidate.ref.startsWith("refs/heads/"));
  const before = spec.before ?? "0".repeat(40);
  const pusher = spec.pusher ?? "alice";
  const commit = payload.commits[0];
  if (commit === undefined) throw new Error("the push example lists no commit");
  commit.id = spec.after;
  commit.added = spec.added ?? [];
  commit.modified = spec.modified ?? [];
  commit.removed = [];
  payload.ref = `refs/heads/${spec.branch}`;
  payload.before = before;
  payload.after = spec.after;
  payload.created = /^0{40}$/.test(before);
  payload.forced = spec.forced ?? false;
  payload.compare = `https://github.example/acme/shop/compare/${before.slice(0, 12)}...${spec.after.slice(0, 12)}`;
  payload.commits = [commit];
  payload.head_commit = commit;
  payload.pusher = { name: pusher, email: `${pusher}@example.com` };
  payload.sender.login = pusher;
  if (payload.installation) payload.installation.id = INSTALLATION_ID;
  asShop(payload.repository, cloneUrl);
  return payload;
}

/** `check_run.rerequested`: Re-run pressed on one of Shipmate's check runs. */
export function checkRunRerequested(
  cloneUrl: string,
  run: { name: string; sha: string; branch: string; by?: string },
): WebhookEventMap["check_run"] {
  const payload = example("check_run", (candidate) => candidate.action === "rerequested");
  const checkRun = payload.check_run;
  checkRun.name = run.name;
  checkRun.head_sha = run.sha;
  checkRun.app.id = APP_ID;
  checkRun.check_suite.head_sha = run.sha;
  checkRun.check_suite.head_branch = run.branch;
  payload.sender.login = run.by ?? "alice";
  if (payload.installation) payload.installation.id = INSTALLATION_ID;
  asShop(payload.repository, cloneUrl);
  return payload;
}

/** `check_suite.rerequested`: Re-run all checks pressed on Shipmate's suite of a commit. */
export function checkSuiteRerequested(
  cloneUrl: string,
  suite: { sha: string; branch: string; by?: string },
): WebhookEventMap["check_suite"] {
  const payload = example("check_suite", (candidate) => candidate.action === "rerequested");
  payload.check_suite.head_sha = suite.sha;
  payload.check_suite.head_branch = suite.branch;
  payload.check_suite.after = suite.sha;
  payload.check_suite.app.id = APP_ID;
  payload.sender.login = suite.by ?? "alice";
  if (payload.installation) payload.installation.id = INSTALLATION_ID;
  asShop(payload.repository, cloneUrl);
  return payload;
}

/** `pull_request.closed` for pull request `number` of acme/shop, merged or not. */
export function pullRequestClosed(
  cloneUrl: string,
  pr: { number: number; sha: string; branch: string; merged: boolean; by?: string },
): WebhookEventMap["pull_request"] {
  const payload = example("pull_request", (candidate) => candidate.action === "closed");
  if (payload.action !== "closed") throw new Error("not a closed pull request");
  const closedAt = new Date().toISOString();
  payload.number = pr.number;
  payload.pull_request.number = pr.number;
  payload.pull_request.state = "closed";
  payload.pull_request.merged = pr.merged;
  payload.pull_request.closed_at = closedAt;
  payload.pull_request.merged_at = pr.merged ? closedAt : null;
  payload.pull_request.head.sha = pr.sha;
  payload.pull_request.head.ref = pr.branch;
  payload.sender.login = pr.by ?? "alice";
  if (payload.installation) payload.installation.id = INSTALLATION_ID;
  asShop(payload.repository, cloneUrl);
  return payload;
}

/** Sends a delivery as GitHub would and returns its id; fails unless Shipmate recorded it. */
export async function deliver(app: Running, event: string, payload: unknown): Promise<string> {
  const deliveryId = randomUUID();
  const response = await sendWebhook(app.url, event, payload, { deliveryId });
  const text = (await response.text()).trim();
  if (response.status !== 200 || text !== "recorded") {
    throw new Error(`the ${event} delivery was answered ${response.status} ${text}`);
  }
  return deliveryId;
}
