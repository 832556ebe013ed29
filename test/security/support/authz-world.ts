import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FakePullRequest, FakeRepo } from "../../support/fake-github.ts";
import { FakeSlack } from "../../support/fake-slack.ts";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";
import { type Running, startShipmate } from "../../support/harness.ts";
import { TEST_SIGNING_SECRET } from "../../support/slack-request.ts";
import { environmentYaml } from "./authz-config.ts";
import type { Access, Check, Person, PullRequestShape, Requirement } from "./authz-oracle.ts";

/**
 * acme/shop as the end-to-end matrix sees it: one person per access level and per way of being listed, one
 * environment per requirement, and a pull request of its own for every cell, seeded into a fake GitHub
 * behind a whole Shipmate with Slack on.
 */

interface Member {
  access: Access;
  teams: readonly string[];
}

const PEOPLE = {
  nora: { access: "none", teams: [] },
  rita: { access: "read", teams: [] },
  tom: { access: "triage", teams: [] },
  wendy: { access: "write", teams: [] },
  max: { access: "maintain", teams: [] },
  ada: { access: "admin", teams: [] },
  erin: { access: "write", teams: [] },
  frank: { access: "write", teams: ["@acme/deployers"] },
  carol: { access: "write", teams: [] },
  dave: { access: "write", teams: ["@acme/release"] },
  mallory: { access: "write", teams: [] },
} as const satisfies Record<string, Member>;
export type Login = keyof typeof PEOPLE;

/** One of the people above as the oracle takes them. */
export function person(login: Login): Person {
  return { login, ...PEOPLE[login] };
}

/** Each person's Slack user id, linked to their login by the repository's `slack.users`. */
export function slackIdOf(login: Login): string {
  return `U0${login.toUpperCase().padEnd(7, "0")}`;
}

/** A Slack user nobody linked to a GitHub login. */
export const UNLINKED = "U0NOBODY1";

export const OPS = { id: "C0OPS0001", name: "ops" } as const;
export const RELEASES = { id: "C0RELEASE", name: "releases" } as const;

const APPROVERS = ["carol", "@acme/release"];

/** The environments of acme/shop, one per requirement (and two that pair approvers with a Slack limit). */
export const ENVIRONMENTS = {
  open: {},
  "perm-read": { permission: "read" },
  "perm-triage": { permission: "triage" },
  "perm-write": { permission: "write" },
  "perm-maintain": { permission: "maintain" },
  "perm-admin": { permission: "admin" },
  teams: { teams: ["@acme/deployers"] },
  users: { users: ["erin"] },
  reviewed: { approvals: 1 },
  checked: { checks: ["build"] },
  branchy: { branches: ["release/1.x"] },
  forks: { allowForks: true },
  gated: { approvers: APPROVERS },
  room: { slack: { allowedChannels: [`#${RELEASES.name}`] } },
  people: { slack: { allowedUsers: [slackIdOf("erin")] } },
  "gated-people": { approvers: APPROVERS, slack: { allowedUsers: [slackIdOf("wendy"), slackIdOf("dave")] } },
  "gated-room": { approvers: APPROVERS, slack: { allowedChannels: [RELEASES.id] } },
} as const satisfies Record<string, Requirement>;
export type Environment = keyof typeof ENVIRONMENTS;

// Each run appends a line, so a test can tell that nothing ran for a refused command. `lock: false` lets the
// matrix's jobs on one environment run side by side instead of waiting in line for each other.
const RUN = `'echo "$SHIPMATE_ENVIRONMENT pr=$SHIPMATE_PR" >> "$AUTHZ_OUT/runs"'`;

function configYaml(): string {
  const environments = Object.entries(ENVIRONMENTS).map(([name, requirement]) =>
    environmentYaml(name, requirement, [`deploy: ${RUN}`, "lock: false"]),
  );
  const users = Object.keys(PEOPLE).map((login) => `    ${slackIdOf(login as Login)}: ${login}`);
  return `environments:\n${environments.join("")}slack:\n  channel: "#deploys"\n  users:\n${users.join("\n")}\n`;
}

export interface World {
  app: Running;
  slack: FakeSlack;
  out: string;
  cloneUrl: string;
  /** Opens a pull request of that shape (reviews and checks on its head as given); returns its number. */
  openPullRequest(shape: PullRequestShape): number;
  stop(): Promise<void>;
}

/** Starts Shipmate with Slack on, the fake GitHub and Slack, and acme/shop with its people and teams. */
export async function startWorld(): Promise<World> {
  const out = mkdtempSync(join(tmpdir(), "shipmate-authz-"));
  const repo: LocalRepo = createLocalRepo();
  const earlier = repo.commit({ VERSION: "earlier\n" }, "earlier");
  const shared = repo.commit({ VERSION: "shared\n" }, "shared");
  const slack = new FakeSlack();
  slack.channelIds.set("#deploys", "C0DEPLOYS");
  const app = await startShipmate({
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: await slack.start(),
    TASK_ENV: "AUTHZ_OUT",
    AUTHZ_OUT: out,
    WORKER_CONCURRENCY: "8",
  });
  const pulls: FakePullRequest[] = [];
  const fake: FakeRepo = {
    owner: "acme",
    name: "shop",
    config: configYaml(),
    roles: Object.fromEntries(Object.entries(PEOPLE).map(([login, member]) => [login, member.access])),
    pulls,
    reviews: {},
    checkRuns: {},
    cloneUrl: repo.cloneUrl,
  };
  app.github.addRepo(fake);
  app.github.addTeam("acme", "deployers", teamMembers("@acme/deployers"));
  app.github.addTeam("acme", "release", teamMembers("@acme/release"));
  let next = 100;
  return {
    app,
    slack,
    out,
    cloneUrl: repo.cloneUrl,
    openPullRequest(shape) {
      const number = next++;
      // Check runs belong to a commit: a pull request with some gets a head of its own.
      const head =
        shape.checks.length === 0 ? shared : repo.commit({ VERSION: `#${number}\n` }, `#${number}`);
      pulls.push({
        number,
        headSha: head,
        headRef: `feature/${number}`,
        baseRef: shape.base,
        headRepoFullName: { same: "acme/shop", fork: "evil/shop", deleted: null }[shape.origin],
      });
      fake.reviews = {
        ...fake.reviews,
        [number]: shape.reviews.map((review) => ({
          login: review.login,
          state: review.state,
          commitId: review.onHead ? head : earlier,
        })),
      };
      if (shape.checks.length > 0) fake.checkRuns = { ...fake.checkRuns, [head]: shape.checks.map(checkRun) };
      return number;
    },
    async stop() {
      await app.stop();
      await slack.stop();
      repo.remove();
      rmSync(out, { recursive: true, force: true });
    },
  };
}

function teamMembers(team: string): string[] {
  return Object.entries(PEOPLE)
    .filter(([, member]) => (member.teams as readonly string[]).includes(team))
    .map(([login]) => login);
}

function checkRun(check: Check): { name: string; status: string; conclusion: string | null } {
  if (check.outcome === "running") return { name: check.name, status: "in_progress", conclusion: null };
  return {
    name: check.name,
    status: "completed",
    conclusion: check.outcome === "green" ? "success" : "failure",
  };
}
