import { describe, expect, test } from "vitest";
import { type LockReply, renderLockReply } from "../../../src/reporting/render/lock-reply.ts";
import { holdView } from "../../support/job-view-fixture.ts";
import { HOSTILE, inertProblems } from "./hostile.ts";

const NOW = 2 * 3_600_000 + 5 * 60_000;
const HOUR = 3_600_000;
const ZWJ = "\u200d";

describe("renderLockReply", () => {
  test.each<{ name: string; reply: LockReply; expected: string }>([
    {
      name: "taken, with a reason and an expiry",
      reply: {
        kind: "taken",
        hold: holdView({ reason: "hotfix testing", at: NOW, expiresAt: NOW + 4 * HOUR }),
      },
      expected: [
        `🔒 **production** is locked for #12 by @${ZWJ}alice: hotfix testing.`,
        "",
        `Deploys from other pull requests will not run there while it is locked. It is released by \`/unlock production\` (from @${ZWJ}alice or someone with \`admin\` permission), when #12 is merged or closed, or when it ends in 4h 00m 00s (at 1970-01-01 06:05 UTC).`,
      ].join("\n"),
    },
    {
      name: "taken, without a reason or expiry",
      reply: { kind: "taken", hold: holdView({ at: NOW }) },
      expected: [
        `🔒 **production** is locked for #12 by @${ZWJ}alice.`,
        "",
        `Deploys from other pull requests will not run there while it is locked. It is released by \`/unlock production\` (from @${ZWJ}alice or someone with \`admin\` permission), when #12 is merged or closed.`,
      ].join("\n"),
    },
    {
      name: "renewed, with a new expiry",
      reply: { kind: "renewed", hold: holdView({ reason: "still testing!", expiresAt: NOW + HOUR }) },
      expected: `🔒 **production** is locked for #12 by @${ZWJ}alice: still testing\\! Locked 2h 05m 00s ago; it now ends in 1h 00m 00s (at 1970-01-01 03:05 UTC).`,
    },
    {
      name: "renewed, without expiry",
      reply: { kind: "renewed", hold: holdView() },
      expected: `🔒 **production** is locked for #12 by @${ZWJ}alice. Locked 2h 05m 00s ago; it stays locked until it is unlocked.`,
    },
    {
      name: "held by another pull request",
      reply: { kind: "held-by-other", hold: holdView({ reason: "release freeze", expiresAt: NOW + HOUR }) },
      expected: [
        `🚫 **production** is locked for #12 by @${ZWJ}alice: release freeze. Locked 2h 05m 00s ago.`,
        "",
        `This pull request can lock it or deploy there once the lock is released: ask @${ZWJ}alice to comment \`/unlock production\`, or wait until #12 is merged or closed or the lock ends at 1970-01-01 03:05 UTC (in 1h 00m 00s). Someone with \`admin\` permission can also unlock it.`,
      ].join("\n"),
    },
    {
      name: "released by the holder (login case ignored)",
      reply: { kind: "released", hold: holdView(), by: "Alice" },
      expected: `🔓 **production** is unlocked; it was locked for #12 by @${ZWJ}alice for 2h 05m 00s. Deploys from other pull requests can run there again.`,
    },
    {
      name: "released by an admin",
      reply: { kind: "released", hold: holdView(), by: "carol" },
      expected: `🔓 **production** is unlocked by @${ZWJ}carol; it was locked for #12 by @${ZWJ}alice for 2h 05m 00s. Deploys from other pull requests can run there again.`,
    },
    {
      name: "not held",
      reply: { kind: "not-held", environment: "production" },
      expected: "🔓 **production** is not locked; there is nothing to unlock.",
    },
    {
      name: "not allowed",
      reply: { kind: "not-allowed", hold: holdView({ reason: "freeze" }) },
      expected: `🚫 **production** is locked for #12 by @${ZWJ}alice: freeze. Only @${ZWJ}alice or someone with \`admin\` permission can unlock it.`,
    },
  ])("$name", ({ reply, expected }) => {
    expect(renderLockReply(reply, NOW)).toBe(expected);
  });

  test("a reason that ends a sentence gets no second full stop", () => {
    const reply = renderLockReply(
      { kind: "not-allowed", hold: holdView({ reason: "QA in progress." }) },
      NOW,
    );
    expect(reply).toContain("QA in progress. Only");
  });

  test.each(HOSTILE)(
    "a reason, environment or login with $name cannot add markup or ping anyone",
    ({ text }) => {
      const hold = holdView({ reason: text, environment: text, login: text });
      const replies: LockReply[] = [
        { kind: "taken", hold },
        { kind: "renewed", hold },
        { kind: "held-by-other", hold },
        { kind: "released", hold, by: text },
        { kind: "not-held", environment: text },
        { kind: "not-allowed", hold },
      ];
      for (const reply of replies) {
        const markdown = renderLockReply(reply, NOW);
        expect(inertProblems(markdown)).toEqual([]);
        expect(markdown.length).toBeLessThan(1_200);
      }
    },
  );

  test("the unlock command stays one code span whatever the environment is called", () => {
    const markdown = renderLockReply({ kind: "taken", hold: holdView({ environment: "a`b``c" }) }, NOW);
    expect(markdown).toContain("```/unlock a`b``c```");
  });
});
