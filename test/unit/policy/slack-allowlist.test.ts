import { describe, expect, test } from "vitest";
import { slackAllowlistRefusals } from "../../../src/policy/slack-allowlist.ts";
import { environmentConfig } from "../../support/environment-fixture.ts";

const origin = { channelId: "C0DEPLOYS", channelName: "deploys", userId: "U0ALICE" };

describe("slackAllowlistRefusals", () => {
  test.each([
    ["no lists", [], [], origin, 0],
    ["channel by id", ["C0DEPLOYS"], [], origin, 0],
    ["channel by name", ["#deploys"], [], origin, 0],
    ["another channel", ["#ops"], [], origin, 1],
    ["a name Slack did not send", ["#deploys"], [], { ...origin, channelName: undefined }, 1],
    ["listed user", [], ["U0ALICE"], origin, 0],
    ["unlisted user", [], ["U0BOB"], origin, 1],
    ["both wrong", ["#ops"], ["U0BOB"], origin, 2],
  ])("%s", (_name, allowedChannels, allowedUsers, from, refusals) => {
    const environment = environmentConfig({ name: "production", slack: { allowedChannels, allowedUsers } });
    const found = slackAllowlistRefusals(environment, from);
    expect(found).toHaveLength(refusals);
    for (const refusal of found) expect(refusal.code).toBe("not-in-allowlist");
  });
});
