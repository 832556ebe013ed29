import type { CheckAnnotation, CheckConclusion, CheckRunOutput } from "../../github/check-calls.ts";
import { MAX_ANNOTATIONS } from "./check-run-annotations.ts";
import { escapeSentence, inlineCode } from "./markdown.ts";
import { truncateEnd } from "./text.ts";

/** The check run that validates `.github/shipmate.yml` on pushes that change it. */
export const CONFIG_CHECK_NAME = "shipmate/config";

/** One problem as the config check reports it (the shape config problems have). */
export interface ConfigCheckProblem {
  path: string;
  line: number | undefined;
  column: number | undefined;
  message: string;
}

export type ConfigCheckInput =
  | { kind: "valid"; environments: number; checks: number }
  | { kind: "invalid"; problems: readonly ConfigCheckProblem[] }
  | { kind: "missing" };

const MAX_LISTED = 50;

/** The conclusion and output of the config check for the file at the pushed commit. */
export function renderConfigCheck(
  input: ConfigCheckInput,
  file: string,
): { conclusion: CheckConclusion; output: CheckRunOutput } {
  const name = inlineCode(file);
  switch (input.kind) {
    case "valid":
      return {
        conclusion: "success",
        output: {
          title: "Valid",
          summary: `${name} is valid: ${count(input.environments, "environment")} and ${count(input.checks, "check")}. It takes effect once it is on the default branch.`,
          text: undefined,
          annotations: [],
        },
      };
    case "missing":
      return {
        conclusion: "neutral",
        output: {
          title: "No config file",
          summary: `This commit has no ${name}. On the default branch, that leaves Shipmate nothing to run in this repository.`,
          text: undefined,
          annotations: [],
        },
      };
    case "invalid":
      return { conclusion: "failure", output: renderProblems(input.problems, file) };
  }
}

function renderProblems(problems: readonly ConfigCheckProblem[], file: string): CheckRunOutput {
  const listed = problems.slice(0, MAX_LISTED).map((problem) => `- ${describeProblem(problem, file)}`);
  if (problems.length > listed.length) listed.push(`- … and ${problems.length - listed.length} more`);
  return {
    title: count(problems.length, "problem"),
    summary: truncateEnd(
      [
        `${inlineCode(file)} is not valid: Shipmate would refuse every command until it is fixed.`,
        "",
        ...listed,
      ].join("\n"),
      60_000,
    ),
    text: undefined,
    annotations: problems.slice(0, MAX_ANNOTATIONS).map((problem) => annotationOf(problem, file)),
  };
}

function describeProblem(problem: ConfigCheckProblem, file: string): string {
  const where = problem.line === undefined ? file : `${file}:${problem.line}`;
  const setting = problem.path === "" ? "" : `${inlineCode(problem.path)}: `;
  return `${inlineCode(where)} ${setting}${escapeSentence(problem.message)}`;
}

// A problem about the whole file (too big, empty) has no line: GitHub needs one, so it goes on the first.
function annotationOf(problem: ConfigCheckProblem, file: string): CheckAnnotation {
  const setting = problem.path === "" ? "" : `${problem.path}: `;
  return {
    path: file,
    line: problem.line ?? 1,
    column: problem.line === undefined ? undefined : problem.column,
    level: "failure",
    message: truncateEnd(`${setting}${problem.message}`, 1_000),
  };
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
