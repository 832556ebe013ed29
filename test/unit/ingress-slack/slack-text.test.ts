import { describe, expect, test } from "vitest";
import { mentionText, normaliseSlackText } from "../../../src/ingress/slack/slack-text.ts";

describe("normaliseSlackText", () => {
  test.each([
    ["deploy acme/shop#42 to staging", "deploy acme/shop#42 to staging"],
    ["  status acme/shop  ", "status acme/shop"],
    ["deploy <mailto:acme/shop@v1.2|acme/shop@v1.2> to production", "deploy acme/shop@v1.2 to production"],
    ["deploy <mailto:acme/shop@v1.2> production", "deploy acme/shop@v1.2 production"],
    [
      "lock acme/shop production see <https://example.com/x|the runbook>",
      "lock acme/shop production see the runbook",
    ],
    ["lock acme/shop production <https://example.com/x>", "lock acme/shop production https://example.com/x"],
    ["status acme/shop in <#C0DEPLOYS|deploys>", "status acme/shop in #deploys"],
    ["status acme/shop in <#C0DEPLOYS>", "status acme/shop in #C0DEPLOYS"],
    ["deploy acme/shop#1 note=a&amp;b&lt;c&gt;", "deploy acme/shop#1 note=a&b<c>"],
    // Decoding happens once: what the person typed as `&amp;` stays `&amp;`.
    ["note=&amp;amp;", "note=&amp;"],
    ["cc <@U0ALICE01> and <!here>", "cc <@U0ALICE01> and <!here>"],
    ["", ""],
  ])("%j → %j", (raw, expected) => {
    expect(normaliseSlackText(raw)).toBe(expected);
  });
});

describe("mentionText", () => {
  const BOT = "UBOT0SHIP";
  test.each([
    ["<@UBOT0SHIP> deploy acme/shop#42 to staging", "deploy acme/shop#42 to staging"],
    ["<@UBOT0SHIP|shipmate> status acme/shop", "status acme/shop"],
    ["hey <@UBOT0SHIP> deploy acme/shop#42", "deploy acme/shop#42"],
    ["deploy acme/shop#42 to staging <@UBOT0SHIP>", "deploy acme/shop#42 to staging"],
    ["<@UBOT0SHIP> rollback acme/shop production cc <@UBOT0SHIP>", "rollback acme/shop production cc"],
    ["<@UBOT0SHIP> deploy acme/shop#1 cc <@U0ALICE01>", "deploy acme/shop#1 cc <@U0ALICE01>"],
    ["<@UBOT0SHIP>", ""],
    [
      "<@UBOT0SHIP> deploy <mailto:acme/shop@main|acme/shop@main> to production",
      "deploy acme/shop@main to production",
    ],
    // Someone else mentioned first: only the bot's mention is the address.
    ["<@U0ALICE01> <@UBOT0SHIP> help", "help"],
  ])("%j → %j", (raw, expected) => {
    expect(mentionText(raw, BOT)).toBe(expected);
  });

  test.each([
    ["<@UBOT0SHIP> help", "help"],
    ["please help", "please help"],
  ])("without the bot's id, a leading mention is the bot's: %j → %j", (raw, expected) => {
    expect(mentionText(raw, undefined)).toBe(expected);
  });

  test("a bot id is matched literally, not as a pattern", () => {
    expect(mentionText("<@U.*> help", "U.*")).toBe("help");
    expect(mentionText("<@UX> help", "U.")).toBe("<@UX> help");
  });
});
