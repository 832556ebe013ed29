import type { ReviewFacts } from "../../github/github-client.ts";

// A comment after an approval leaves the approval standing, as GitHub's own branch protection counts it;
// a dismissal replaces it.
const DECIDING_STATES = new Set(["APPROVED", "CHANGES_REQUESTED", "DISMISSED"]);

/** Each reviewer's latest deciding review (approve, request changes, dismissed), from reviews oldest first. */
export function latestReviews(reviews: readonly ReviewFacts[]): ReviewFacts[] {
  const latest = new Map<string, ReviewFacts>();
  for (const review of reviews) {
    if (DECIDING_STATES.has(review.state)) latest.set(review.login.toLowerCase(), review);
  }
  return [...latest.values()];
}
