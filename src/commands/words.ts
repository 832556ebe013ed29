const WHITESPACE = /\s+/u;

/** Splits arguments on whitespace and nothing else: outside `/deploy` params, quotes are ordinary characters. */
export function words(text: string): string[] {
  const trimmed = text.trim();
  return trimmed === "" ? [] : trimmed.split(WHITESPACE);
}

/** The first word of `text` and the rest of it, trimmed, for commands whose tail is free text. */
export function firstWordAndRest(text: string): { first: string | undefined; rest: string } {
  const trimmed = text.trim();
  if (trimmed === "") return { first: undefined, rest: "" };
  const end = trimmed.search(WHITESPACE);
  if (end === -1) return { first: trimmed, rest: "" };
  return { first: trimmed.slice(0, end), rest: trimmed.slice(end).trim() };
}
