import type { EnvironmentRequirements } from "../../../src/config/repo-config.ts";
import type { CommitChecks, ReviewFacts } from "../../../src/github/github-client.ts";
import type { GateFacts } from "../../../src/policy/gates/gate-facts.ts";
import type { Refusal } from "../../../src/policy/reason-codes.ts";
import { NO_REQUIREMENTS } from "../../support/environment-fixture.ts";

export const SHA = "c0ffee".padEnd(40, "0");
export const OLD_SHA = "0ld".padEnd(40, "1");

/** Facts for a write-role `alice` deploying the head of PR #7 into `main`, with nothing read yet. */
export function gateFacts(overrides: Partial<GateFacts> = {}): GateFacts {
  return {
    requester: "alice",
    role: "write",
    requesterTeams: [],
    sha: SHA,
    pullRequest: { number: 7, baseRef: "main" },
    defaultBranch: "main",
    reviews: [],
    checks: { runs: [], statuses: [] },
    approver: undefined,
    dryRun: false,
    ...overrides,
  };
}

export function requirements(overrides: Partial<EnvironmentRequirements> = {}): EnvironmentRequirements {
  return { ...NO_REQUIREMENTS, ...overrides };
}

let clock = 0;
/** A review, each one later than the last. */
export function review(login: string, state: string, commitId = SHA): ReviewFacts {
  clock += 1;
  return { login, state, commitId, submittedAt: clock };
}

export function run(name: string, status: string, conclusion: string | null = null) {
  return { name, status, conclusion };
}

export function checks(
  runs: CommitChecks["runs"] = [],
  statuses: CommitChecks["statuses"] = [],
): CommitChecks {
  return { runs, statuses };
}

/** Every refusal's message and fix in one text, for matching what they say. */
export function said(refusals: readonly Refusal[]): string {
  return refusals.map((refusal) => `${refusal.message}\n${refusal.fix}`).join("\n");
}
