import { describe, expect, test } from "vitest";
import { checkJobLink, jobLinkUrl, signJobLink } from "../../../src/web/signed-job-link.ts";

const KEY = Buffer.from("a-job-link-key-of-thirty-two-bytes!!");
const NOW = 1_800_000_000_000;
const EXP = NOW / 1000 + 3600;

function parts(url: string): { id: string; exp: string | null; sig: string | null } {
  const parsed = new URL(url);
  return {
    id: parsed.pathname.replace("/jobs/", ""),
    exp: parsed.searchParams.get("exp"),
    sig: parsed.searchParams.get("sig"),
  };
}

describe("jobLinkUrl", () => {
  test("points at /jobs/<id> under the base URL, expiring ttl after now, signed with HMAC-SHA256", () => {
    const url = jobLinkUrl(
      { baseUrl: "https://ship.example/base", key: KEY, ttlMs: 7 * 86_400_000 },
      "task-1-2",
      NOW,
    );
    const expires = NOW / 1000 + 7 * 86_400;
    expect(url).toBe(
      `https://ship.example/base/jobs/task-1-2?exp=${expires}&sig=${signJobLink(KEY, "task-1-2", expires)}`,
    );
    expect(signJobLink(KEY, "task-1-2", expires)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("checkJobLink", () => {
  const sig = signJobLink(KEY, "task-1-2", EXP);
  const cases: {
    name: string;
    id: string;
    exp: string | null;
    sig: string | null;
    now?: number;
    expected: string;
  }[] = [
    { name: "the link as signed", id: "task-1-2", exp: String(EXP), sig, expected: "valid" },
    {
      name: "the signature in upper case",
      id: "task-1-2",
      exp: String(EXP),
      sig: sig.toUpperCase(),
      expected: "valid",
    },
    {
      name: "a second after it lapsed",
      id: "task-1-2",
      exp: String(EXP),
      sig,
      now: EXP * 1000 + 1000,
      expected: "expired",
    },
    {
      name: "the very second it lapses",
      id: "task-1-2",
      exp: String(EXP),
      sig,
      now: EXP * 1000,
      expected: "expired",
    },
    { name: "another job", id: "task-1-3", exp: String(EXP), sig, expected: "invalid" },
    { name: "a later expiry", id: "task-1-2", exp: String(EXP + 1), sig, expected: "invalid" },
    {
      name: "one changed hex digit",
      id: "task-1-2",
      exp: String(EXP),
      sig: `${sig.slice(0, -1)}${sig.endsWith("0") ? "1" : "0"}`,
      expected: "invalid",
    },
    {
      name: "a short signature",
      id: "task-1-2",
      exp: String(EXP),
      sig: sig.slice(0, 62),
      expected: "invalid",
    },
    {
      name: "a non-hex signature",
      id: "task-1-2",
      exp: String(EXP),
      sig: `${sig.slice(0, 63)}g`,
      expected: "invalid",
    },
    { name: "no signature", id: "task-1-2", exp: String(EXP), sig: null, expected: "invalid" },
    { name: "no expiry", id: "task-1-2", exp: null, sig, expected: "invalid" },
    { name: "a negative expiry", id: "task-1-2", exp: `-${EXP}`, sig, expected: "invalid" },
    { name: "a fractional expiry", id: "task-1-2", exp: `${EXP}.0`, sig, expected: "invalid" },
  ];
  test.each(cases)("$name → $expected", (c) => {
    expect(checkJobLink(KEY, c.id, c.exp, c.sig, c.now ?? NOW).kind).toBe(c.expected);
  });

  test("another key's signature is invalid", () => {
    const other = signJobLink(Buffer.from("another-key-of-thirty-two-bytes!!!!!"), "task-1-2", EXP);
    expect(checkJobLink(KEY, "task-1-2", String(EXP), other, NOW).kind).toBe("invalid");
  });

  test("digits cannot move between the id and the expiry", () => {
    // Without a separator, "task-1-2" + "3…" and "task-1-23" + "…" would be the same message.
    const link = parts(jobLinkUrl({ baseUrl: "https://x", key: KEY, ttlMs: 10 ** 12 }, "task-1-2", NOW));
    const moved = `${link.exp?.slice(1)}`;
    expect(checkJobLink(KEY, `task-1-2${link.exp?.[0]}`, moved, link.sig, 0).kind).toBe("invalid");
    expect(checkJobLink(KEY, link.id, link.exp, link.sig, NOW).kind).toBe("valid");
  });

  test("an expired link says when it lapsed", () => {
    expect(checkJobLink(KEY, "task-1-2", String(EXP), sig, NOW + 86_400_000)).toEqual({
      kind: "expired",
      expiredAt: EXP * 1000,
    });
  });
});
