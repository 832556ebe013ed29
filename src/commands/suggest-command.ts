import type { CommandKind } from "./command.ts";
import { damerauLevenshtein } from "./damerau-levenshtein.ts";
import { GRAMMAR_LIST } from "./registry.ts";

// Other bots' commands (Prow, Mergify, …) that must stay silent even when close to ours: `/hold` is two edits from `/help`.
const OTHER_BOTS_WORDS: readonly string[] = [
  "assign",
  "cc",
  "close",
  "hold",
  "label",
  "lgtm",
  "reopen",
  "retest",
  "test",
  "unassign",
  "uncc",
  "unhold",
];

/** The known command a lower-case unknown word is most likely a typo of, or undefined when it is probably another bot's. */
export function suggestCommand(word: string): CommandKind | undefined {
  if (OTHER_BOTS_WORDS.includes(word)) return undefined;
  const allowed = word.length >= 4 ? 2 : 1;
  let best: CommandKind | undefined;
  let bestDistance = allowed + 1;
  for (const grammar of GRAMMAR_LIST) {
    const distance = damerauLevenshtein(word, grammar.kind, allowed);
    if (distance < bestDistance) {
      best = grammar.kind;
      bestDistance = distance;
    }
  }
  return best;
}
