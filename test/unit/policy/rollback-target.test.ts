import { describe, expect, test } from "vitest";
import type { DeploymentFacts, DeploymentState } from "../../../src/github/github-client.ts";
import { findRollbackTarget, ROLLBACK_HISTORY_LIMIT } from "../../../src/policy/find-rollback-target.ts";
import {
  chooseRollbackTarget,
  type DeploymentHistoryEntry,
  type RollbackTarget,
} from "../../../src/policy/rollback-target.ts";

const sha = (c: string) => c.repeat(40);

/** Deployment `id` of commit `c`, its statuses given oldest first as one reads a timeline. */
function deployment(id: number, c: string, ...timeline: DeploymentState[]): DeploymentHistoryEntry {
  return { id, sha: sha(c), ref: `ref-${c}`, createdAt: id * 1000, states: timeline.toReversed() };
}

const found = (target: DeploymentHistoryEntry, current: DeploymentHistoryEntry): RollbackTarget => ({
  kind: "found",
  target: { id: target.id, sha: target.sha, ref: target.ref },
  current: { id: current.id, sha: current.sha },
});

// Each history is newest first, as the Deployments API lists it.
const d1 = deployment(1, "a", "in_progress", "success", "inactive");
const d2 = deployment(2, "b", "in_progress", "success", "inactive");
const d3 = deployment(3, "c", "in_progress", "success");
const failed4 = deployment(4, "d", "in_progress", "failure");
const sameAsCurrent = deployment(2, "c", "in_progress", "success", "inactive");

describe("chooseRollbackTarget", () => {
  const cases: { name: string; history: DeploymentHistoryEntry[]; expected: RollbackTarget }[] = [
    { name: "no deployments", history: [], expected: { kind: "none", reason: "no-deployments" } },
    {
      name: "deployments that never succeeded",
      history: [failed4, deployment(1, "a", "queued", "error")],
      expected: { kind: "none", reason: "no-deployments" },
    },
    {
      name: "one successful deployment: nothing before it",
      history: [d1],
      expected: { kind: "none", reason: "no-previous" },
    },
    { name: "the one before the current", history: [d3, d2, d1], expected: found(d2, d3) },
    {
      name: "a newer failed deployment is not current: the newest success is",
      history: [failed4, d3, d2, d1],
      expected: found(d2, d3),
    },
    {
      name: "a success later marked inactive still counts as having succeeded",
      history: [d2, d1],
      expected: found(d1, d2),
    },
    {
      name: "an older deployment of the current commit is skipped",
      history: [d3, sameAsCurrent, d1],
      expected: found(d1, d3),
    },
    {
      name: "only deployments of the current commit before it",
      history: [d3, sameAsCurrent],
      expected: { kind: "none", reason: "no-previous" },
    },
    {
      name: "an older deployment that never succeeded is skipped",
      history: [d3, deployment(2, "b", "in_progress", "error"), d1],
      expected: found(d1, d3),
    },
    {
      name: "one still running is not current",
      history: [deployment(4, "d", "queued", "in_progress"), d3, d2],
      expected: found(d2, d3),
    },
  ];
  test.each(cases)("$name", ({ history, expected }) => {
    expect(chooseRollbackTarget(history)).toEqual(expected);
  });
});

describe("findRollbackTarget", () => {
  function client(history: DeploymentHistoryEntry[]) {
    const calls: string[] = [];
    return {
      calls,
      github: {
        async listDeployments(
          _repo: unknown,
          environment: string,
          limit: number,
        ): Promise<DeploymentFacts[]> {
          calls.push(`list ${environment} ${limit}`);
          return history.map(({ states: _states, ...facts }) => facts);
        },
        async listDeploymentStates(_repo: unknown, id: number): Promise<DeploymentState[]> {
          calls.push(`states ${id}`);
          return [...(history.find((entry) => entry.id === id)?.states ?? [])];
        },
      },
    };
  }
  const REPO = { owner: "acme", repo: "shop" };

  test("lists up to 30 deployments of the environment and stops reading once both are known", async () => {
    const { github, calls } = client([failed4, d3, d2, d1]);
    expect(await findRollbackTarget(github, REPO, "production")).toEqual(found(d2, d3));
    expect(calls).toEqual([`list production ${ROLLBACK_HISTORY_LIMIT}`, "states 4", "states 3", "states 2"]);
  });

  test("does not read the statuses of other deployments of the current commit", async () => {
    const { github, calls } = client([d3, sameAsCurrent, d1]);
    expect(await findRollbackTarget(github, REPO, "production")).toEqual(found(d1, d3));
    expect(calls).toEqual([`list production ${ROLLBACK_HISTORY_LIMIT}`, "states 3", "states 1"]);
  });

  test("reads everything when there is nothing to go back to", async () => {
    const { github, calls } = client([failed4, d1]);
    expect(await findRollbackTarget(github, REPO, "production")).toEqual({
      kind: "none",
      reason: "no-previous",
    });
    expect(calls).toHaveLength(3);
  });

  test("no deployments at all", async () => {
    const { github } = client([]);
    expect(await findRollbackTarget(github, REPO, "production")).toEqual({
      kind: "none",
      reason: "no-deployments",
    });
  });
});
