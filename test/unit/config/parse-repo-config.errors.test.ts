import { describe, expect, test } from "vitest";
import type { ConfigProblem } from "../../../src/config/parse-repo-config.ts";
import {
  formatConfigProblem,
  MAX_CONFIG_BYTES,
  parseRepoConfig,
} from "../../../src/config/parse-repo-config.ts";

const doc = (...lines: string[]): string => `${lines.join("\n")}\n`;

/** A problem expected at `line:column`, with a fragment of its message. */
const at = (path: string, line: number, column: number, message: string) =>
  ({ path, line, column, message: expect.stringContaining(message) }) as const;

function problems(text: string): ConfigProblem[] {
  const result = parseRepoConfig(text);
  if (result.kind !== "invalid") throw new Error("expected the config to be invalid");
  return result.problems;
}

describe("parseRepoConfig: schema problems point at their line", () => {
  const cases: { name: string; text: string; expected: ReturnType<typeof at>[] }[] = [
    {
      name: "unknown key with a suggestion",
      text: doc("environments:", "  staging:", "    deplyo: ./x"),
      expected: [at("environments.staging.deplyo", 3, 5, "unknown key `deplyo`: did you mean `deploy`?")],
    },
    {
      name: "unknown key without a close match lists the known keys",
      text: doc("environments: { a: {} }", "slack:", "  webhook: x"),
      expected: [at("slack.webhook", 3, 3, "unknown key `webhook`: expected one of `channel`, `users`")],
    },
    {
      name: "unknown top-level key next to a missing environments",
      text: doc("# config", "enviroments:", "  a: {}"),
      expected: [
        at("environments", 2, 1, "is required"),
        at("enviroments", 2, 1, "did you mean `environments`?"),
      ],
    },
    {
      name: "permission outside ROLES",
      text: doc("environments:", "  production:", "    require:", "      permission: owner"),
      expected: [
        at(
          "environments.production.require.permission",
          4,
          7,
          "expected one of read, triage, write, maintain, admin",
        ),
      ],
    },
    {
      name: "approvals not a whole number, and over 10",
      text: doc(
        "environments:",
        "  a:",
        "    require: { approvals: 1.5 }",
        "  b:",
        "    require: { approvals: 11 }",
      ),
      expected: [
        at("environments.a.require.approvals", 3, 16, "expected a whole number"),
        at("environments.b.require.approvals", 5, 16, "must be at most 10"),
      ],
    },
    {
      name: "approvers: login or @org/team; users: logins only",
      text: doc(
        "environments:",
        "  a:",
        "    require:",
        '      approvers: [alice, "@acme/release", "@@x"]',
        '      users: ["@acme/release"]',
      ),
      expected: [
        at("environments.a.require.approvers[2]", 4, 43, "expected a GitHub login or `@org/team-slug`"),
        at("environments.a.require.users[0]", 5, 15, "expected a GitHub login"),
      ],
    },
    {
      name: "require.checks that is neither a boolean nor a list",
      text: doc("environments:", "  a:", "    require:", "      checks: yes please"),
      expected: [at("environments.a.require.checks", 4, 7, "expected true, false, or a list of check names")],
    },
    {
      name: "require.checks names: empty, too long, multi-line, not text, blank",
      text: doc(
        "environments:",
        "  a:",
        "    require:",
        "      checks:",
        '        - ""',
        `        - ${"x".repeat(101)}`,
        '        - "two\\nlines"',
        "        - 5",
        '        - "   "',
        "        - fine / name",
      ),
      expected: [
        at("environments.a.require.checks[0]", 5, 11, "must not be empty"),
        at("environments.a.require.checks[1]", 6, 11, "must be at most 100 characters"),
        at("environments.a.require.checks[2]", 7, 11, "expected a check name on one line"),
        at("environments.a.require.checks[3]", 8, 11, "expected a string, got 5"),
        at("environments.a.require.checks[4]", 9, 11, "must not be blank"),
      ],
    },
    {
      name: "require.approval_ttl out of range and malformed",
      text: doc(
        "environments:",
        "  a:",
        "    require: { approval_ttl: 9s }",
        "  b:",
        "    require: { approval_ttl: 8d }",
        "  c:",
        "    require:",
        "      approval_ttl: an hour",
      ),
      expected: [
        at("environments.a.require.approval_ttl", 3, 16, "`9s` is out of range: must be 10s to 7d"),
        at("environments.b.require.approval_ttl", 5, 16, "`8d` is out of range: must be 10s to 7d"),
        at("environments.c.require.approval_ttl", 8, 7, "`an hour` is not a duration"),
      ],
    },
    {
      name: "url that is not http(s)",
      text: doc("environments:", "  a:", "    url: ftp://example.com"),
      expected: [at("environments.a.url", 3, 5, "expected an http:// or https:// URL")],
    },
    {
      name: "bad environment name",
      text: doc("environments:", "  ok: {}", "  -bad: {}"),
      expected: [at("environments.-bad", 3, 3, "environment names are")],
    },
    {
      name: "environment names that differ only in case",
      text: doc("environments:", "  staging: {}", "  Staging: {}"),
      expected: [at("environments.Staging", 3, 3, "differs from `staging` only in letter case")],
    },
    {
      name: "default_environment naming no environment",
      text: doc("environments:", "  staging: {}", "default_environment: prod"),
      expected: [at("default_environment", 3, 1, "`prod` is not one of the environments (`staging`)")],
    },
    {
      name: "empty environments mapping",
      text: doc("environments: {}"),
      expected: [at("environments", 1, 1, "define at least one environment")],
    },
    {
      name: "environments with no value",
      text: doc("tasks: {}", "environments:"),
      expected: [at("environments", 2, 1, "is empty: define at least one environment")],
    },
    {
      name: "a task of the wrong type",
      text: doc("environments:", "  a:", "    deploy: 5"),
      expected: [
        at("environments.a.deploy", 3, 5, "expected a task: a command string, a list of argv strings"),
      ],
    },
    {
      name: "an argv element that is not a string",
      text: doc("environments:", "  a:", "    deploy: [sleep, 10]"),
      expected: [at("environments.a.deploy[1]", 3, 21, "expected a string, got 10: quote it")],
    },
    {
      name: "empty command, empty argv, empty program",
      text: doc("checks:", '  a: ""', "  b: []", '  c: ["", x]', "environments: { e: {} }"),
      expected: [
        at("checks.a", 2, 3, "the command is empty"),
        at("checks.b", 3, 3, "an argv list needs at least the program to run"),
        at("checks.c[0]", 4, 7, "the program to run is empty"),
      ],
    },
    {
      name: "a task mapping with a typo and no run",
      text: doc("environments: { e: {} }", "tasks:", "  migrate:", "    rn: npm run migrate"),
      expected: [
        at("tasks.migrate.run", 3, 3, "is required"),
        at("tasks.migrate.rn", 4, 5, "unknown key `rn`: did you mean `run`?"),
      ],
    },
    {
      name: "missing provision apply points at the provision mapping",
      text: doc("environments: { e: {} }", "tasks:", "  provision:", "    plan: terraform plan"),
      expected: [at("tasks.provision.apply", 3, 3, "is required")],
    },
    {
      name: "artifacts that escape the workspace",
      text: doc(
        "environments: { e: {} }",
        "tasks:",
        "  provision:",
        "    plan: a",
        "    apply: b",
        "    artifacts:",
        "      - ok/plan",
        "      - ../secrets",
        "      - /etc/passwd",
        "      - a/../../b",
      ),
      expected: [
        at("tasks.provision.artifacts[1]", 8, 9, "expected a relative path"),
        at("tasks.provision.artifacts[2]", 9, 9, "expected a relative path"),
        at("tasks.provision.artifacts[3]", 10, 9, "expected a relative path"),
      ],
    },
    {
      name: "bad check name",
      text: doc("environments: { e: {} }", "checks:", '  "unit tests": npm test'),
      expected: [at("checks.unit tests", 3, 3, "check names are")],
    },
    {
      name: "slack user ids and logins",
      text: doc(
        "environments: { e: {} }",
        "slack:",
        "  channel: deploys",
        "  users:",
        "    alice: U024BE7LH",
        '    U024BE7LH: "not a login"',
      ),
      expected: [
        at("slack.channel", 3, 3, "expected `#channel-name` or a channel id"),
        at("slack.users.alice", 5, 5, "expected a Slack user id"),
        at("slack.users.U024BE7LH", 6, 5, "expected a GitHub login"),
      ],
    },
    {
      name: "teardown on an environment that is not transient",
      text: doc("environments:", "  review:", "    deploy: x", "    teardown: y"),
      expected: [at("environments.review.teardown", 4, 5, "only runs for `transient: true` environments")],
    },
    {
      name: "a boolean that is text",
      text: doc("environments:", "  a:", '    lock: "yes"'),
      expected: [at("environments.a.lock", 3, 5, 'expected true or false, got "yes"')],
    },
    {
      name: "a file that is a list",
      text: doc("- environments"),
      expected: [at("", 1, 1, "expected a mapping, got a list")],
    },
    {
      name: "problems inside an alias are found at its anchor",
      text: doc("environments:", "  a: &env { deploy: x, lock: maybe }", "  b: *env"),
      expected: [
        at("environments.a.lock", 2, 24, "expected true or false"),
        at("environments.b.lock", 2, 24, "expected true or false"),
      ],
    },
  ];

  test.each(cases)("$name", ({ text, expected }) => {
    expect(problems(text)).toEqual(expected);
  });
});

