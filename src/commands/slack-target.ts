import { refProblem } from "./git-ref.ts";
import { code } from "./reply-text.ts";
import { firstWordAndRest, words } from "./words.ts";

/** The repository (and pull request or ref) a Slack command is about. */
export interface SlackTarget {
  /** Undefined for a short name (`shop#42`): the one repository of that name Shipmate can see. */
  owner: string | undefined;
  repo: string;
  pullRequest: number | undefined;
  ref: string | undefined;
}

/** A Slack command as the PR-comment parser reads it: the line it would be in a comment, and its target. */
export type SlackCommandText =
  /** `target` undefined with `needsTarget`: the channel's default repository, if it has one. */
  | { kind: "line"; line: string; target: SlackTarget | undefined; needsTarget: boolean }
  | { kind: "reply"; message: string };

// GitHub's owner and repository names: letters, digits, `-`, `_`, `.`. Without an owner, a `#N` or `@ref`
// is what tells a short repository name from an environment name.
const TARGET = /^(?:([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/)?([A-Za-z0-9._-]{1,100})(?:#(\d{1,9})|@(\S+))?$/;

function isTarget(word: string): boolean {
  const match = TARGET.exec(word);
  return match !== null && (match[1] !== undefined || match[3] !== undefined || match[4] !== undefined);
}

const COMMANDS_WITHOUT_TARGET = new Set(["help", "cancel", "approve", "reject"]);

/**
 * Turns `deploy acme/shop#42 to staging` into the comment line `/deploy to staging` about acme/shop#42,
 * and `deploy acme/shop@main to production` into `/deploy main to production` about acme/shop: one
 * parser serves both surfaces, Slack only adds the target. The target is the first argument that looks
 * like `owner/repo`, `owner/repo#N`, `owner/repo@ref`, or a short `repo#N` / `repo@ref`.
 */
export function readSlackCommand(text: string): SlackCommandText {
  const { first, rest } = firstWordAndRest(text.replace(/^\/+/, ""));
  if (first === undefined) return { kind: "line", line: "/help", target: undefined, needsTarget: false };
  const word = first.toLowerCase();
  const found = [...rest.matchAll(/\S+/g)].find((match) => isTarget(match[0]));
  if (found === undefined) {
    const line = `/${first} ${rest}`.trim();
    return { kind: "line", line, target: undefined, needsTarget: !COMMANDS_WITHOUT_TARGET.has(word) };
  }
  const [, owner, repo = "", number, ref] = TARGET.exec(found[0]) ?? [];
  // The target is cut out of the text, not the text re-joined from its words: whitespace inside a quoted
  // value (tabs, newlines, runs of spaces) must reach the task as typed.
  const before = rest.slice(0, found.index).trimEnd();
  const others = `${before} ${rest.slice(found.index + found[0].length).trimStart()}`.trim();
  const target = { owner, repo, pullRequest: number === undefined ? undefined : Number(number), ref };
  if (ref === undefined) {
    return { kind: "line", line: `/${first} ${others}`.trim(), target, needsTarget: true };
  }
  if (word !== "deploy") {
    const name = owner === undefined ? repo : `${owner}/${repo}`;
    return {
      kind: "reply",
      message: `Only \`deploy\` takes a ref (\`@${ref}\`); name the repository as ${code(name)}.`,
    };
  }
  const whyNot = refProblem(ref);
  if (whyNot !== undefined)
    return { kind: "reply", message: `${code(ref)} is not a valid git ref: ${whyNot}.` };
  const toEnvironment = words(others)[0]?.toLowerCase() === "to" ? others : `to ${others}`;
  return {
    kind: "line",
    line: `/${first} ${refToken(ref)} ${toEnvironment}`.trim(),
    target,
    needsTarget: true,
  };
}

/** A ref as one token of the deploy grammar: git allows `'` and `"` in ref names, which it reads as quotes. */
function refToken(ref: string): string {
  if (!/['"]/.test(ref)) return ref;
  return ref
    .split("'")
    .map((part) => (part === "" ? "" : `'${part}'`))
    .join(`"'"`);
}
