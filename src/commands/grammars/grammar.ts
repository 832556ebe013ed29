import type { Command, CommandKind } from "../command.ts";

export type GrammarResult<K extends CommandKind> =
  | { kind: "run"; command: Extract<Command, { kind: K }> }
  | { kind: "reply"; message: string };

/** How one command word reads the rest of its line. `kind` is also the word users type after `/`. */
export type Grammar<K extends CommandKind> = {
  readonly kind: K;
  parse(argumentText: string): GrammarResult<K>;
};

/** A grammar for some command, whichever it is. */
export type AnyGrammar = { [K in CommandKind]: Grammar<K> }[CommandKind];