describe("parseRepoConfig: durations", () => {
  const cases: { value: string; message: string }[] = [
    { value: "soon", message: "`soon` is not a duration" },
    { value: "1.5h", message: "`1.5h` is not a duration" },
    { value: "0s", message: "`0s` is out of range: must be 1s to 24h" },
    { value: "25h", message: "`25h` is out of range: must be 1s to 24h" },
    { value: "[30m]", message: "expected a duration like `30m`" },
  ];
  test.each(cases)("timeout: $value", ({ value, message }) => {
    expect(problems(doc("environments:", "  a:", `    deploy: { run: x, timeout: ${value} }`))).toEqual([
      at("environments.a.deploy.timeout", 3, 23, message),
    ]);
  });

  test("lock_ttl is a duration up to 30 days", () => {
    expect(
      problems(doc("environments:", "  a:", "    lock_ttl: 31d", "  b:", "    lock_ttl: 4 hours")),
    ).toEqual([
      at("environments.a.lock_ttl", 3, 5, "`31d` is out of range: must be 1s to 30d"),
      at("environments.b.lock_ttl", 5, 5, "`4 hours` is not a duration"),
    ]);
  });
});

describe("parseRepoConfig: reporting", () => {
  test("reports every problem, sorted by line, though zod finds them in schema order", () => {
    const found = problems(
      doc(
        "slack:",
        "  channel: nope",
        "environments:",
        "  a:",
        "    require: { permission: root, approvals: 0.5 }",
        "    lokc: true",
        "default_environment: z",
        "extra: 1",
      ),
    );
    expect(found.map((problem) => [problem.line, problem.path])).toEqual([
      [2, "slack.channel"],
      [5, "environments.a.require.permission"],
      [5, "environments.a.require.approvals"],
      [6, "environments.a.lokc"],
      [7, "default_environment"],
      [8, "extra"],
    ]);
  });

  test("a problem formats with file, line, column and path", () => {
    const [problem] = problems(
      doc("environments:", "  production:", "    require:", "      permission: owner"),
    );
    expect(problem && formatConfigProblem(problem)).toBe(
      ".github/shipmate.yml:4:7: environments.production.require.permission: expected one of read, triage, write, maintain, admin",
    );
  });
});

