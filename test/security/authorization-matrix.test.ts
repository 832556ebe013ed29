import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseRepoConfig } from "../../src/config/parse-repo-config.ts";
import type { EnvironmentConfig } from "../../src/config/repo-config.ts";
import { authorizeDeploy } from "../../src/policy/authorize-deploy.ts";
import { approverRefusal } from "../../src/policy/gates/approver.ts";
import { slackAllowlistRefusals } from "../../src/policy/slack-allowlist.ts";
import { recordFigure } from "../support/figures.ts";
import { eventually, taskExists } from "../support/pr-thread.ts";
import { MatrixCells, PLAIN } from "./support/authz-cells.ts";
import { environmentYaml } from "./support/authz-config.ts";
import { type Cell, mismatches, runLanes } from "./support/authz-matrix.ts";
import {
  expectedAnswer,
  expectedDeploy,
  type PullRequestShape,
  type Requirement,
  slackLimitCodes,
} from "./support/authz-oracle.ts";
import { asks, policyInputs, requirements } from "./support/authz-policy-cells.ts";
import { wordingProblems } from "./support/authz-wording.ts";
import {
  type Environment,
  type Login,
  OPS,
  person,
  RELEASES,
  slackIdOf,
  startWorld,
  type World,
} from "./support/authz-world.ts";

/** Cells judged and mismatches found across the file, for the figures the last test records. */
const tally = { policy: 0, endToEnd: 0, mismatches: 0 };

function environmentOf(name: string, requirement: Requirement): EnvironmentConfig {
  const parsed = parseRepoConfig(
    `environments:\n${environmentYaml(name, requirement, ["deploy: ./deploy.sh"])}`,
  );
  if (parsed.kind !== "valid") throw new Error(`${name}: ${JSON.stringify(parsed.problems)}`);
  const [environment] = parsed.config.environments;
  if (environment === undefined) throw new Error(`${name}: no environment`);
  return environment;
}

const key = (codes: readonly string[]): string => [...codes].sort().join(",");

describe("policy level: the full cross product", () => {
  test("authorizeDeploy refuses exactly the rules the oracle finds unmet, for every requirement × person × pull request", (context) => {
    const environments = [...requirements()].map(({ name, requirement }) => ({
      environment: environmentOf(name, requirement),
      requirement,
    }));
    const sample: string[] = [];
    let cells = 0;
    let wrong = 0;
    for (const ask of asks()) {
      const inputs = policyInputs(ask);
      for (const { environment, requirement } of environments) {
        const decision = authorizeDeploy(...inputs(environment));
        const got = decision.kind === "allow" ? "" : key(decision.reasons.map((reason) => reason.code));
        const expected = expectedDeploy(requirement, ask);
        const want = expected.kind === "refused" ? key(expected.codes) : "";
        cells += 1;
        if (got === want) continue;
        wrong += 1;
        // The first few say enough: a broken rule shows in thousands of cells.
        if (sample.length < 20)
          sample.push(`${environment.name} ${JSON.stringify(ask)}: expected [${want}], got [${got}]`);
      }
    }
    tally.policy += cells;
    tally.mismatches += wrong;
    recordFigure(context, "matrix cells (policy: deploy gates)", cells);
    expect({ wrong, sample }).toEqual({ wrong: 0, sample: [] });
    // About a million cells: a few seconds on an idle machine, several times that on a busy one.
  }, 90_000);

  test("approvers: self-approval and anyone unlisted are refused; a listed login or team member approves", (context) => {
    const lists = [["carol"], ["@acme/release"], ["Carol", "@acme/release"], ["@ACME/Release"]];
    const found: string[] = [];
    let cells = 0;
    for (const approvers of lists)
      for (const requester of ["wendy", "carol", "dave"] as const)
        for (const answerer of ["wendy", "carol", "dave", "mallory", "nora", "ada"] as const) {
          const who = person(answerer);
          const refusal = approverRefusal({
            environment: "gated",
            approvers,
            requester,
            login: answerer,
            teamsOfLogin: who.teams,
          });
          const expected = expectedAnswer({ approvers }, requester, who);
          const want = expected.kind === "refused" ? key(expected.codes) : "";
          cells += 1;
          if ((refusal?.code ?? "") !== want)
            found.push(`${answerer} on ${requester}'s job, ${approvers}: ${refusal?.code}`);
        }
    tally.policy += cells;
    tally.mismatches += found.length;
    recordFigure(context, "matrix cells (policy: approvers)", cells);
    expect(found).toEqual([]);
  });

  test("Slack limits: allowed_channels by id or #name and allowed_users, each named when unmet", (context) => {
    const limits: Requirement["slack"][] = [
      undefined,
      { allowedChannels: ["#releases"] },
      { allowedChannels: [RELEASES.id] },
      { allowedUsers: [slackIdOf("erin")] },
      { allowedChannels: ["#releases"], allowedUsers: [slackIdOf("erin")] },
    ];
    const channels = [RELEASES, { id: RELEASES.id, name: "" }, OPS];
    const found: string[] = [];
    let cells = 0;
    for (const slack of limits)
      for (const channel of channels)
        for (const user of ["erin", "wendy"] as const) {
          const requirement: Requirement = slack === undefined ? {} : { slack };
          const place = {
            channelId: channel.id,
            channelName: channel.name,
            userId: slackIdOf(user),
            linked: true,
          };
          const refusals = slackAllowlistRefusals(environmentOf("room", requirement), {
            channelId: channel.id,
            channelName: channel.name || undefined,
            userId: place.userId,
          });
          const codes = slackLimitCodes(requirement, place);
          const text = refusals.map((refusal) => refusal.message).join("\n");
          const problems = wordingProblems(text, codes, { environment: "room" });
          cells += 1;
          if (refusals.some((refusal) => refusal.code !== "not-in-allowlist")) problems.push("wrong code");
          if (problems.length > 0) found.push(`${JSON.stringify(slack)} ${channel.id} ${user}: ${problems}`);
        }
    tally.policy += cells;
    tally.mismatches += found.length;
    recordFigure(context, "matrix cells (policy: Slack limits)", cells);
    expect(found).toEqual([]);
  });
});

