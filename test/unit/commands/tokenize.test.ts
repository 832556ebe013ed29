import { describe, expect, test } from "vitest";
import { type TokenizeResult, tokenize } from "../../../src/commands/tokenize.ts";

const cases: { text: string; expected: TokenizeResult }[] = [
  { text: "", expected: { kind: "tokens", tokens: [] } },
  { text: "   ", expected: { kind: "tokens", tokens: [] } },
  { text: " staging  --dry-run ", expected: { kind: "tokens", tokens: ["staging", "--dry-run"] } },
  { text: "a\tb\u00a0c\u3000d", expected: { kind: "tokens", tokens: ["a", "b", "c", "d"] } },
  { text: `msg="hello world"`, expected: { kind: "tokens", tokens: ["msg=hello world"] } },
  { text: "note='a b'", expected: { kind: "tokens", tokens: ["note=a b"] } },
  { text: `a"b c"d'e f'g`, expected: { kind: "tokens", tokens: ["ab cde fg"] } },
  { text: `"" ''`, expected: { kind: "tokens", tokens: ["", ""] } },
  { text: `x="it's" y='say "hi"'`, expected: { kind: "tokens", tokens: ["x=it's", `y=say "hi"`] } },
  { text: "p=a\\ b", expected: { kind: "tokens", tokens: ["p=a\\", "b"] } },
  { text: "c=$(rm -rf /)", expected: { kind: "tokens", tokens: ["c=$(rm", "-rf", "/)"] } },
  { text: `c="$(rm -rf /)"`, expected: { kind: "tokens", tokens: ["c=$(rm -rf /)"] } },
  { text: "😀=🚀", expected: { kind: "tokens", tokens: ["😀=🚀"] } },
  { text: `msg="oops`, expected: { kind: "unclosed-quote", quote: '"' } },
  { text: "msg='oops", expected: { kind: "unclosed-quote", quote: "'" } },
  { text: String.raw`msg="a\"b"`, expected: { kind: "unclosed-quote", quote: '"' } },
];

describe("tokenize", () => {
  test.each(cases)("$text", ({ text, expected }) => {
    expect(tokenize(text)).toEqual(expected);
  });
});
