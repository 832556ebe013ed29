import { afterEach, describe, expect, test, vi } from "vitest";
import {
  createLineMasker,
  createSecretMasker,
  LINE_HOLD_MS,
  MAX_PARTIAL_LINE_CHARS,
} from "../../src/shared/secret-masker.ts";

const TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
const b64 = (text: string) => Buffer.from(text).toString("base64");
const b64url = (text: string) => Buffer.from(text).toString("base64url");
// Bytes chosen so the standard and url-safe alphabets differ (+/ vs -_) and padding is needed.
const BINARY_ISH = "p?>~secret~>?q";
const KEY = "-----BEGIN KEY-----\nAAAABBBBCCCC\nDDDDEEEEFFFF\n-----END KEY-----";
// Long enough that `base64` (76 columns) wraps its encoding.
const LONG = `${TOKEN}:${TOKEN}`;
const wrapped = (text: string) => (text.match(/.{1,76}/g) ?? []).join("\n");

describe("createSecretMasker", () => {
  test.each([
    ["raw", [TOKEN], `token=${TOKEN}!`, "token=***!"],
    ["every occurrence", [TOKEN], `${TOKEN} and ${TOKEN}`, "*** and ***"],
    ["base64 padded", [BINARY_ISH], `x ${b64(BINARY_ISH)} y`, "x *** y"],
    ["base64 unpadded", [BINARY_ISH], `x ${b64(BINARY_ISH).replace(/=+$/, "")} y`, "x *** y"],
    ["base64url unpadded", [BINARY_ISH], `x ${b64url(BINARY_ISH)} y`, "x *** y"],
    ["base64url padded", [BINARY_ISH], `x ${b64url(BINARY_ISH)}= y`, "x *** y"],
    ["url-encoded", ["p@ss w/rd&x=1"], `u=${encodeURIComponent("p@ss w/rd&x=1")}`, "u=***"],
    ["JSON-escaped", ['quote"back\\slash'], JSON.stringify({ a: 'quote"back\\slash' }), '{"a":"***"}'],
    [
      "x-access-token basic auth",
      [TOKEN],
      `Authorization: Basic ${b64(`x-access-token:${TOKEN}`)}`,
      "Authorization: Basic ***",
    ],
    ["overlapping: the longer secret wins", ["abcdef", "abcdefghijkl"], "abcdefghijkl abcdef", "*** ***"],
    ["overlapping: shorter listed last", ["abcdefghijkl", "ghijkl"], "xx abcdefghijkl ghijkl", "xx *** ***"],
    ["short secrets are ignored", ["abc", "12345"], "abc 12345", "abc 12345"],
    ["six-character secret masked raw", ["sixsix"], "sixsix", "***"],
    ["six-character secret's base64 left alone", ["sixsix"], b64("sixsix"), b64("sixsix")],
    ["empty secret ignored", [""], "nothing", "nothing"],
    ["regex characters are literal", ["a.b*c+d?(e)"], "a.b*c+d?(e) aXbbcd", "*** aXbbcd"],
    [
      "each line of a multi-line secret",
      ["-----BEGIN KEY-----\nAAAABBBBCCCC\n-----END KEY-----"],
      "AAAABBBBCCCC\n",
      "***\n",
    ],
    ["halves on two lines", [TOKEN], `t=${TOKEN.slice(0, 9)}\n${TOKEN.slice(9)} ok`, "t=***\n*** ok"],
    ["halves on two CRLF lines", [TOKEN], `${TOKEN.slice(0, 30)}\r\n${TOKEN.slice(30)}`, "***\r\n***"],
    ["one character per line", [TOKEN], [...TOKEN].join("\n"), [...TOKEN].map(() => "***").join("\n")],
    ["base64 wrapped at 76 columns", [LONG], `${wrapped(b64(LONG))}\n`, "***\n***\n"],
    ["URL-encoded halves on two lines", ["p@ss w/rd&x=1"], "p%40ss%20w\n%2Frd%26x%3D1", "***\n***"],
    ["a multi-line secret printed whole", [KEY], `key:\n${KEY}\n`, "key:\n***\n***\n***\n***\n"],
    ["a multi-line secret JSON-escaped", [KEY], JSON.stringify({ key: KEY }), '{"key":"***"}'],
    ["a multi-line secret in base64", [KEY], b64(KEY), "***"],
    [
      "a line break does not join unrelated text",
      [TOKEN],
      `${TOKEN.slice(0, 9)}\nx${TOKEN.slice(9)}`,
      `${TOKEN.slice(0, 9)}\nx${TOKEN.slice(9)}`,
    ],
  ])("%s", (_name, secrets, input, expected) => {
    expect(createSecretMasker(secrets).mask(input)).toBe(expected);
  });

  test("a secret inside a longer base64 blob is masked at every alignment", () => {
    const masker = createSecretMasker([TOKEN]);
    for (const user of ["a", "ab", "abc", "someone"]) {
      const masked = masker.mask(b64(`${user}:${TOKEN}`));
      expect(masked).toContain("***");
      // What is left is at most the few characters that also encode the neighbouring bytes.
      expect(masked.replace("***", "").length).toBeLessThanOrEqual(
        Math.ceil(((user.length + 1) * 4) / 3) + 8,
      );
    }
  });

  test("the same secrets give the same masker; other secrets, or other options, another", () => {
    const masker = createSecretMasker([TOKEN, "second-secret"]);
    expect(createSecretMasker([TOKEN, "second-secret"])).toBe(masker);
    expect(createSecretMasker([TOKEN, "second-secret"], { json: true })).not.toBe(masker);
    // Two secrets are not one secret that holds both, whatever separates them.
    const joined = createSecretMasker([`${TOKEN}\0second-secret`]);
    expect(joined).not.toBe(masker);
    expect(masker.mask("second-secret")).toBe("***");
    expect(joined.mask("second-secret")).toBe("second-secret");
  });

  test("no secrets leaves text untouched, and cuts it where asked", () => {
    expect(createSecretMasker([]).mask("hello ***")).toBe("hello ***");
    expect(createSecretMasker([]).maskHead("one\ntwo", 4)).toEqual({ masked: "one\n", rest: "two" });
  });

  test("maskHead never cuts through a secret, wherever the secret sits", () => {
    const masker = createSecretMasker([TOKEN]);
    for (let after = 0; after < 150; after += 1) {
      const { masked, rest } = masker.maskHead(`${"x".repeat(200)}${TOKEN}${"y".repeat(after)}`);
      expect(masked + masker.mask(rest)).toBe(`${"x".repeat(200)}***${"y".repeat(after)}`);
      expect(masked.length).toBeGreaterThan(0);
    }
  });
});

