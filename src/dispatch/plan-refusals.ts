import type { JobState } from "../jobs/job-view.ts";
import { formatDuration } from "../shared/format-duration.ts";
import type { PlanRecord } from "./plan-store.ts";

/** Why `/provision <env> apply` will not apply the latest plan, as a closed list. */
export const PLAN_REASON_CODES = [
  "no-provision-task",
  "no-plan",
  "plan-not-finished",
  "plan-failed",
  "plan-outdated",
  "plan-expired",
  "plan-spent",
  "plan-files-missing",
] as const;
export type PlanReasonCode = (typeof PLAN_REASON_CODES)[number];

export interface PlanRefusal {
  code: PlanReasonCode;
  message: string;
  fix: string;
}

/** What apply looks at: the latest plan, its job as its record shows it now, and the head to apply on. */
export interface PlanFacts {
  environment: string;
  plan: PlanRecord | undefined;
  /** The plan job's state and when it finished, from its record (undefined when the record is gone). */
  planState: JobState | undefined;
  planFinishedAt: number | undefined;
  /** The pull request's head now (or the default branch's, for a request about no pull request). */
  headSha: string;
  now: number;
  maxAgeMs: number;
  /** False when the plan should have kept files and none are stored any more. */
  filesKept: boolean;
}

/** Every reason the latest plan may not be applied now, each with what to do; empty when it may. */
export function planRefusals(facts: PlanFacts): PlanRefusal[] {
  const { plan, environment } = facts;
  const again = `Run \`/provision ${environment} plan\` again, check its summary, then apply it.`;
  if (plan === undefined) {
    return [
      refusal(
        "no-plan",
        `There is no plan for **${environment}** here to apply.`,
        `Run \`/provision ${environment} plan\` first, check its summary, then apply it.`,
      ),
    ];
  }
  if (plan.spentBy !== undefined) {
    return [
      refusal(
        "plan-spent",
        `Plan already applied: \`${plan.spentBy}\` applied the plan \`${plan.jobId}\`, and a plan is applied once.`,
        again,
      ),
    ];
  }
  const reasons: PlanRefusal[] = [];
  const state = facts.planState;
  if (state === "awaiting_approval" || state === "queued" || state === "running") {
    reasons.push(
      refusal(
        "plan-not-finished",
        `The plan \`${plan.jobId}\` has not finished yet (it is ${state.replace("_", " ")}).`,
        "Wait for its status comment to show the plan, then apply it.",
      ),
    );
  } else if (state !== "succeeded") {
    const how = state === undefined ? "its record is gone" : `it ended ${state.replace("_", " ")}`;
    reasons.push(refusal("plan-failed", `The plan \`${plan.jobId}\` did not succeed: ${how}.`, again));
  }
  if (plan.sha !== facts.headSha) {
    reasons.push(
      refusal(
        "plan-outdated",
        `The plan was made on \`${plan.sha.slice(0, 7)}\`, but the head is \`${facts.headSha.slice(0, 7)}\` now.`,
        again,
      ),
    );
  }
  const madeAt = facts.planFinishedAt ?? plan.at;
  if (state === "succeeded" && facts.now - madeAt > facts.maxAgeMs) {
    reasons.push(
      refusal(
        "plan-expired",
        `The plan is ${formatDuration(facts.now - madeAt)} old; plans older than ${formatDuration(facts.maxAgeMs)} are not applied (\`max_plan_age\`).`,
        again,
      ),
    );
  }
  if (state === "succeeded" && !facts.filesKept) {
    reasons.push(refusal("plan-files-missing", "The files the plan kept are no longer stored.", again));
  }
  return reasons;
}

function refusal(code: PlanReasonCode, message: string, fix: string): PlanRefusal {
  return { code, message, fix };
}
