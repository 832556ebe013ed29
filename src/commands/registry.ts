import type { CommandKind } from "./command.ts";
import { APPROVE_GRAMMAR } from "./grammars/approve.ts";
import { CANCEL_GRAMMAR } from "./grammars/cancel.ts";
import { DEPLOY_GRAMMAR } from "./grammars/deploy.ts";
import type { AnyGrammar, Grammar } from "./grammars/grammar.ts";
import { HELP_GRAMMAR } from "./grammars/help.ts";
import { LOCK_GRAMMAR } from "./grammars/lock.ts";
import { LOCKS_GRAMMAR } from "./grammars/locks.ts";
import { MIGRATE_GRAMMAR } from "./grammars/migrate.ts";
import { PROVISION_GRAMMAR } from "./grammars/provision.ts";
import { REJECT_GRAMMAR } from "./grammars/reject.ts";
import { ROLLBACK_GRAMMAR } from "./grammars/rollback.ts";
import { STATUS_GRAMMAR } from "./grammars/status.ts";
import { UNLOCK_GRAMMAR } from "./grammars/unlock.ts";

// Keyed by kind so that a Command variant without a grammar does not compile. On a typo equally close to two
// words the earlier one is suggested: `/locked` gets `/lock` before `/locks`.
const GRAMMARS: { readonly [K in CommandKind]: Grammar<K> } = {
  deploy: DEPLOY_GRAMMAR,
  rollback: ROLLBACK_GRAMMAR,
  migrate: MIGRATE_GRAMMAR,
  provision: PROVISION_GRAMMAR,
  lock: LOCK_GRAMMAR,
  unlock: UNLOCK_GRAMMAR,
  locks: LOCKS_GRAMMAR,
  approve: APPROVE_GRAMMAR,
  reject: REJECT_GRAMMAR,
  cancel: CANCEL_GRAMMAR,
  status: STATUS_GRAMMAR,
  help: HELP_GRAMMAR,
};

/** Every grammar, in the order typo suggestions prefer them. */
export const GRAMMAR_LIST: readonly AnyGrammar[] = Object.values(GRAMMARS);

/** The grammar for a lower-case command word, if Shipmate has one. */
export function findGrammar(word: string): AnyGrammar | undefined {
  // A list search rather than GRAMMARS[word], so `/constructor` or `/__proto__` never reach Object.prototype.
  return GRAMMAR_LIST.find((grammar) => grammar.kind === word);
}
