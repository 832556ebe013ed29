import { blockquote, escapeSentence, inlineCode, link } from "./markdown.ts";
import { truncateEnd } from "./text.ts";

/** One thing wrong with the config file (1-based line and column when known). */
export interface ConfigProblemView {
  path: string;
  line: number | undefined;
  column: number | undefined;
  message: string;
}

const MAX_PROBLEMS_SHOWN = 30;

/** The reply to a command line Shipmate could not understand: the line, quoted, then what is wrong. */
export function renderCommandReply(lineText: string, message: string): string {
  return `${blockquote([inlineCode(truncateEnd(lineText.trim(), 200))])}\n\n${escapeSentence(message)}`;
}

/** The reply when the config file is invalid: each problem with its line (linked when `fileUrl` is given). */
export function renderConfigProblems(
  problems: readonly ConfigProblemView[],
  file: string,
  fileUrl: string | undefined,
): string {
  const shown = problems
    .slice(0, MAX_PROBLEMS_SHOWN)
    .map((problem) => `- ${renderProblem(problem, file, fileUrl)}`);
  const more = problems.length - shown.length;
  if (more > 0) shown.push(`- … and ${more} more`);
  const noun = problems.length === 1 ? "a problem" : `${problems.length} problems`;
  return [
    problems.length === 0
      ? `⚠️ Shipmate could not use ${inlineCode(file)}.`
      : `⚠️ ${inlineCode(file)} has ${noun}:`,
    "",
    ...shown,
    "",
    "Nothing was run. Fix the file on the default branch and comment again.",
  ].join("\n");
}

function renderProblem(problem: ConfigProblemView, file: string, fileUrl: string | undefined): string {
  const hasLine = isPosition(problem.line);
  const where = hasLine ? `${inlineCode(file)} line ${problem.line}` : inlineCode(file);
  const url = fileUrl === undefined ? undefined : hasLine ? `${fileUrl}#L${problem.line}` : fileUrl;
  const at = [
    problem.path === "" ? undefined : inlineCode(truncateEnd(problem.path, 200)),
    hasLine && isPosition(problem.column) ? `column ${problem.column}` : undefined,
  ].filter((part) => part !== undefined);
  const suffix = at.length === 0 ? "" : ` (${at.join(", ")})`;
  return `${link(where, url)}: ${escapeSentence(truncateEnd(problem.message, 500))}${suffix}`;
}

function isPosition(value: number | undefined): value is number {
  return value !== undefined && Number.isInteger(value) && value > 0;
}
