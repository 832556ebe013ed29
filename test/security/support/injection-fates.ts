import { MAX_COMMAND_LINE_LENGTH, MAX_PARAM_VALUE_LENGTH } from "../../../src/commands/limits.ts";
import { MAX_COMMAND_TEXT } from "../../../src/ingress/slack/slack-text.ts";

/** A value Shipmate refuses on purpose: the rule, and the answer that names it. */
export interface RefusalRule {
  rule: string;
  answer: RegExp;
}

/** Where a param value is typed: a pull-request comment, or Slack text (slash command or mention). */
export type ParamSurface = "comment" | "slack";

// In the order Shipmate applies them: the first that holds is the one the answer names.
const LINE_BREAK: RefusalRule = {
  rule: "a command is one line of a comment, so a value cannot hold a line break (\\n, \\r\\n, \\r)",
  answer: /^Unclosed `'` quote/,
};
const HTML_COMMENT: RefusalRule = {
  rule: "GitHub does not show what follows `<!--` on a comment line, so Shipmate does not read it either",
  answer: /^Unclosed `'` quote/,
};
const SLACK_TEXT: RefusalRule = {
  rule: `Slack text is at most ${MAX_COMMAND_TEXT} characters`,
  answer: /That command is [\d,]+ characters long; Shipmate reads commands of up to 2,000 characters\./,
};
const LINE_LENGTH: RefusalRule = {
  rule: `a command line is at most ${MAX_COMMAND_LINE_LENGTH} characters`,
  answer: /This command line is \d+ characters long; the limit is 1000\./,
};
const VALUE_LENGTH: RefusalRule = {
  rule: `a param value is at most ${MAX_PARAM_VALUE_LENGTH} characters`,
  answer: /The value of `\w+` is \d+ characters long; the limit is 500\./,
};

/** Every rule by which a param value is refused; NUL, which no corpus string holds, is checked apart. */
export const PARAM_REFUSALS = [LINE_BREAK, HTML_COMMENT, SLACK_TEXT, LINE_LENGTH, VALUE_LENGTH] as const;

/**
 * What happens to `value` typed as a param in `text` (the whole comment line or Slack text): undefined
 * when it must reach the task exactly as typed, else the rule that refuses it.
 */
export function paramRefusal(surface: ParamSurface, value: string, text: string): RefusalRule | undefined {
  if (surface === "comment" && /[\r\n]/.test(value)) return LINE_BREAK;
  if (surface === "comment" && value.includes("<!--")) return HTML_COMMENT;
  if (surface === "slack" && text.length > MAX_COMMAND_TEXT) return SLACK_TEXT;
  if (text.length > MAX_COMMAND_LINE_LENGTH) return LINE_LENGTH;
  if (value.length > MAX_PARAM_VALUE_LENGTH) return VALUE_LENGTH;
  return undefined;
}
