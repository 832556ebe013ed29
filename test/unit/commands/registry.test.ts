import { describe, expect, test } from "vitest";
import { findGrammar, GRAMMAR_LIST } from "../../../src/commands/registry.ts";
import { suggestCommand } from "../../../src/commands/suggest-command.ts";
import { COMMAND_USAGE } from "../../../src/commands/usage.ts";

describe("registry", () => {
  test("every grammar has a usage line and every usage line a grammar", () => {
    expect(GRAMMAR_LIST.map((grammar) => grammar.kind).sort()).toEqual(Object.keys(COMMAND_USAGE).sort());
  });

  test.each(Object.entries(COMMAND_USAGE))("usage of %s starts with its own word", (kind, usage) => {
    expect(usage.startsWith(`\`/${kind}`)).toBe(true);
  });

  test.each([
    ["deploy", "deploy"],
    ["help", "help"],
    ["Deploy", undefined],
    ["constructor", undefined],
    ["", undefined],
  ])("findGrammar(%j) is %s", (word, kind) => {
    expect(findGrammar(word)?.kind).toBe(kind);
  });

  test.each([
    ["deplyo", "deploy"],
    ["hepl", "help"],
    ["hlp", "help"],
    ["hello", "help"],
    ["hold", undefined],
    ["unhold", undefined],
    ["hp", undefined],
    ["lgtm", undefined],
    ["deployment", undefined],
  ])("suggestCommand(%j) is %s", (word, kind) => {
    expect(suggestCommand(word)).toBe(kind);
  });
});
