import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCli } from "./cli-helpers.ts";

const VALID = `environments:
  staging:
    deploy: ./deploy.sh
  production:
    deploy: [./deploy.sh, production]
    require: { permission: maintain }
tasks:
  migrate: npm run migrate
checks:
  unit: npm test
  lint: npm run lint
`;

// Two schema problems: an unknown key at line 3 and a bad permission at line 7, column 7 (its key).
const INVALID = `environments:
  staging:
    deplyo: ./deploy.sh
  production:
    deploy: ./deploy.sh
    require:
      permission: owner
`;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "shipmate-cli-validate-"));
  mkdirSync(join(dir, ".github"));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(text: string, path = ".github/shipmate.yml"): void {
  writeFileSync(join(dir, path), text);
}

describe("shipmate validate", () => {
  test("a valid file: exit 0 and one line naming environments, tasks and checks", () => {
    writeConfig(VALID);
    const result = runCli(["validate"], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      ".github/shipmate.yml is valid: 2 environments (staging, production); tasks: migrate; 2 checks (unit, lint).\n",
    );
  });

  test("an invalid file: every problem at once as file:line:column, then exit 1", () => {
    writeConfig(INVALID);
    const result = runCli(["validate"], { cwd: dir });
    expect(result.status).toBe(1);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^\.github\/shipmate\.yml:3:5: environments\.staging\.deplyo: .*did you mean `deploy`/,
    );
    expect(lines[1]).toMatch(
      /^\.github\/shipmate\.yml:7:7: environments\.production\.require\.permission: expected one of read, /,
    );
    expect(lines[2]).toBe(".github/shipmate.yml: 2 problems; Shipmate would run nothing with this file.");
  });

  test("a YAML syntax error is reported at its line", () => {
    writeConfig("environments:\n  staging:\n    deploy: [unclosed\n", "syntax.yml");
    const result = runCli(["validate", "syntax.yml"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^syntax\.yml:\d+(:\d+)?: /);
    expect(result.stdout).toContain("1 problem;");
  });

  test("a file named on the command line is read and named in the problems", () => {
    writeConfig(INVALID, "other.yml");
    const result = runCli(["validate", "other.yml"], { cwd: dir });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^other\.yml:3:5: /m);
  });

  test("- reads stdin, valid or not", () => {
    const good = runCli(["validate", "-"], { cwd: dir, input: VALID });
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/^<stdin> is valid: 2 environments/);
    const bad = runCli(["validate", "-"], { cwd: dir, input: INVALID });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/^<stdin>:7:7: environments\.production\.require\.permission/m);
  });

  test("an empty file is a problem about the whole file", () => {
    const result = runCli(["validate", "-"], { cwd: dir, input: "# nothing yet\n" });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^<stdin>: environments: the file is empty/);
  });

  test("a missing file or extra arguments exit 2 without a report", () => {
    const missing = runCli(["validate", "nope.yml"], { cwd: dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("shipmate validate: cannot read nope.yml (ENOENT).\n");
    const extra = runCli(["validate", "a.yml", "b.yml"], { cwd: dir });
    expect(extra.status).toBe(2);
    expect(extra.stdout).toBe("");
  });
});

describe("shipmate help", () => {
  test.each([["help"], ["--help"], ["-h"]])("%s prints the usage of every command", (word) => {
    const result = runCli([word], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("usage: shipmate [all|web|worker]");
    expect(result.stdout).toContain("shipmate validate [file|-]");
    expect(result.stdout).toContain("shipmate run <task> [env]");
    expect(result.stdout).toContain("check:<name>");
  });
});
