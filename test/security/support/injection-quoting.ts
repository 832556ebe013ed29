/**
 * `value` as one argument of a `/deploy` line, quoted so that Shipmate's tokenizer gives it back exactly:
 * single quotes around every run without `'`, and each `'` inside double quotes (`a'b` → `'a'"'"'b'`).
 */
export function quoteArgument(value: string): string {
  return value
    .split("'")
    .map((part) => (part === "" ? "" : `'${part}'`))
    .join(`"'"`)
    .replace(/^$/, "''");
}

/** Text as Slack sends what a person typed: `&`, `<` and `>` as entities, everything else as it was. */
export function slackEscape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
