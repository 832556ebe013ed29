import type { Refusal } from "../reason-codes.ts";
import { describeEntries, isListed, sameName } from "./people.ts";

/** True when `login` is in `approvers` by name or through a listed `@org/team` (`teamsOfLogin` holds those). */
export function isApprover(
  approvers: readonly string[],
  login: string,
  teamsOfLogin: readonly string[],
): boolean {
  return isListed(approvers, login, teamsOfLogin);
}

export interface ApproverCheck {
  environment: string;
  approvers: readonly string[];
  /** Who asked for the job. */
  requester: string;
  /** Who is approving it. */
  login: string;
  teamsOfLogin: readonly string[];
}

/** Why `login` may not approve this job, or undefined when they may; nobody approves their own request. */
export function approverRefusal(check: ApproverCheck): Refusal | undefined {
  const { environment, approvers, login } = check;
  const others = describeEntries(approvers);
  if (sameName(login, check.requester)) {
    return {
      code: "self-approval",
      message: `@${login} asked for this job, so cannot also approve it for **${environment}**.`,
      fix: `Ask another approver of **${environment}** to approve it: ${others}.`,
    };
  }
  if (isApprover(approvers, login, check.teamsOfLogin)) return undefined;
  return {
    code: "not-an-approver",
    message: `@${login} is not an approver for **${environment}**.`,
    fix: `Ask ${others} to approve it, or ask a maintainer to add you to \`require.approvers\` of **${environment}** on the default branch.`,
  };
}