describe("createLineMasker", () => {
  function collect(secrets: string[], chunks: string[], maxPartial?: number) {
    const out: string[] = [];
    const lines = createLineMasker(createSecretMasker(secrets), (text) => out.push(text), maxPartial);
    for (const chunk of chunks) lines.write(chunk);
    const beforeEnd = out.length;
    lines.end();
    return { out, beforeEnd, text: out.join("") };
  }

  test.each([
    ["split in the middle", [`token ${TOKEN.slice(0, 10)}`, `${TOKEN.slice(10)} end\n`]],
    ["split byte by byte", [...`a ${TOKEN} b\n`]],
    ["base64 split across chunks", [`c ${b64(TOKEN).slice(0, 7)}`, `${b64(TOKEN).slice(7)}\n`]],
    ["no trailing newline", ["line one\n", `last ${TOKEN.slice(0, 5)}`, TOKEN.slice(5)]],
  ])("%s", (_name, chunks) => {
    const { text } = collect([TOKEN], chunks);
    expect(text).toContain("***");
    expect(text).not.toContain(TOKEN.slice(0, 10));
    expect(text).not.toContain(b64(TOKEN).slice(0, 12));
    expect(text.replace("***", "")).toBe(chunks.join("").replace(TOKEN, "").replace(b64(TOKEN), ""));
  });

  test("emits complete lines before the stream ends, the last one held until the next", () => {
    const { out, beforeEnd } = collect([TOKEN], ["one\ntwo", "\nthr"]);
    expect(out.slice(0, beforeEnd)).toEqual(["one\n"]);
    expect(out.slice(beforeEnd)).toEqual(["two\nthr"]);
  });

  describe("a secret broken over two lines that arrive apart", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    function stream(secrets: string[]) {
      const out: string[] = [];
      const lines = createLineMasker(createSecretMasker(secrets), (text) => out.push(text));
      return { out, lines, text: () => out.join("") };
    }

    test("is masked when the second half follows within the quiet period", () => {
      vi.useFakeTimers();
      const { lines, text } = stream([TOKEN]);
      lines.write(`before\ntoken ${TOKEN.slice(0, 12)}\n`);
      vi.advanceTimersByTime(LINE_HOLD_MS - 1);
      lines.write(TOKEN.slice(12, 20));
      vi.advanceTimersByTime(LINE_HOLD_MS - 1);
      lines.write(`${TOKEN.slice(20)} after\n`);
      lines.end();
      expect(text()).toBe("before\ntoken ***\n*** after\n");
    });

    test("is masked byte by byte", () => {
      const { lines, text } = stream([TOKEN]);
      for (const byte of `a ${TOKEN.slice(0, 17)}\n${TOKEN.slice(17)} b\n`) lines.write(byte);
      lines.end();
      expect(text()).toBe("a ***\n*** b\n");
    });

    test("the held line goes out once the stream has been quiet, and the halves are then two lines", () => {
      vi.useFakeTimers();
      const { out, lines } = stream([TOKEN]);
      lines.write(`one\n${TOKEN.slice(0, 12)}\n`);
      expect(out).toEqual(["one\n"]);
      vi.advanceTimersByTime(LINE_HOLD_MS);
      // The rule's limit: what comes after a quiet period is never joined to what went out before it.
      expect(out).toEqual(["one\n", `${TOKEN.slice(0, 12)}\n`]);
      lines.write(`${TOKEN.slice(12)}\n`);
      lines.end();
      expect(out.at(-1)).toBe(`${TOKEN.slice(12)}\n`);
    });
  });

  test("flushes an unfinished line over the limit, still masking a secret across the cut", () => {
    const long = "z".repeat(MAX_PARTIAL_LINE_CHARS - 5);
    const { text, beforeEnd } = collect([TOKEN], [long, TOKEN.slice(0, 15), `${TOKEN.slice(15)} tail`]);
    expect(beforeEnd).toBeGreaterThan(0);
    expect(text).toBe(`${long}*** tail`);
  });

  test("a small limit forces flushes without losing or exposing anything", () => {
    const input = `${"ab".repeat(50)}${TOKEN}${"cd".repeat(50)}`;
    const chunks = input.match(/.{1,7}/g) ?? [];
    const { text, beforeEnd } = collect([TOKEN], chunks, 60);
    expect(beforeEnd).toBeGreaterThan(1);
    expect(text).toBe(input.replace(TOKEN, "***"));
  });
});
