import { execFileSync } from "node:child_process";
import { isDeepStrictEqual } from "node:util";
import type { Command } from "../../../src/commands/command.ts";
import { refProblem } from "../../../src/commands/git-ref.ts";
import { type CommandLineResult, parseCommandLine } from "../../../src/commands/parse-command-line.ts";
import { parseComment } from "../../../src/commands/parse-comment.ts";
import { code } from "../../../src/commands/reply-text.ts";
import { readSlackCommand } from "../../../src/commands/slack-target.ts";
import { tooLongText } from "../../../src/ingress/slack/slack-reading.ts";
import { MAX_COMMAND_TEXT, mentionText, normaliseSlackText } from "../../../src/ingress/slack/slack-text.ts";
import { TEST_BOT_USER_ID } from "../../support/slack-request.ts";
import type { HostileString } from "../injection-corpus.ts";
import { paramRefusal, type RefusalRule } from "./injection-fates.ts";
import { quoteArgument, slackEscape } from "./injection-quoting.ts";

/**
 * What Shipmate's parsers make of each hostile string on each surface, without a server: every
 * function returns what went wrong (empty when all is as it should be) and how often each rule refused.
 */
export interface ParseReport {
  problems: string[];
  refusals: Map<string, number>;
}

type Deploy = Extract<Command, { kind: "deploy" }>;

function deployOf(result: CommandLineResult | undefined): Deploy | undefined {
  return result?.kind === "run" && result.command.kind === "deploy" ? result.command : undefined;
}

function replyOf(result: CommandLineResult | undefined): string | undefined {
  return result?.kind === "reply" ? result.message : undefined;
}

function count(refusals: Map<string, number>, rule: RefusalRule): void {
  refusals.set(rule.rule, (refusals.get(rule.rule) ?? 0) + 1);
}

/** Slack text as Shipmate reads it: escaped by Slack, then normalised, from a slash command or a mention. */
function slackLines(text: string): { slash: string; mention: string } {
  const escaped = slackEscape(text);
  return {
    slash: normaliseSlackText(escaped),
    mention: mentionText(`<@${TEST_BOT_USER_ID}> ${escaped}`, TEST_BOT_USER_ID),
  };
}

/** `p0=<value>` in a PR comment and in Slack text: the task gets exactly the value, or a rule refuses it. */
export function paramParsing(corpus: readonly HostileString[]): ParseReport {
  const problems: string[] = [];
  const refusals = new Map<string, number>();
  for (const { id, text } of corpus) {
    const comment = `/deploy staging p0=${quoteArgument(text)}`;
    const outcomes = parseComment(comment);
    const commentRefusal = paramRefusal("comment", text, comment);
    if (commentRefusal === undefined) {
      const deploy = deployOf(outcomes[0]);
      if (
        outcomes.length !== 1 ||
        deploy?.environment !== "staging" ||
        !isDeepStrictEqual(deploy.params, { p0: text })
      )
        problems.push(`comment ${id}: ${JSON.stringify(outcomes).slice(0, 300)}`);
    } else {
      count(refusals, commentRefusal);
      const reply = replyOf(outcomes[0]);
      if (reply === undefined || !commentRefusal.answer.test(reply) || outcomes.some((o) => o.kind === "run"))
        problems.push(
          `comment ${id} should be refused (${commentRefusal.rule}): ${JSON.stringify(outcomes).slice(0, 300)}`,
        );
    }

    const { slash, mention } = slackLines(`deploy acme/shop#7 to staging p0=${quoteArgument(text)}`);
    if (mention !== slash)
      problems.push(
        `slack ${id}: a mention reads ${JSON.stringify(mention)}, a slash command ${JSON.stringify(slash)}`,
      );
    const slackRefusal = paramRefusal("slack", text, slash);
    if (slackRefusal !== undefined) count(refusals, slackRefusal);
    if (slash.length > MAX_COMMAND_TEXT) {
      if (!slackRefusal?.answer.test(tooLongText(slash.length)))
        problems.push(`slack ${id}: too long, but ${slackRefusal?.rule}`);
      continue;
    }
    const read = readSlackCommand(slash);
    const parsed = read.kind === "line" ? parseCommandLine(read.line) : undefined;
    const deploy = deployOf(parsed);
    const fine =
      slackRefusal === undefined
        ? deploy?.environment === "staging" && isDeepStrictEqual(deploy.params, { p0: text })
        : slackRefusal.answer.test(replyOf(parsed) ?? "");
    if (!fine)
      problems.push(
        `slack ${id}: ${JSON.stringify(read).slice(0, 200)} → ${JSON.stringify(parsed).slice(0, 300)}`,
      );
  }
  const nul = replyOf(parseCommandLine("/deploy staging p0='a\u0000b'"));
  if (!nul?.includes("contains a NUL character")) problems.push(`a NUL in a value: ${nul}`);
  return { problems, refusals };
}

/**
 * `/deploy <ref> to staging` (quoted) and Slack's `acme/shop@<ref>`: a ref is taken exactly as typed, or
 * refused naming why; Shipmate takes no ref that starts with `-` or that git itself would refuse.
 */
