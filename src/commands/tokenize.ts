export type TokenizeResult = { kind: "tokens"; tokens: string[] } | { kind: "unclosed-quote"; quote: string };

const WHITESPACE = /^\s$/u;

/** Splits arguments on whitespace; quoted parts keep their spaces and lose their quotes. Nothing else is interpreted. */
export function tokenize(text: string): TokenizeResult {
  const tokens: string[] = [];
  let current = "";
  let inToken = false;
  let quote: string | undefined;
  for (const character of text) {
    if (quote !== undefined) {
      if (character === quote) quote = undefined;
      else current += character;
    } else if (character === '"' || character === "'") {
      quote = character;
      inToken = true;
    } else if (WHITESPACE.test(character)) {
      if (inToken) tokens.push(current);
      current = "";
      inToken = false;
    } else {
      current += character;
      inToken = true;
    }
  }
  if (quote !== undefined) return { kind: "unclosed-quote", quote };
  if (inToken) tokens.push(current);
  return { kind: "tokens", tokens };
}
