import { describe, expect, test } from "vitest";
import { MAX_ANNOTATIONS, parseAnnotations } from "../../../src/reporting/render/check-run-annotations.ts";

type Row = { path: string; line: number; column?: number; level: string; message: string };

/** The annotations of `output`, with only the fields that differ between cases. */
function found(output: string, checkFailed = true): Row[] {
  return parseAnnotations(output, checkFailed).map(({ path, line, column, level, message }) => ({
    path,
    line,
    ...(column === undefined ? {} : { column }),
    level,
    message,
  }));
}

describe("parseAnnotations: which output lines become annotations", () => {
  const cases: { name: string; output: string; expected: Row[] }[] = [
    {
      name: "file:line: message",
      output: "src/app.ts:3: unused variable x",
      expected: [{ path: "src/app.ts", line: 3, level: "failure", message: "unused variable x" }],
    },
    {
      name: "file:line:column: message",
      output: "src/app.ts:7:5: missing semicolon",
      expected: [{ path: "src/app.ts", line: 7, column: 5, level: "failure", message: "missing semicolon" }],
    },
    {
      name: "a leading ./ and surrounding spaces are dropped",
      output: "   ./lib/util.py:12: E501 line too long  ",
      expected: [{ path: "lib/util.py", line: 12, level: "failure", message: "E501 line too long" }],
    },
    {
      name: "a file in the top folder with an extension",
      output: "Makefile.am:1: bad rule",
      expected: [{ path: "Makefile.am", line: 1, level: "failure", message: "bad rule" }],
    },
    { name: "an absolute path is not a file of the repository", output: "/etc/hosts:1: nope", expected: [] },
    { name: "a path out of the repository", output: "src/../../secret.txt:1: nope", expected: [] },
    { name: "a host and port", output: "localhost:3000: listening", expected: [] },
    { name: "an IP address and port", output: "127.0.0.1:80: refused", expected: [] },
    { name: "line 0 is no line", output: "src/app.ts:0: nothing", expected: [] },
    {
      name: "column 0 is left out",
      output: "src/app.ts:2:0: at the start",
      expected: [{ path: "src/app.ts", line: 2, level: "failure", message: "at the start" }],
    },
    { name: "no message", output: "src/app.ts:4:", expected: [] },
    { name: "a line that is not a location", output: "Tests: 3 failed, 10 passed", expected: [] },
    { name: "a space in the path", output: "my file.ts:3: x", expected: [] },
  ];
  test.each(cases)("$name", ({ output, expected }) => {
    expect(found(output)).toEqual(expected);
  });
});

describe("parseAnnotations: levels", () => {
  const cases = [
    { name: "a warning says so", message: "warning: prefer const", failed: true, level: "warning" },
    { name: "in any letter case", message: "WARN deprecated call", failed: true, level: "warning" },
    { name: "a note is a notice", message: "note: declared here", failed: true, level: "notice" },
    { name: "a hint is a notice", message: "hint: try this", failed: true, level: "notice" },
    { name: "anything else fails a failed check", message: "type error", failed: true, level: "failure" },
    { name: "and only warns on a passed one", message: "type error", failed: false, level: "warning" },
    {
      name: "a word merely containing 'warn' is not one",
      message: "forewarned is wrong",
      failed: true,
      level: "failure",
    },
  ];
  test.each(cases)("$name", ({ message, failed, level }) => {
    expect(found(`src/a.ts:1: ${message}`, failed).map((row) => row.level)).toEqual([level]);
  });
});

describe("parseAnnotations: the whole output", () => {
  test("in output order, repeats once, colours and carriage returns removed", () => {
    const output = [
      "\u001b[31msrc/b.ts:9: second\u001b[0m\r",
      "src/a.ts:1: first",
      "src/b.ts:9: second",
      "src/a.ts:1: another message on the same line",
    ].join("\n");
    expect(found(output).map((row) => `${row.path}:${row.line} ${row.message}`)).toEqual([
      "src/b.ts:9 second",
      "src/a.ts:1 first",
      "src/a.ts:1 another message on the same line",
    ]);
  });

  test(`at most ${MAX_ANNOTATIONS}, the first ones`, () => {
    const output = Array.from({ length: 400 }, (_, i) => `src/f.ts:${i + 1}: problem ${i + 1}`).join("\n");
    const rows = found(output);
    expect(rows).toHaveLength(MAX_ANNOTATIONS);
    expect(rows.at(-1)?.line).toBe(MAX_ANNOTATIONS);
  });

  test("a long message is cut to 1,000 characters", () => {
    const [row] = found(`src/a.ts:1: ${"x".repeat(5_000)}`);
    expect(row?.message.length).toBeLessThanOrEqual(1_000);
  });

  test("no output, no annotations", () => {
    expect(found("")).toEqual([]);
  });
});
