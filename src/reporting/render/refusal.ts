import { escapeSentence, inlineCode } from "./markdown.ts";
import { truncateEnd } from "./text.ts";

/** One reason a command was refused: what is wrong and what would allow it (Shipmate's words, `code` allowed). */
export interface RefusalReason {
  code: string;
  message: string;
  fix: string;
}

/** The short reply when Shipmate will not run a command, one bullet per reason. */
export function renderRefusal(input: { command: string; reasons: readonly RefusalReason[] }): string {
  const head = `🚫 Shipmate did not run ${inlineCode(truncateEnd(input.command.trim(), 200))}:`;
  const reasons = input.reasons.map(
    (reason) => `- ${escapeSentence(reason.message)}\n  **To allow it:** ${escapeSentence(reason.fix)}`,
  );
  return reasons.length === 0 ? head : `${head}\n\n${reasons.join("\n")}`;
}
