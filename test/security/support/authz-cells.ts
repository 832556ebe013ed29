import type { SlackJobAction } from "../../../src/slack/slack-actions.ts";
import type { Cell } from "./authz-matrix.ts";
import {
  DEFAULT_BRANCH,
  type Expected,
  expectedAnswer,
  expectedCancel,
  expectedDeploy,
  fromSlack,
  type PullRequestShape,
  type Requirement,
} from "./authz-oracle.ts";
import {
  answerOnPullRequest,
  commandFromSlack,
  deployFromComment,
  pressButton,
  type SlackUser,
  untilAnswerable,
} from "./authz-surfaces.ts";
import {
  ENVIRONMENTS,
  type Environment,
  type Login,
  OPS,
  person,
  slackIdOf,
  UNLINKED,
  type World,
} from "./authz-world.ts";

/** A pull request into the default branch from the repository itself, with no reviews or checks. */
export const PLAIN: PullRequestShape = { base: DEFAULT_BRANCH, origin: "same", reviews: [], checks: [] };

/** An answer to a job awaiting approval: what, by whom (a login, or a Slack user linked to none), from where. */
export type Answer = [action: SlackJobAction, by: Login | "unlinked", channel?: SlackUser["channel"]];

export interface DeployOptions {
  /** Where a Slack command is typed (#ops unless said). */
  channel?: SlackUser["channel"];
  dryRun?: boolean;
}

/**
 * Builds end-to-end cells on `world`, each on a pull request of its own, with the oracle's expectation,
 * and keeps what the last check needs: which deploys must run, and which refused jobs must not exist.
 */
export class MatrixCells {
  /** `<environment> pr=<n>` of every job the oracle lets run. */
  readonly shouldRun = new Set<string>();
  /** The job ids refused deploys would have had. */
  readonly refusedJobs: string[] = [];

  readonly world: World;

  constructor(world: World) {
    this.world = world;
  }

  /** `/deploy <env>` (or its Slack form) by `login` on a fresh pull request of that shape. */
  deploy(
    surface: "pr" | "slack",
    login: Login | "unlinked",
    environment: Environment,
    shape: PullRequestShape = PLAIN,
    options: DeployOptions = {},
  ): Cell {
    const world = this.world;
    const requirement: Requirement = ENVIRONMENTS[environment];
    const pr = world.openPullRequest(shape);
    // Someone unlinked is refused before any GitHub rule, so who stands in for them changes nothing.
    const asker = login === "unlinked" ? person("wendy") : person(login);
    const dryRun = options.dryRun ?? false;
    const flag = dryRun ? " --dry-run" : "";
    let expected: Expected = expectedDeploy(requirement, { requester: asker, pr: shape, dryRun });
    let ask = () => deployFromComment(world, asker.login, pr, `/deploy ${environment}${flag}`);
    if (surface === "slack") {
      const channel = options.channel ?? OPS;
      const userId = login === "unlinked" ? UNLINKED : slackIdOf(login);
      const linked = login !== "unlinked";
      expected = fromSlack(expected, requirement, {
        channelId: channel.id,
        channelName: channel.name,
        userId,
        linked,
      });
      ask = () =>
        commandFromSlack(world, { userId, channel }, `deploy acme/shop#${pr} to ${environment}${flag}`);
    }
    if (expected.kind === "queued") this.shouldRun.add(`${environment} pr=${pr}`);
    return {
      surface: surface === "pr" ? "PR comment" : "Slack command",
      what: `${surface} /deploy ${environment}${flag} by ${login} on #${pr} (${shape.base}, ${shape.origin})`,
      expected,
      worded: { environment, access: asker.access, needed: requirement.permission ?? "write" },
      pullRequest: pr,
      run: async () => {
        const observed = await ask();
        if (observed.kind === "refused") this.refusedJobs.push(observed.jobId);
        return observed;
      },
    };
  }

  /**
   * A job asked for by `requester` on an environment with approvers, then answered in turn by button or by
   * comment. The one answer that takes effect comes last; the job runs only if that is an approval.
   */
  answers(
    surface: "Slack button" | "PR /approve",
    environment: Environment,
    requester: Login,
    answers: readonly Answer[],
    startIn: SlackUser["channel"] = OPS,
  ): Cell[] {
    const world = this.world;
    const requirement: Requirement = ENVIRONMENTS[environment];
    const where = surface === "Slack button" ? "slack" : "pr";
    const start = this.deploy(where, requester, environment, PLAIN, { channel: startIn });
    let jobId = "";
    const started = start.run;
    // Answered once it shows it awaits approval, as a person would answer it.
    start.run = async () => {
      const observed = await started();
      jobId = observed.jobId;
      if (observed.kind === "awaiting-approval") await untilAnswerable(world, jobId, where);
      return observed;
    };
    const pr = start.pullRequest;
    const cells = answers.map(([action, by, channel = startIn]): Cell => {
      const who = person(by === "unlinked" ? "wendy" : by);
      const base =
        action === "cancel"
          ? expectedCancel(requirement, requester, who)
          : expectedAnswer(requirement, requester, who);
      const userId = by === "unlinked" ? UNLINKED : slackIdOf(by);
      const place = { channelId: channel.id, channelName: channel.name, userId, linked: by !== "unlinked" };
      const login = by === "unlinked" ? undefined : by;
      return {
        surface,
        what: `${surface} ${action} by ${by} in ${channel.name} on ${requester}'s job on ${environment} (#${pr})`,
        expected: surface === "Slack button" ? fromSlack(base, requirement, place) : base,
        worded: { environment, access: who.access, needed: requirement.permission ?? "write" },
        pullRequest: pr,
        run: () =>
          surface === "Slack button"
            ? pressButton(world, action, jobId, { userId, channel }, login)
            : answerOnPullRequest(world, who.login, pr, action, jobId),
      };
    });
    const last = cells.at(-1);
    if (answers.at(-1)?.[0] === "approve" && last?.expected.kind === "queued") {
      this.shouldRun.add(`${environment} pr=${pr}`);
    }
    return [start, ...cells];
  }
}
