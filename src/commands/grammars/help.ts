import type { Grammar } from "./grammar.ts";

/** `/help`: anything after the word is ignored, so `/help me please` still helps. */
export const HELP_GRAMMAR: Grammar<"help"> = {
  kind: "help",
  parse: () => ({ kind: "run", command: { kind: "help" } }),
};
