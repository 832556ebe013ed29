import { candidateLines } from "./candidate-lines.ts";
import type { LineOutcome } from "./command.ts";
import { MAX_COMMANDS_PER_COMMENT } from "./limits.ts";
import { parseCommandLine } from "./parse-command-line.ts";

/** Every command line of a comment body, in order, as run or reply; lines that are not commands are absent. */
export function parseComment(body: string): LineOutcome[] {
  const outcomes: LineOutcome[] = [];
  let skipped = 0;
  let firstSkipped: { line: number; text: string } | undefined;
  for (const { line, text } of candidateLines(body)) {
    const result = parseCommandLine(text);
    if (result.kind === "ignore") continue;
    if (outcomes.length < MAX_COMMANDS_PER_COMMENT) {
      outcomes.push({ ...result, line, text });
    } else {
      skipped++;
      firstSkipped ??= { line, text };
    }
  }
  if (firstSkipped !== undefined) {
    outcomes.push({
      kind: "reply",
      ...firstSkipped,
      message: `Only the first ${MAX_COMMANDS_PER_COMMENT} commands in a comment are considered; ${skipped} more, from line ${firstSkipped.line} on, were skipped. Put them in another comment.`,
    });
  }
  return outcomes;
}
