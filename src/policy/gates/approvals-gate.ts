import type { ReviewFacts } from "../../github/github-client.ts";
import type { Refusal } from "../reason-codes.ts";
import type { Gate } from "./gate.ts";
import { counted, shortSha } from "./gate.ts";
import type { GateFacts } from "./gate-facts.ts";
import { latestReviews } from "./latest-reviews.ts";
import { sameName } from "./people.ts";

/**
 * `require.approvals` reviewers whose latest review approves the pinned commit itself; the requester's own
 * approval never counts, and a standing change request blocks whatever the count.
 */
export const approvalsGate: Gate = (requirements, environment, facts) => {
  const needed = requirements.approvals;
  if (needed === 0) return [];
  const pr = facts.pullRequest;
  const wanted = counted(needed, "approving review");
  if (pr === undefined) {
    return [
      {
        code: "approvals-missing",
        message: `**${environment}** needs ${wanted} on the deployed commit, and this deploy names a commit rather than a pull request's head, so there are no reviews to count.`,
        fix: `Deploy from the pull request instead: comment \`/deploy ${environment}\` on it once it has ${wanted}.`,
      },
    ];
  }
  const standing = latestReviews(facts.reviews ?? []);
  const refusals: Refusal[] = [];
  const blockers = standing.filter((review) => review.state === "CHANGES_REQUESTED").map(mention);
  if (blockers.length > 0) {
    refusals.push({
      code: "changes-requested",
      message: `${blockers.join(", ")} requested changes on #${pr.number}; **${environment}** is not deployed while a change request stands.`,
      fix: `Address the review and ask ${blockers.join(", ")} to approve, or have the review dismissed; then comment again.`,
    });
  }
  const missing = approvalShortfall(needed, standing, facts);
  if (missing !== undefined) {
    refusals.push({
      code: "approvals-missing",
      message: `**${environment}** needs ${wanted} on commit ${shortSha(facts.sha)}; ${missing}`,
      fix: `Ask a reviewer to approve #${pr.number} at its current head, then comment again.`,
    });
  }
  return refusals;
};

// What the count is and why the approvals that do not count do not: undefined when there are enough.
function approvalShortfall(
  needed: number,
  standing: readonly ReviewFacts[],
  facts: GateFacts,
): string | undefined {
  const approvals = standing.filter((review) => review.state === "APPROVED");
  const own = approvals.filter((review) => sameName(review.login, facts.requester));
  const others = approvals.filter((review) => !sameName(review.login, facts.requester));
  const current = others.filter((review) => review.commitId.toLowerCase() === facts.sha.toLowerCase());
  if (current.length >= needed) return undefined;
  const stale = others.filter((review) => !current.includes(review));
  const parts = [
    current.length === 0 ? "it has none." : `it has ${current.length} (${current.map(mention).join(", ")}).`,
  ];
  if (stale.length > 0) {
    parts.push(
      `${stale.map(mention).join(", ")} approved an earlier commit, which does not count for this one.`,
    );
  }
  if (own.length > 0) parts.push(`@${facts.requester}'s own approval does not count.`);
  return parts.join(" ");
}

function mention(review: ReviewFacts): string {
  return `@${review.login}`;
}
