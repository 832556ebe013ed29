import { describe, expect, test } from "vitest";
import { findGrammar, GRAMMAR_LIST } from "../../../src/commands/registry.ts";
import { suggestCommand } from "../../../src/commands/suggest-command.ts";
import { COMMAND_USAGE } from "../../../src/commands/usage.ts";

describe("registry", () => {
  test("every grammar has a usage line and every usage line a grammar", () => {
    expect(GRAMMAR_LIST.map((grammar) => grammar.kind).sort()).toEqual(Object.keys(COMMAND_USAGE).sort());
  });

  test("typo suggestions prefer commands in the order /help lists them", () => {
    expect(GRAMMAR_LIST.map((grammar) => grammar.kind)).toEqual(Object.keys(COMMAND_USAGE));
  });

  test.each(Object.entries(COMMAND_USAGE))("usage of %s starts with its own word", (kind, usage) => {
    expect(usage.startsWith(`\`/${kind}`)).toBe(true);
  });

  test.each([
    ["deploy", "deploy"],
    ["help", "help"],
    ["rollback", "rollback"],
    ["lock", "lock"],
    ["locks", "locks"],
    ["unlock", "unlock"],
    ["approve", "approve"],
    ["reject", "reject"],
    ["cancel", "cancel"],
    ["status", "status"],
    ["Deploy", undefined],
    ["LOCK", undefined],
    ["lockss", undefined],
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
    ["lokc", "lock"],
    ["lcok", "lock"],
    ["lck", "lock"],
    ["lcoks", "locks"],
    ["locked", "lock"],
    ["unlcok", "unlock"],
    ["unlocks", "unlock"],
    ["stauts", "status"],
    ["stats", "status"],
    ["cancle", "cancel"],
    ["canel", "cancel"],
    ["aprove", "approve"],
    ["approved", "approve"],
    ["rejcet", "reject"],
    ["rolback", "rollback"],
    ["rollbak", "rollback"],
    ["retest", undefined],
    ["reopen", undefined],
    ["close", undefined],
    ["test", undefined],
  ])("suggestCommand(%j) is %s", (word, kind) => {
    expect(suggestCommand(word)).toBe(kind);
  });
});
