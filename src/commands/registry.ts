import type { CommandKind } from "./command.ts";
import { DEPLOY_GRAMMAR } from "./grammars/deploy.ts";
import type { AnyGrammar, Grammar } from "./grammars/grammar.ts";
import { HELP_GRAMMAR } from "./grammars/help.ts";

// Keyed by kind so that a Command variant without a grammar does not compile.
const GRAMMARS: { readonly [K in CommandKind]: Grammar<K> } = {
  deploy: DEPLOY_GRAMMAR,
  help: HELP_GRAMMAR,
};

/** Every grammar, in the order typo suggestions prefer them. */
export const GRAMMAR_LIST: readonly AnyGrammar[] = Object.values(GRAMMARS);

/** The grammar for a lower-case command word, if Shipmate has one. */
export function findGrammar(word: string): AnyGrammar | undefined {
  // A list search rather than GRAMMARS[word], so `/constructor` or `/__proto__` never reach Object.prototype.
  return GRAMMAR_LIST.find((grammar) => grammar.kind === word);
}