export function refParsing(corpus: readonly HostileString[]): ParseReport & { accepted: string[] } {
  const problems: string[] = [];
  const refusals = new Map<string, number>();
  const accepted: string[] = [];
  for (const { id, text } of corpus) {
    const whyNot = refProblem(text);
    const line = `/deploy ${quoteArgument(text)} to staging`;
    const parsed = parseCommandLine(line);
    const deploy = deployOf(parsed);
    // A token holding `=` is a param and one starting with `--` a flag, quoted or not: never a ref.
    const asRef =
      !text.includes("=") && !text.startsWith("--") && !/[\r\n]/.test(text) && line.length <= 1_000;
    if (asRef && whyNot === undefined) {
      accepted.push(text);
      if (deploy?.ref !== text) problems.push(`ref ${id}: ${JSON.stringify(parsed).slice(0, 300)}`);
    } else if (asRef) {
      refusals.set(whyNot ?? "", (refusals.get(whyNot ?? "") ?? 0) + 1);
      if (!replyOf(parsed)?.includes(`is not a valid git ref: ${whyNot}`))
        problems.push(`ref ${id}: ${JSON.stringify(parsed).slice(0, 300)}`);
    } else if (deploy?.ref !== undefined) problems.push(`ref ${id} read as ${JSON.stringify(deploy.ref)}`);

    // Slack's `@ref` ends at the first space, and an empty one is no target at all.
    if (text === "" || /\s/.test(text)) continue;
    const read = readSlackCommand(slackLines(`deploy acme/shop@${text} to staging`).slash);
    const slackDeploy = read.kind === "line" ? deployOf(parseCommandLine(read.line)) : undefined;
    const slackFine =
      whyNot !== undefined
        ? read.kind === "reply" && read.message.includes(`is not a valid git ref: ${whyNot}`)
        : text.includes("=") || slackDeploy?.ref === text;
    if (!slackFine)
      problems.push(
        `slack ref ${id}: ${JSON.stringify(read).slice(0, 200)} → ${JSON.stringify(slackDeploy)}`,
      );
  }
  for (const ref of accepted) {
    if (ref.startsWith("-")) problems.push(`ref ${JSON.stringify(ref)} starts with -`);
    try {
      execFileSync("git", ["check-ref-format", "--branch", ref], { stdio: "ignore" });
    } catch {
      problems.push(`ref ${JSON.stringify(ref)} is taken but git refuses it`);
    }
  }
  return { problems, refusals, accepted };
}

// Control and format characters would hide or reorder the echo; a backtick would end its code span.
const UNSAFE_ECHO = /[`\p{Cc}\p{Cf}]/u;

/**
 * `/deploy <s>` and Slack's `deploy acme/shop#7 <s>`: no hostile string is ever taken as an environment
 * name; the refusal echoes it only as inline code that nothing can break out of, at most 80 characters.
 */
export function environmentParsing(corpus: readonly HostileString[]): ParseReport {
  const problems: string[] = [];
  const refusals = new Map<string, number>();
  for (const { id, text } of corpus) {
    const echo = code(text);
    const inner = echo.slice(1, -1);
    if (UNSAFE_ECHO.test(inner) || Array.from(inner).length > 81)
      problems.push(`echo of ${id}: ${JSON.stringify(echo)}`);
    const lines = [`/deploy ${quoteArgument(text)}`];
    if (!/[\r\n]/.test(text)) {
      const read = readSlackCommand(slackLines(`deploy acme/shop#7 ${quoteArgument(text)}`).slash);
      if (read.kind === "line") lines.push(read.line);
    }
    for (const line of lines) {
      const parsed = parseComment(line)[0];
      const deploy = parsed?.kind === "run" && parsed.command.kind === "deploy" ? parsed.command : undefined;
      // `a=b` is a param and `--x` a flag, so those deploy the default environment or are refused as such.
      const notAName = text.includes("=") || text.startsWith("--");
      if (deploy !== undefined && (deploy.environment !== undefined || !notAName))
        problems.push(
          `environment ${id} from ${JSON.stringify(line).slice(0, 100)}: ${JSON.stringify(deploy).slice(0, 200)}`,
        );
      const message = parsed?.kind === "reply" ? parsed.message : "";
      const rule = /is not a valid environment name/.test(message)
        ? "not a valid environment name"
        : (/^(Unclosed|Unknown flag|This command line|`.*` is not a valid param name)/.exec(message)?.[1] ??
          "run");
      refusals.set(rule, (refusals.get(rule) ?? 0) + 1);
      if (rule === "not a valid environment name" && !message.includes(echo))
        problems.push(`environment ${id}: ${message}`);
    }
  }
  for (const word of [
    "/dеploy staging",
    "/ｄeploy staging",
    "/dep\u200Dloy staging",
    "/\u202Edeploy staging",
  ]) {
    if (parseCommandLine(word).kind !== "ignore")
      problems.push(`${JSON.stringify(word)} is read as a command`);
  }
  return { problems, refusals };
}
