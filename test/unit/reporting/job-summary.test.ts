import { describe, expect, test } from "vitest";
import type { TaskKind } from "../../../src/jobs/job-view.ts";
import { describeJob, describeOrigin, renderJobId } from "../../../src/reporting/render/job-summary.ts";
import { jobSummary } from "../../support/job-view-fixture.ts";

const ZWJ = "\u200d";

describe("describeJob", () => {
  test.each<{ task: TaskKind; environment: string; expected: string; without: string }>([
    {
      task: "deploy",
      environment: "staging",
      expected: "deploy of `abc1234` to **staging**",
      without: "deploy of `abc1234`",
    },
    {
      task: "migrate",
      environment: "staging",
      expected: "migration of **staging** at `abc1234`",
      without: "migration of `abc1234`",
    },
    {
      task: "provision",
      environment: "infra",
      expected: "provision of **infra** at `abc1234`",
      without: "provision of `abc1234`",
    },
    { task: "check", environment: "", expected: "check of `abc1234`", without: "check of `abc1234`" },
  ])("$task", ({ task, environment, expected, without }) => {
    expect(describeJob(jobSummary({ task, environment }))).toBe(expected);
    expect(describeJob(jobSummary({ task, environment }), false)).toBe(without);
  });
});

describe("describeOrigin", () => {
  test.each<{ pullRequest: number | undefined; actor: string; expected: string }>([
    { pullRequest: 41, actor: "alice", expected: `#41 by @${ZWJ}alice` },
    { pullRequest: undefined, actor: "alice", expected: `by @${ZWJ}alice` },
    { pullRequest: -1, actor: "U1 <b>", expected: "by U1 \\<b\\>" },
  ])("$pullRequest $actor", ({ pullRequest, actor, expected }) => {
    expect(describeOrigin({ pullRequest, actor })).toBe(expected);
  });
});

describe("renderJobId", () => {
  test("a long id keeps both ends", () => {
    const id = renderJobId(`task-${"x".repeat(200)}-end`);
    expect(id.startsWith("`task-")).toBe(true);
    expect(id.endsWith("-end`")).toBe(true);
    expect(id.length).toBeLessThanOrEqual(62);
  });
});
