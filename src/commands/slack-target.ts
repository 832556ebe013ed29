import { refProblem } from "./git-ref.ts";
import { code } from "./reply-text.ts";
import { firstWordAndRest, words } from "./words.ts";

/** The repository (and pull request or ref) a Slack command is about. */
export interface SlackTarget {
  owner: string;
  repo: string;
  pullRequest: number | undefined;
  ref: string | undefined;
}

/** A Slack command as the PR-comment parser reads it: the line it would be in a comment, and its target. */
export type SlackCommandText =
  | { kind: "line"; line: string; target: SlackTarget | undefined }
  | { kind: "reply"; message: string };

// GitHub's owner and repository names: letters, digits, `-`, `_`, `.`.
const TARGET = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})(?:#(\d{1,9})|@(\S+))?$/;
const COMMANDS_WITHOUT_TARGET = new Set(["help", "cancel", "approve", "reject"]);

/**
 * Turns `deploy acme/shop#42 to staging` into the comment line `/deploy to staging` about acme/shop#42,
 * and `deploy acme/shop@main to production` into `/deploy main to production` about acme/shop: one
 * parser serves both surfaces, Slack only adds the target. The target is the first argument that looks
 * like `owner/repo`, `owner/repo#N` or `owner/repo@ref`.
 */
export function readSlackCommand(text: string): SlackCommandText {
  const { first, rest } = firstWordAndRest(text.replace(/^\/+/, ""));
  if (first === undefined) return { kind: "line", line: "/help", target: undefined };
  const word = first.toLowerCase();
  const args = words(rest);
  const index = args.findIndex((arg) => TARGET.test(arg));
  if (index === -1) {
    if (COMMANDS_WITHOUT_TARGET.has(word))
      return { kind: "line", line: `/${first} ${rest}`.trim(), target: undefined };
    return {
      kind: "reply",
      message: `Name the repository: ${code(`${word} owner/repo#42 …`)} for a pull request, or ${code(`${word} owner/repo …`)}.`,
    };
  }
  const match = TARGET.exec(args[index] ?? "");
  const [, owner = "", repo = "", number, ref] = match ?? [];
  const others = args.filter((_, i) => i !== index);
  const target = { owner, repo, pullRequest: number === undefined ? undefined : Number(number), ref };
  if (ref === undefined) return { kind: "line", line: [`/${first}`, ...others].join(" "), target };
  if (word !== "deploy") {
    return {
      kind: "reply",
      message: `Only \`deploy\` takes a ref (\`@${ref}\`); name the repository as ${code(`${owner}/${repo}`)}.`,
    };
  }
  const whyNot = refProblem(ref);
  if (whyNot !== undefined)
    return { kind: "reply", message: `${code(ref)} is not a valid git ref: ${whyNot}.` };
  const toEnvironment = others[0]?.toLowerCase() === "to" ? others : ["to", ...others];
  return { kind: "line", line: [`/${first}`, ref, ...toEnvironment].join(" "), target };
}