describe("end to end: signed requests in, a job or a refusal naming the unmet requirement out", () => {
  let world: World;
  let cells: MatrixCells;
  const bySurface = new Map<string, number>();

  beforeAll(async () => {
    world = await startWorld();
    cells = new MatrixCells(world);
  });

  afterAll(async () => {
    await world?.stop();
  });

  /** Runs the lanes and returns their mismatches; counts each surface's cells for the figures. */
  async function judge(lanes: Cell[][]): Promise<string[]> {
    const judged = await runLanes(lanes);
    for (const { cell } of judged) bySurface.set(cell.surface, (bySurface.get(cell.surface) ?? 0) + 1);
    const found = mismatches(judged);
    tally.endToEnd += judged.length;
    tally.mismatches += found.length;
    return found;
  }

  const ROLES: readonly Login[] = ["nora", "rita", "tom", "wendy", "max", "ada"];
  /** Each permission level with the role just below it and the role that meets it. */
  const BOUNDARIES: readonly [Environment, Login, Login][] = [
    ["perm-read", "nora", "rita"],
    ["perm-triage", "rita", "tom"],
    ["perm-write", "tom", "wendy"],
    ["perm-maintain", "wendy", "max"],
    ["perm-admin", "max", "ada"],
  ];
  const REVIEWED: readonly PullRequestShape["reviews"][] = [
    [{ login: "bob", state: "APPROVED", onHead: true }],
    [],
    [{ login: "wendy", state: "APPROVED", onHead: true }],
    [{ login: "bob", state: "APPROVED", onHead: false }],
    [
      { login: "bob", state: "APPROVED", onHead: true },
      { login: "carol", state: "CHANGES_REQUESTED", onHead: true },
    ],
  ];
  const CHECKED: readonly PullRequestShape["checks"][] = [
    [{ name: "build", outcome: "green" }],
    [{ name: "build", outcome: "red" }],
    [{ name: "build", outcome: "running" }],
    [{ name: "lint", outcome: "green" }],
  ];

  /** The cells every deploy surface gets: each role, and each requirement both met and unmet. */
  function deployLanes(surface: "pr" | "slack"): Cell[][] {
    const lane = (login: Login, environment: Environment, patch: Partial<PullRequestShape> = {}) => [
      cells.deploy(surface, login, environment, { ...PLAIN, ...patch }),
    ];
    return [
      ...ROLES.map((login) => lane(login, "open")),
      ...BOUNDARIES.flatMap(([environment, below, at]) => [lane(below, environment), lane(at, environment)]),
      lane("frank", "teams"),
      lane("erin", "teams"),
      lane("erin", "users"),
      lane("wendy", "users"),
      ...REVIEWED.map((reviews) => lane("wendy", "reviewed", { reviews })),
      ...CHECKED.map((checks) => lane("wendy", "checked", { checks })),
      lane("wendy", "branchy", { base: "release/1.x" }),
      lane("wendy", "branchy", { base: "develop" }),
      lane("wendy", "gated"),
      // Several rules unmet at once: each is named.
      lane("rita", "reviewed", { base: "develop", origin: "fork" }),
      [cells.deploy(surface, "wendy", "reviewed", PLAIN, { dryRun: true })],
      [cells.deploy(surface, "rita", "perm-admin", PLAIN, { dryRun: true })],
    ];
  }

  test("PR comment `/deploy <env>`: every role and every requirement", async () => {
    const lanes = [
      ...deployLanes("pr"),
      // Slack's limits are Slack's: a PR comment is held to the GitHub rules only.
      [cells.deploy("pr", "wendy", "room")],
      [cells.deploy("pr", "wendy", "people")],
    ];
    expect(await judge(lanes)).toEqual([]);
  });

  test("Slack `/shipmate deploy acme/shop#N to <env>`: every role and requirement, linked or not, Slack limits", async () => {
    const lanes = [
      ...deployLanes("slack"),
      [cells.deploy("slack", "unlinked", "open")],
      [cells.deploy("slack", "wendy", "room")],
      [cells.deploy("slack", "wendy", "room", PLAIN, { channel: RELEASES })],
      [cells.deploy("slack", "erin", "people")],
      [cells.deploy("slack", "wendy", "people")],
      [cells.deploy("slack", "rita", "room")],
    ];
    expect(await judge(lanes)).toEqual([]);
  });

  test("forks, deleted forks and bases other than the default branch: refused unless the config allows them", async () => {
    const lanes = (["pr", "slack"] as const).flatMap((surface) =>
      (
        [
          ["wendy", "open", { origin: "fork" }],
          ["wendy", "open", { origin: "deleted" }],
          ["wendy", "open", { base: "develop" }],
          ["ada", "open", { base: "release/1.x", origin: "fork" }],
          ["wendy", "forks", { origin: "fork" }],
          ["wendy", "forks", { origin: "deleted" }],
          ["wendy", "branchy", { base: "release/1.x", origin: "fork" }],
        ] as const
      ).map(([login, environment, patch]) => [
        cells.deploy(surface, login, environment, { ...PLAIN, ...patch }),
      ]),
    );
    expect(await judge(lanes)).toEqual([]);
  });

  test("Slack buttons Approve, Reject and Cancel pressed by each role, the requester, outsiders and the unlinked", async () => {
    const lanes = [
      cells.answers("Slack button", "gated", "wendy", [
        ["approve", "wendy"],
        ["approve", "mallory"],
        ["approve", "nora"],
        ["approve", "unlinked"],
        ["approve", "dave"],
      ]),
      cells.answers("Slack button", "gated", "wendy", [
        ["reject", "tom"],
        ["reject", "carol"],
      ]),
      cells.answers("Slack button", "gated", "wendy", [
        ["cancel", "nora"],
        ["cancel", "rita"],
        ["cancel", "tom"],
        ["cancel", "max"],
      ]),
      cells.answers("Slack button", "gated", "wendy", [["cancel", "ada"]]),
      cells.answers("Slack button", "gated", "ada", [["cancel", "ada"]]),
      // An environment's Slack limits hold for its buttons as for its commands.
      cells.answers("Slack button", "gated-people", "wendy", [
        ["approve", "carol"],
        ["cancel", "max"],
        ["approve", "dave"],
      ]),
      cells.answers(
        "Slack button",
        "gated-room",
        "wendy",
        [
          ["approve", "carol", OPS],
          ["reject", "dave", OPS],
          ["cancel", "wendy", OPS],
          ["approve", "carol"],
        ],
        RELEASES,
      ),
    ];
    expect(await judge(lanes)).toEqual([]);
  });

  test("PR `/approve`, `/reject` and `/cancel` comments by each role, the requester and outsiders", async () => {
    const lanes = [
      cells.answers("PR /approve", "gated", "wendy", [
        ["approve", "wendy"],
        ["approve", "nora"],
        ["approve", "rita"],
        ["approve", "tom"],
        ["approve", "max"],
        ["approve", "ada"],
        ["approve", "mallory"],
        ["approve", "carol"],
      ]),
      cells.answers("PR /approve", "gated", "wendy", [
        ["reject", "mallory"],
        ["reject", "dave"],
      ]),
      cells.answers("PR /approve", "gated", "max", [
        ["cancel", "rita"],
        ["cancel", "tom"],
        ["cancel", "max"],
      ]),
      cells.answers("PR /approve", "gated", "wendy", [["approve", "dave"]]),
      // Slack's limits are not the pull request's: carol approves there.
      cells.answers("PR /approve", "gated-people", "wendy", [["approve", "carol"]]),
    ];
    expect(await judge(lanes)).toEqual([]);
  });

  test("no refused command left a job; every allowed deploy ran exactly once, and nothing else ran", async (context) => {
    for (const jobId of cells.refusedJobs) expect(await taskExists(world.app, jobId), jobId).toBe(false);
    const file = join(world.out, "runs");
    const runs = () => (existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : []);
    const missing = () => [...cells.shouldRun].filter((line) => !runs().includes(line));
    await eventually(
      () => (missing().length === 0 ? true : undefined),
      20_000,
      "every allowed deploy to run",
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; these did not run: ${missing().join(", ")}`);
    });
    expect(runs().toSorted()).toEqual([...cells.shouldRun].toSorted());
    for (const [surface, count] of bySurface) recordFigure(context, `matrix cells (${surface})`, count);
    recordFigure(context, "matrix cells (policy)", tally.policy);
    recordFigure(context, "matrix cells (end to end)", tally.endToEnd);
    recordFigure(context, "mismatches", tally.mismatches);
  });
});
