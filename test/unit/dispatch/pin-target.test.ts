import { describe, expect, test } from "vitest";
import { pinTarget } from "../../../src/dispatch/pin-target.ts";
import type {
  DeploymentFacts,
  DeploymentState,
  PullRequestFacts,
} from "../../../src/github/github-client.ts";

const HEAD = "a".repeat(40);
const MAIN = "b".repeat(40);
const repo = { owner: "acme", repo: "shop" };
const pullRequest: PullRequestFacts = {
  number: 7,
  state: "open",
  merged: false,
  headSha: HEAD,
  headRef: "feature/x",
  baseRef: "main",
  headRepoFullName: "acme/shop",
  baseRepoFullName: "acme/shop",
};

function client(deployments: (DeploymentFacts & { states: DeploymentState[] })[] = []) {
  const calls: string[] = [];
  return {
    calls,
    async resolveRef(_repo: unknown, ref: string) {
      calls.push(`resolve ${ref}`);
      return ref === "main" ? MAIN : ref === "short" ? "bbbb" : undefined;
    },
    async listDeployments() {
      calls.push("list");
      return deployments;
    },
    async listDeploymentStates(_repo: unknown, id: number) {
      calls.push(`states ${id}`);
      return deployments.find((d) => d.id === id)?.states ?? [];
    },
  };
}

const deploy = (ref?: string) =>
  ({ kind: "deploy", environment: "staging", ref, params: {}, dryRun: false }) as const;

describe("pinTarget", () => {
  test("a plain /deploy pins the pull request's head", async () => {
    const github = client();
    const pinned = await pinTarget(github, repo, deploy(), pullRequest, "staging");
    expect(pinned).toMatchObject({ kind: "pinned", sha: HEAD, ref: "feature/x", from: "pull-request" });
    expect(github.calls).toEqual([]);
  });

  test("a named ref is resolved once and pinned as a ref", async () => {
    const github = client();
    const pinned = await pinTarget(github, repo, deploy("main"), pullRequest, "staging");
    expect(pinned).toMatchObject({ kind: "pinned", sha: MAIN, ref: "main", from: "ref", refIsSha: false });
  });

  test.each(["pull/8/head", "refs/pull/8/merge"])("%s is refused before GitHub is asked", async (ref) => {
    const github = client();
    const pinned = await pinTarget(github, repo, deploy(ref), pullRequest, "staging");
    expect(pinned.kind === "refused" && pinned.reasons.map((r) => r.code)).toEqual([
      "pull-request-ref-not-allowed",
    ]);
    expect(github.calls).toEqual([]);
  });

  test.each(["nope", "short"])("a ref that names no full commit (%s) is refused", async (ref) => {
    const pinned = await pinTarget(client(), repo, deploy(ref), pullRequest, "staging");
    expect(pinned.kind === "refused" && pinned.reasons[0]?.code).toBe("ref-not-found");
  });

  test("/rollback pins the last good deployment before the current one", async () => {
    const github = client([
      { id: 4, sha: "d".repeat(40), ref: "main", createdAt: 4, states: ["success"] },
      { id: 3, sha: "c".repeat(40), ref: "main", createdAt: 3, states: ["failure"] },
      { id: 2, sha: MAIN, ref: "v1.2", createdAt: 2, states: ["inactive", "success"] },
    ]);
    const pinned = await pinTarget(
      github,
      repo,
      { kind: "rollback", environment: "production", dryRun: false },
      pullRequest,
      "production",
    );
    expect(pinned).toMatchObject({
      kind: "pinned",
      sha: MAIN,
      ref: "v1.2",
      from: "ref",
      rollbackFrom: "d".repeat(40),
    });
  });

  test("/rollback with nothing before the current deployment is refused", async () => {
    const github = client([{ id: 4, sha: "d".repeat(40), ref: "main", createdAt: 4, states: ["success"] }]);
    const pinned = await pinTarget(
      github,
      repo,
      { kind: "rollback", environment: "production", dryRun: false },
      pullRequest,
      "production",
    );
    expect(pinned.kind === "refused" && pinned.reasons[0]?.code).toBe("no-previous-deployment");
  });
});
