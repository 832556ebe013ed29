import { describe, expect, test } from "vitest";
import type { ReviewFacts } from "../../../src/github/github-client.ts";
import { approvalsGate } from "../../../src/policy/gates/approvals-gate.ts";
import type { ReasonCode } from "../../../src/policy/reason-codes.ts";
import { gateFacts, OLD_SHA, requirements, review, said } from "./gate-fixtures.ts";

describe("approvalsGate: approving reviews on the pinned commit", () => {
  const cases: {
    name: string;
    approvals: number;
    reviews: ReviewFacts[];
    expected: readonly ReasonCode[];
    says?: RegExp[];
  }[] = [
    { name: "none needed", approvals: 0, reviews: [], expected: [] },
    {
      name: "none needed: a change request does not matter either",
      approvals: 0,
      reviews: [review("bob", "CHANGES_REQUESTED")],
      expected: [],
    },
    {
      name: "one approval of the pinned commit",
      approvals: 1,
      reviews: [review("bob", "APPROVED")],
      expected: [],
    },
    {
      name: "no reviews at all",
      approvals: 1,
      reviews: [],
      expected: ["approvals-missing"],
      says: [/needs 1 approving review on commit `c0ffee0`; it has none\./, /#7 at its current head/],
    },
    {
      name: "an approval of an earlier commit does not count",
      approvals: 1,
      reviews: [review("bob", "APPROVED", OLD_SHA)],
      expected: ["approvals-missing"],
      says: [/@bob approved an earlier commit, which does not count for this one/],
    },
    {
      name: "the requester's own approval does not count",
      approvals: 1,
      reviews: [review("alice", "APPROVED")],
      expected: ["approvals-missing"],
      says: [/@alice's own approval does not count/],
    },
    {
      name: "the requester's own approval in another letter case does not count",
      approvals: 1,
      reviews: [review("Alice", "APPROVED")],
      expected: ["approvals-missing"],
    },
    {
      name: "two needed, one given: the count and who",
      approvals: 2,
      reviews: [review("bob", "APPROVED"), review("carol", "COMMENTED")],
      expected: ["approvals-missing"],
      says: [/needs 2 approving reviews .* it has 1 \(@bob\)\./],
    },
    {
      name: "the same reviewer approving twice counts once",
      approvals: 2,
      reviews: [review("bob", "APPROVED"), review("BOB", "APPROVED")],
      expected: ["approvals-missing"],
    },
    {
      name: "two reviewers approving",
      approvals: 2,
      reviews: [review("bob", "APPROVED"), review("carol", "APPROVED")],
      expected: [],
    },
    {
      name: "a comment after an approval leaves it standing",
      approvals: 1,
      reviews: [review("bob", "APPROVED"), review("bob", "COMMENTED")],
      expected: [],
    },
    {
      name: "an approval that was dismissed",
      approvals: 1,
      reviews: [review("bob", "DISMISSED")],
      expected: ["approvals-missing"],
    },
    {
      name: "an approval followed by a dismissal",
      approvals: 1,
      reviews: [review("bob", "APPROVED"), review("bob", "DISMISSED")],
      expected: ["approvals-missing"],
    },
    {
      name: "a change request later replaced by an approval",
      approvals: 1,
      reviews: [review("bob", "CHANGES_REQUESTED"), review("bob", "APPROVED")],
      expected: [],
    },
    {
      name: "an approval later replaced by a change request",
      approvals: 1,
      reviews: [review("bob", "APPROVED"), review("bob", "CHANGES_REQUESTED")],
      expected: ["changes-requested", "approvals-missing"],
      says: [/@bob requested changes on #7/],
    },
    {
      name: "enough approvals, but someone else's change request stands",
      approvals: 1,
      reviews: [review("carol", "CHANGES_REQUESTED", OLD_SHA), review("bob", "APPROVED")],
      expected: ["changes-requested"],
      says: [/@carol requested changes/, /ask @carol to approve, or have the review dismissed/],
    },
    {
      name: "a pending review counts for nothing",
      approvals: 1,
      reviews: [review("bob", "PENDING")],
      expected: ["approvals-missing"],
    },
  ];
  test.each(cases)("$name", ({ approvals, reviews, expected, says }) => {
    const refusals = approvalsGate(requirements({ approvals }), "production", gateFacts({ reviews }));
    expect(refusals.map((r) => r.code)).toEqual(expected);
    for (const pattern of says ?? []) expect(said(refusals)).toMatch(pattern);
  });

  test("a deploy of a named ref cannot count approvals: deploy from the pull request instead", () => {
    const refusals = approvalsGate(
      requirements({ approvals: 2 }),
      "production",
      gateFacts({ pullRequest: undefined, reviews: undefined }),
    );
    expect(refusals.map((r) => r.code)).toEqual(["approvals-missing"]);
    expect(said(refusals)).toMatch(/no reviews to count/);
    expect(refusals[0]?.fix).toMatch(
      /Deploy from the pull request instead: comment `\/deploy production`.*2 approving reviews/,
    );
  });

  test("reviews that were not read count as none (the gate stays closed)", () => {
    const refusals = approvalsGate(
      requirements({ approvals: 1 }),
      "production",
      gateFacts({ reviews: undefined }),
    );
    expect(refusals.map((r) => r.code)).toEqual(["approvals-missing"]);
  });
});
