import { formatTimestamp } from "../reporting/render/text.ts";
import type { OperatorCheck } from "./operator-auth.ts";
import type { JobLinkCheck } from "./signed-job-link.ts";

export type JobPageAccess =
  | { kind: "allowed" }
  /** `challenge`: answer with `WWW-Authenticate`, so a browser asks for the operator login. */
  | { kind: "refused"; status: 401 | 403; message: string; challenge: boolean };

export interface AccessFacts {
  operator: OperatorCheck;
  /** Undefined when the request carries no `exp` or `sig`. */
  link: JobLinkCheck | undefined;
  /** Whether operators can sign in at all (OPERATOR_PASSWORD is set). */
  operatorsEnabled: boolean;
}

/** Whether a request may see a job page: a valid signed link or the operator login lets it in. */
export function decideJobPageAccess(facts: AccessFacts): JobPageAccess {
  if (facts.link?.kind === "valid" || facts.operator === "valid") return { kind: "allowed" };
  const signIn = facts.operatorsEnabled ? " An operator can sign in instead." : "";
  const refuse = (
    message: string,
    status: 401 | 403 = facts.operatorsEnabled ? 401 : 403,
  ): JobPageAccess => ({
    kind: "refused",
    status,
    message,
    challenge: status === 401,
  });
  if (facts.operator === "wrong") {
    return facts.operatorsEnabled
      ? refuse("The operator user name or password is wrong: check OPERATOR_USER and OPERATOR_PASSWORD.", 401)
      : refuse("Operator sign-in is off on this server (OPERATOR_PASSWORD is not set).", 403);
  }
  if (facts.link?.kind === "expired") {
    return refuse(
      `This job link expired at ${formatTimestamp(facts.link.expiredAt)}: links last JOB_LINK_TTL (7 days unless set).${signIn}`,
    );
  }
  if (facts.link?.kind === "invalid") {
    return refuse(
      "This job link is not valid: it was changed, or signed with another key. Open the link from the status comment exactly as it is.",
      403,
    );
  }
  return refuse(`This page needs the signed link from the job's status comment.${signIn}`);
}