describe("parseRepoConfig: YAML problems", () => {
  const cases: { name: string; text: string; expected: ReturnType<typeof at>[] }[] = [
    {
      name: "duplicate key",
      text: doc("environments:", "  a:", "    deploy: x", "    deploy: y"),
      expected: [at("environments.a", 4, 5, "duplicate key `deploy`")],
    },
    {
      name: "duplicate environment",
      text: doc("environments:", "  a: {}", "  b: {}", "  a: {}"),
      expected: [at("environments", 4, 3, "duplicate key `a`")],
    },
    {
      name: "duplicate key in a flow mapping",
      text: doc("environments: { a: {}, a: {} }"),
      expected: [at("environments", 1, 24, "duplicate key `a`")],
    },
    {
      name: "unclosed flow mapping",
      text: doc("environments:", "  a: { deploy: x", "  b: {}"),
      expected: [at("", 3, 3, "Flow map")],
    },
    {
      name: "bad indentation",
      text: doc("environments:", "  a: {}", " b: {}"),
      expected: [at("", 3, 1, "same column")],
    },
    {
      name: "tab indentation",
      text: doc("environments:", "\ta: {}"),
      expected: [at("", 2, 1, "Tabs are not allowed")],
    },
    {
      name: "a second document",
      text: doc("environments: { a: {} }", "---", "environments: { b: {} }"),
      expected: [at("", 2, 1, "a second YAML document starts here")],
    },
    {
      name: "an alias with no anchor",
      text: doc("environments:", "  a: *nothing"),
      expected: [at("", 2, 6, "alias `*nothing` has no anchor `&nothing` before it")],
    },
    {
      name: "a key that is a list",
      text: doc("environments: { a: {} }", "? [x, y]", ": 1"),
      expected: [at("", 2, 3, "a mapping key must be plain text")],
    },
    {
      name: "an unknown tag",
      text: doc("environments:", "  a: !env {}"),
      expected: [at("", 2, 6, "Unresolved tag: !env")],
    },
  ];
  test.each(cases)("$name", ({ text, expected }) => {
    expect(problems(text)).toEqual(expected);
  });

  test.each([[""], ["# nothing here yet\n"], ["---\n"], ["~\n"]])(
    "an empty file (%j) asks for environments",
    (text) => {
      expect(problems(text)).toEqual([
        {
          path: "environments",
          line: undefined,
          column: undefined,
          message: expect.stringContaining("the file is empty"),
        },
      ]);
    },
  );

  test("an alias bomb is refused", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let level = 1; level < 8; level++) {
      const previous = `*${String.fromCharCode(96 + level)}`;
      levels.push(
        `${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(10).fill(previous).join(", ")}]`,
      );
    }
    expect(problems(doc("environments: { e: {} }", ...levels))).toEqual([
      {
        path: "",
        line: undefined,
        column: undefined,
        message: expect.stringContaining("aliases expand too far"),
      },
    ]);
  });

  test("an anchor used 60 times is refused; 40 times is fine", () => {
    const uses = (count: number) =>
      doc(
        "environments:",
        "  e0: &gates { require: { approvals: 1 } }",
        ...Array.from({ length: count }, (_, i) => `  e${i + 1}: *gates`),
      );
    expect(parseRepoConfig(uses(40)).kind).toBe("valid");
    expect(problems(uses(60))).toEqual([
      {
        path: "",
        line: undefined,
        column: undefined,
        message: expect.stringContaining("aliases expand too far"),
      },
    ]);
  });

  test("a file over 64 KiB is refused before parsing", () => {
    const text = `environments: { a: {} }\n${"#".repeat(MAX_CONFIG_BYTES)}\n`;
    expect(problems(text)).toEqual([
      {
        path: "",
        line: undefined,
        column: undefined,
        message: expect.stringContaining("the limit is 65536 (64 KiB)"),
      },
    ]);
  });

  test("64 KiB counts bytes, not characters", () => {
    const comment = `# ${"é".repeat(MAX_CONFIG_BYTES / 2)}`;
    expect(comment.length).toBeLessThan(MAX_CONFIG_BYTES);
    expect(parseRepoConfig(doc("environments: { a: {} }", comment)).kind).toBe("invalid");
    expect(parseRepoConfig(doc("environments: { a: {} }", comment.slice(0, 1000))).kind).toBe("valid");
  });
});
