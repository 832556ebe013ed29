import { describe, expect, test } from "vitest";
import {
  blockquote,
  cleanTerminalText,
  codeBlock,
  escapeMarkdown,
  escapeSentence,
  inlineCode,
  link,
  neutraliseMentions,
  safeUrl,
  shortSha,
  tableCell,
} from "../../../src/reporting/render/markdown.ts";
import { codeSpans, fencedBodies, outsideCode } from "./markdown-probe.ts";

const ZWJ = "\u200d";

describe("inlineCode", () => {
  test.each([
    { input: "staging", shown: "staging" },
    { input: "a`b", shown: "a`b" },
    { input: "a``b```c", shown: "a``b```c" },
    { input: "`starts", shown: "`starts" },
    { input: "ends`", shown: "ends`" },
    { input: " padded ", shown: " padded " },
    { input: "two\nlines\r\nthree", shown: "two lines three" },
    { input: "<script>alert(1)</script>", shown: "<script>alert(1)</script>" },
    { input: "\u202eevil\u0007", shown: "evil" },
    { input: "a\\", shown: "a\\" },
  ])("$input is one code span showing exactly the text", ({ input, shown }) => {
    const md = inlineCode(input);
    expect(md).not.toContain("\n");
    expect(codeSpans(md)).toEqual([shown]);
    expect(outsideCode(md).trim()).toBe("");
  });

  test("empty text is still a code span", () => {
    expect(codeSpans(inlineCode(""))).toEqual([" "]);
  });
});

describe("codeBlock", () => {
  test.each([
    { text: "plain\noutput" },
    { text: "```\nnot a fence end\n```" },
    { text: "``````\n  ```\n~~~" },
    { text: "ends with newline\n" },
  ])("no line of $text can close the fence early", ({ text }) => {
    const md = `${codeBlock(text)}\n\nafter`;
    expect(fencedBodies(md)).toEqual([text.replace(/\n$/, "")]);
    expect(md.endsWith("\n\nafter")).toBe(true);
  });

  test("keeps a safe language tag only", () => {
    expect(codeBlock("a: 1", "yaml").split("\n")[0]).toBe("```yaml");
    expect(codeBlock("a: 1", "ya`ml x").split("\n")[0]).toBe("```yamlx");
  });
});

describe("escapeMarkdown", () => {
  test.each([
    { input: "**bold** _it_", expected: "\\*\\*bold\\*\\* \\_it\\_" },
    { input: "[x](https://evil)", expected: "\\[x\\](https://evil)" },
    { input: "<img src=x onerror=alert(1)>", expected: "\\<img src=x onerror=alert(1)\\>" },
    { input: "# heading", expected: "\\# heading" },
    { input: "- item", expected: "\\- item" },
    { input: "1. item", expected: "1\\. item" },
    { input: " + item", expected: " \\+ item" },
    { input: "2) item", expected: "2\\) item" },
    { input: "a\n\n    code", expected: "a code" },
    { input: "$x^2$ & &amp;", expected: "\\$x^2\\$ \\& \\&amp;" },
    { input: "ping @bob and @acme/team", expected: `ping @${ZWJ}bob and @${ZWJ}acme/team` },
    { input: "a\\b", expected: "a\\\\b" },
    { input: "`code`", expected: "\\`code\\`" },
  ])("$input", ({ input, expected }) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});

describe("escapeSentence", () => {
  test.each([
    { input: "Run `/deploy staging` again.", expected: "Run `/deploy staging` again." },
    { input: "Deploying to **prod** needs `maintain`.", expected: "Deploying to **prod** needs `maintain`." },
    { input: "**<b>x</b>** `<b>`", expected: "**\\<b\\>x\\</b\\>** `<b>`" },
    { input: "@alice has `write`", expected: `@${ZWJ}alice has \`write\`` },
    { input: "unclosed `tick and *star", expected: "unclosed \\`tick and \\*star" },
    { input: "line one\nline two", expected: "line one line two" },
  ])("$input", ({ input, expected }) => {
    expect(escapeSentence(input)).toBe(expected);
  });
});

describe("neutraliseMentions", () => {
  test.each([
    { input: "@bob", expected: `@${ZWJ}bob` },
    { input: "mail a@b.c", expected: `mail a@${ZWJ}b.c` },
    { input: "@ alone", expected: "@ alone" },
  ])("$input", ({ input, expected }) => {
    expect(neutraliseMentions(input)).toBe(expected);
  });
});

describe("safeUrl and link", () => {
  test.each([
    { url: "https://staging.example.com/app", expected: "https://staging.example.com/app" },
    { url: "http://x.test/a(b)c", expected: "http://x.test/a%28b%29c" },
    { url: "https://x.test/a b|c", expected: "https://x.test/a%20b%7Cc" },
    { url: "javascript:alert(1)", expected: undefined },
    { url: "data:text/html,hi", expected: undefined },
    { url: "not a url", expected: undefined },
    { url: undefined, expected: undefined },
  ])("$url", ({ url, expected }) => {
    expect(safeUrl(url)).toBe(expected);
  });

  test("links only safe URLs", () => {
    expect(link("**staging**", "https://s.test/")).toBe("[**staging**](https://s.test/)");
    expect(link("**staging**", "javascript:alert(1)")).toBe("**staging**");
    expect(link("x", undefined)).toBe("x");
  });
});

describe("small helpers", () => {
  test("tableCell escapes every pipe, inside code too", () => {
    expect(tableCell("`a|b` | c")).toBe("`a\\|b` \\| c");
  });

  test("blockquote quotes each line and keeps blank lines inside the quote", () => {
    expect(blockquote(["one", "", "two"])).toBe("> one\n>\n> two");
  });

  test.each([
    { sha: "abc1234def5678", expected: "abc1234" },
    { sha: "abc", expected: "abc" },
  ])("shortSha($sha)", ({ sha, expected }) => {
    expect(shortSha(sha)).toBe(expected);
  });
});

describe("cleanTerminalText", () => {
  test.each([
    { input: "\u001b[31mred\u001b[0m", expected: "red" },
    { input: "\u001b]0;title\u0007text", expected: "text" },
    { input: "10%\r50%\r100%\ndone", expected: "100%\ndone" },
    { input: "100%\r\nnext", expected: "100%\nnext" },
    { input: "spinner\r", expected: "spinner" },
    { input: "nul\u0000 bell\u0007 tab\tkept", expected: "nul bell tab\tkept" },
    { input: "trailing\n\n  \n", expected: "trailing" },
  ])("$input", ({ input, expected }) => {
    expect(cleanTerminalText(input)).toBe(expected);
  });
});
