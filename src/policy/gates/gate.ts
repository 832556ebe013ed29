import type { EnvironmentRequirements } from "../../config/repo-config.ts";
import type { Refusal } from "../reason-codes.ts";
import type { GateFacts } from "./gate-facts.ts";

/** One gate: the refusals it has for these facts, none when it is satisfied. */
export type Gate = (
  requirements: EnvironmentRequirements,
  environment: string,
  facts: GateFacts,
) => Refusal[];

/** `1 approving review`, `2 approving reviews`. */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** A name from GitHub as a code span; a backtick inside it would end the span early. */
export function code(name: string): string {
  return `\`${name.replaceAll("`", "'")}\``;
}

/** The short form of a commit, as GitHub shows it. */
export function shortSha(sha: string): string {
  return code(sha.slice(0, 7));
}
