import { describe, expect, test } from "vitest";
import type { RepositoryStatus } from "../../../src/jobs/repository-status.ts";
import { renderRepositoryStatus } from "../../../src/reporting/render/repository-status.ts";
import { holdView, jobSummary } from "../../support/job-view-fixture.ts";
import { HOSTILE, inertProblems } from "./hostile.ts";

const NOW = 2 * 3_600_000 + 5 * 60_000;
const ZWJ = "\u200d";

type EnvironmentStatus = RepositoryStatus["environments"][number];

function env(name: string, overrides: Partial<EnvironmentStatus> = {}): EnvironmentStatus {
  return { name, running: undefined, waiting: [], hold: undefined, ...overrides };
}

describe("renderRepositoryStatus", () => {
  test.each<{ name: string; status: RepositoryStatus }>([
    { name: "no environments", status: { environments: [], awaitingApproval: [] } },
    {
      name: "only idle environments",
      status: { environments: [env("staging"), env("production")], awaitingApproval: [] },
    },
  ])("$name: says nothing is going on", ({ status }) => {
    expect(renderRepositoryStatus(status, NOW)).toBe("Nothing is running, waiting or locked.");
  });

  test("per environment: the hold, what runs and what waits in order; then approvals; then idle ones", () => {
    const status: RepositoryStatus = {
      environments: [
        env("dev"),
        env("staging", {
          hold: holdView({ environment: "staging", reason: "qa" }),
          running: jobSummary({ id: "task-9", state: "running", pullRequest: 41, since: NOW - 65_000 }),
          waiting: [
            jobSummary({ id: "task-10", actor: "bob", since: NOW - 30_000 }),
            jobSummary({ id: "task-11", task: "migrate", pullRequest: undefined, since: NOW - 5_000 }),
          ],
        }),
        env("qa"),
      ],
      awaitingApproval: [jobSummary({ id: "task-12", environment: "production", since: NOW - 600_000 })],
    };
    expect(renderRepositoryStatus(status, NOW)).toBe(
      [
        "**Shipmate status**",
        "",
        "**staging**",
        `- 🔒 Locked for #12 by @${ZWJ}alice, 2h 05m 00s ago: qa.`,
        `- 🚧 Running: \`task-9\` deploy of \`abc1234\`, #41 by @${ZWJ}alice, for 1m 05s`,
        "- ⏳ Waiting, in the order they will run:",
        `  1. \`task-10\` deploy of \`abc1234\`, #42 by @${ZWJ}bob, waiting 30s`,
        `  2. \`task-11\` migration of \`abc1234\`, by @${ZWJ}alice, waiting 5s`,
        "",
        "✋ **Awaiting approval**",
        `- \`task-12\` deploy of \`abc1234\` to **production**, #42 by @${ZWJ}alice, waiting 10m 00s`,
        "",
        "Nothing running, waiting or locked in **dev**, **qa**.",
      ].join("\n"),
    );
  });

  test("only approvals pending still shows them", () => {
    const markdown = renderRepositoryStatus(
      { environments: [env("production")], awaitingApproval: [jobSummary({ environment: "production" })] },
      NOW,
    );
    expect(markdown).toContain("✋ **Awaiting approval**");
    expect(markdown.endsWith("Nothing running, waiting or locked in **production**.")).toBe(true);
  });

  test("a hold alone makes an environment busy", () => {
    const markdown = renderRepositoryStatus(
      { environments: [env("production", { hold: holdView() })], awaitingApproval: [] },
      NOW,
    );
    expect(markdown).toBe(
      `**Shipmate status**\n\n**production**\n- 🔒 Locked for #12 by @${ZWJ}alice, 2h 05m 00s ago.`,
    );
  });

  test("long lines, many environments and many approvals are capped", () => {
    const waiting = Array.from({ length: 25 }, (_, i) => jobSummary({ id: `task-${i}` }));
    const environments = Array.from({ length: 30 }, (_, i) => env(`env-${i}`, { waiting }));
    const awaitingApproval = Array.from({ length: 15 }, (_, i) => jobSummary({ id: `approve-${i}` }));
    const markdown = renderRepositoryStatus({ environments, awaitingApproval }, NOW);
    const lines = markdown.split("\n");
    expect(lines.filter((l) => /^\*\*env-\d+\*\*$/.test(l))).toHaveLength(20);
    expect(lines).toContain("… and 10 more environments in use");
    expect(lines.filter((l) => l === "  - … and 15 more")).toHaveLength(20);
    expect(lines.filter((l) => l.startsWith("- `approve-"))).toHaveLength(10);
    expect(lines).toContain("- … and 5 more");
    expect(markdown.length).toBeLessThan(30_000);
  });

  test("many idle environments are counted, not all named", () => {
    const environments = [
      env("busy", { hold: holdView() }),
      ...Array.from({ length: 25 }, (_, i) => env(`idle-${i}`)),
    ];
    const markdown = renderRepositoryStatus({ environments, awaitingApproval: [] }, NOW);
    expect(markdown.endsWith("**idle-19** and 5 more.")).toBe(true);
  });

  test.each(HOSTILE)("names, reasons and ids with $name cannot add markup or ping anyone", ({ text }) => {
    const job = jobSummary({ id: text, environment: text, actor: text });
    const markdown = renderRepositoryStatus(
      {
        environments: [
          env(text, {
            hold: holdView({ reason: text, login: text, environment: text }),
            running: job,
            waiting: [job],
          }),
          env(`${text} idle`),
        ],
        awaitingApproval: [job],
      },
      NOW,
    );
    expect(inertProblems(markdown)).toEqual([]);
    expect(markdown.length).toBeLessThan(2_000);
  });
});
