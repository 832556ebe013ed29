import type { CheckRunOutput } from "../../github/check-calls.ts";
import { escapeSentence, inlineCode, shortSha } from "./markdown.ts";
import type { RefusalReason } from "./refusal.ts";
import { truncateEnd } from "./text.ts";

/** The check run that says why a push was not auto-deployed to `environment`. */
export function autoDeployCheckName(environment: string): string {
  return truncateEnd(`shipmate/auto-deploy (${environment})`, 100);
}

/** Why an auto-deploy did not happen: the reasons, each with what would allow it. */
export function renderAutoDeployRefusal(input: {
  environment: string;
  branch: string;
  sha: string;
  reasons: readonly RefusalReason[];
}): CheckRunOutput {
  const reasons = input.reasons.map(
    (reason) => `- ${escapeSentence(reason.message)}\n  **To allow it:** ${escapeSentence(reason.fix)}`,
  );
  const head = `Shipmate did not deploy ${inlineCode(shortSha(input.sha))} from ${inlineCode(input.branch)} to **${escapeSentence(input.environment)}**, which deploys every push to that branch once its checks pass:`;
  return {
    title: `Not deployed to ${truncateEnd(input.environment, 60)}`,
    summary: truncateEnd([head, "", ...reasons].join("\n"), 60_000),
    text: undefined,
    annotations: [],
  };
}
