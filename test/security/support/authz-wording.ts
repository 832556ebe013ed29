import { readable } from "../../support/job-thread.ts";

/**
 * How a refusal names each unmet requirement, in words a reader finds on the PR or in Slack: `trace` finds the
 * requirement's sentence anywhere; `names` are what that sentence must also say about this cell.
 */
interface Wording {
  trace: RegExp;
  names?: (cell: WordedCell) => string[];
}

/** What a refusal's sentences are about: the environment, and for permissions who has what. */
export interface WordedCell {
  environment: string;
  access?: string;
  needed?: string;
}

const WORDINGS: Record<string, Wording> = {
  "insufficient-permission": {
    trace: /has `\w+` on this repository; /,
    names: (c) => [`has \`${c.access}\` on this repository`, `needs \`${c.needed}\``],
  },
  "not-in-allowlist": {
    trace: /is not among those who may deploy/,
    names: (c) => [`may deploy to ${c.environment}`],
  },
  "base-branch-not-allowed": {
    trace: /only deploys pull requests into/,
    names: (c) => [`${c.environment} only deploys pull requests into`],
  },
  "fork-not-allowed": { trace: /does not deploy code from forks|fork has been deleted/ },
  "changes-requested": { trace: /requested changes/, names: (c) => [`${c.environment} is not deployed`] },
  "approvals-missing": {
    trace: /approving review/,
    names: (c) => [`${c.environment} needs 1 approving review`],
  },
  "checks-failing": { trace: /\(failure\) is not\./ },
  "checks-pending": { trace: /has not finished/ },
  "checks-missing": { trace: /has not reported there/ },
  "slack-channel": {
    trace: /takes Slack commands only in/,
    names: (c) => [`${c.environment} takes Slack commands only in`],
  },
  "slack-user": {
    trace: /Your Slack account is not among/,
    names: (c) => [`allowed to act on ${c.environment}`],
  },
  "self-approval": { trace: /so cannot also approve it/ },
  "not-an-approver": {
    trace: /is not an approver for/,
    names: (c) => [`not an approver for ${c.environment}`],
  },
  unlinked: { trace: /is not linked to a GitHub login/ },
};

/** Markdown or Slack mrkdwn as plain reading: no emphasis marks, no invisible joiners, no escapes. */
export function plain(text: string): string {
  return readable(text).replaceAll("*", "");
}

/**
 * What is wrong with a refusal's wording: a requirement it should name and does not, or one it names
 * that was met. Empty when it names exactly the unmet ones.
 */
export function wordingProblems(text: string, codes: readonly string[], cell: WordedCell): string[] {
  const said = plain(text);
  const problems: string[] = [];
  for (const [code, wording] of Object.entries(WORDINGS)) {
    const named = wording.trace.test(said);
    if (!codes.includes(code)) {
      if (named) problems.push(`names ${code}, which was met`);
      continue;
    }
    if (!named) problems.push(`does not name ${code}`);
    for (const phrase of wording.names?.(cell) ?? []) {
      if (!said.includes(phrase)) problems.push(`does not say "${phrase}"`);
    }
  }
  for (const code of codes) if (!(code in WORDINGS)) problems.push(`no wording known for ${code}`);
  return problems;
}
