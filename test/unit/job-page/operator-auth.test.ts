import { describe, expect, test } from "vitest";
import { checkOperator } from "../../../src/web/operator-auth.ts";

const OPERATOR = { user: "ops", password: "correct horse battery staple" };
const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString("base64")}`;

describe("checkOperator", () => {
  const cases: { name: string; header: string | undefined; expected: string }[] = [
    { name: "no header", header: undefined, expected: "none" },
    {
      name: "the right user and password",
      header: basic("ops:correct horse battery staple"),
      expected: "valid",
    },
    {
      name: "the scheme in lower case",
      header: `basic ${Buffer.from("ops:correct horse battery staple").toString("base64")}`,
      expected: "valid",
    },
    {
      name: "a trailing colon makes another password",
      header: basic("ops:correct horse battery staple:"),
      expected: "wrong",
    },
    { name: "a wrong password", header: basic("ops:correct horse battery stapler"), expected: "wrong" },
    { name: "an empty password", header: basic("ops:"), expected: "wrong" },
    { name: "a wrong user", header: basic("root:correct horse battery staple"), expected: "wrong" },
    { name: "no colon", header: basic("opscorrect horse battery staple"), expected: "wrong" },
    { name: "another scheme", header: "Bearer correct horse battery staple", expected: "wrong" },
    { name: "garbage", header: "Basic !!!", expected: "wrong" },
  ];
  test.each(cases)("$name → $expected", ({ header, expected }) => {
    expect(checkOperator(header, OPERATOR)).toBe(expected);
  });

  test("a password with a colon in it works", () => {
    const operator = { user: "ops", password: "a:b:c-long-enough" };
    expect(checkOperator(basic("ops:a:b:c-long-enough"), operator)).toBe("valid");
  });

  test("with no operator configured, no credentials are valid", () => {
    expect(checkOperator(basic("ops:correct horse battery staple"), undefined)).toBe("wrong");
  });
});
