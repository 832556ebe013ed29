import { describe, expect, test } from "vitest";
import { parseRepoConfig } from "../../../src/config/parse-repo-config.ts";
import type { RepoConfig } from "../../../src/config/repo-config.ts";

const doc = (...lines: string[]): string => `${lines.join("\n")}\n`;
const shell = (script: string, timeoutMs = 30 * 60_000) => ({
  command: { kind: "shell", script },
  timeoutMs,
});

function valid(text: string): RepoConfig {
  const result = parseRepoConfig(text);
  if (result.kind !== "valid") throw new Error(JSON.stringify(result.problems));
  return result.config;
}

function problems(text: string): { path: string; line: number | undefined; message: string }[] {
  const result = parseRepoConfig(text);
  if (result.kind !== "invalid") throw new Error("expected the config to be invalid");
  return result.problems.map(({ path, line, message }) => ({ path, line, message }));
}

describe("tasks.migrate with its status and down steps", () => {
  test("steps sit beside the task's own keys", () => {
    const config = valid(
      doc(
        "environments: { staging: {} }",
        "tasks:",
        "  migrate:",
        "    run: npm run migrate",
        "    timeout: 10m",
        "    status: npm run migrate:status",
        "    down: { run: [npm, run, migrate:down], timeout: 5m }",
      ),
    );
    expect(config.tasks.migrate).toEqual({
      ...shell("npm run migrate", 600_000),
      status: shell("npm run migrate:status"),
      down: { command: { kind: "argv", argv: ["npm", "run", "migrate:down"] }, timeoutMs: 300_000 },
    });
  });

  test("a plain migrate task has no steps", () => {
    const config = valid(doc("environments: { staging: {} }", "tasks: { migrate: npm run migrate }"));
    expect(config.tasks.migrate).toEqual(shell("npm run migrate"));
  });

  test("a migration run by a workflow may still have steps", () => {
    const config = valid(
      doc(
        "environments: { e: {} }",
        "tasks:",
        "  migrate: { workflow: { file: migrate.yml }, status: ./status.sh }",
      ),
    );
    expect(config.tasks.migrate?.command).toEqual({ kind: "workflow", file: "migrate.yml", inputs: {} });
    expect(config.tasks.migrate?.status).toEqual(shell("./status.sh"));
  });

  test("problems in the steps and the task point at their lines", () => {
    expect(
      problems(
        doc("environments: { e: {} }", "tasks:", "  migrate:", "    status: x", "    down: { rn: y }"),
      ),
    ).toEqual([
      { path: "tasks.migrate.run", line: 3, message: expect.stringContaining("is required") },
      { path: "tasks.migrate.down.run", line: 5, message: expect.stringContaining("is required") },
      { path: "tasks.migrate.down.rn", line: 5, message: "unknown key `rn`: did you mean `run`?" },
    ]);
  });

  test("a number is not a task", () => {
    expect(problems(doc("environments: { e: {} }", "tasks: { migrate: 5 }"))).toEqual([
      { path: "tasks.migrate", line: 2, message: expect.stringContaining("expected a task") },
    ]);
  });
});

describe("tasks.provision.max_plan_age", () => {
  const provision = (age: string) =>
    doc(
      "environments: { infra: {} }",
      "tasks:",
      "  provision:",
      "    plan: p",
      "    apply: a",
      `    max_plan_age: ${age}`,
    );

  test.each([
    ["30m", 1_800_000],
    ["1s", 1_000],
    ["7d", 604_800_000],
    ["90", 90_000],
  ])("%s is %i ms", (age, ms) => {
    expect(valid(provision(age)).tasks.provision?.maxPlanAgeMs).toBe(ms);
  });

  test("absent: the default applies where plans are checked", () => {
    const config = valid(doc("environments: { infra: {} }", "tasks: { provision: { plan: p, apply: a } }"));
    expect(config.tasks.provision?.maxPlanAgeMs).toBeUndefined();
  });

  test.each(["8d", "0s", "soon"])("%s is refused", (age) => {
    expect(problems(provision(age))).toEqual([
      {
        path: "tasks.provision.max_plan_age",
        line: 6,
        message: `\`${age}\` is not a plan age from 1s to 7d`,
      },
    ]);
  });
});

describe("migrate_require", () => {
  test("is normalised as the stricter of itself and require", () => {
    const config = valid(
      doc(
        "environments:",
        "  production:",
        "    require: { approvals: 1 }",
        '    migrate_require: { permission: maintain, approvers: ["@acme/dba"] }',
        "  staging: {}",
      ),
    );
    const [production, staging] = config.environments;
    expect(production?.migrateRequire).toMatchObject({
      permission: "maintain",
      approvals: 1,
      approvers: ["@acme/dba"],
    });
    expect(staging?.migrateRequire).toBeUndefined();
  });

  test("has the same checks as require", () => {
    expect(problems(doc("environments:", "  e:", "    migrate_require: { permision: admin }"))).toEqual([
      {
        path: "environments.e.migrate_require.permision",
        line: 3,
        message: "unknown key `permision`: did you mean `permission`?",
      },
    ]);
  });
});

describe("tasks.provision.artifacts", () => {
  const provision = (plan: string, apply: string, artifacts = "[shipmate.tfplan]") =>
    doc(
      "environments: { infra: {} }",
      "tasks:",
      "  provision:",
      `    plan: ${plan}`,
      `    apply: ${apply}`,
      `    artifacts: ${artifacts}`,
    );

  test("are kept between two tasks that run on the worker", () => {
    const config = valid(
      provision("terraform plan -out=shipmate.tfplan", "[terraform, apply, shipmate.tfplan]"),
    );
    expect(config.tasks.provision?.artifacts).toEqual(["shipmate.tfplan"]);
  });

  test.each([
    ["plan", "{ workflow: { file: plan.yml } }", "./apply.sh", "workflow"],
    ["apply", "./plan.sh", "{ webhook: { url: https://deploy.example.com/apply } }", "webhook"],
  ])("are refused when %s runs elsewhere", (step, plan, apply, key) => {
    expect(problems(provision(plan, apply))).toEqual([
      {
        path: `tasks.provision.${step}.${key}`,
        line: step === "plan" ? 4 : 5,
        message: `\`artifacts\` are kept only for tasks that run on the worker (\`run:\`), so \`${step}\` cannot use \`${key}:\`; drop \`artifacts\`, or run it with \`run:\``,
      },
    ]);
  });

  test("a workflow plan and apply are fine without artifacts", () => {
    const config = valid(
      provision("{ workflow: { file: plan.yml } }", "{ workflow: { file: apply.yml } }", "[]"),
    );
    expect(config.tasks.provision?.plan.command).toMatchObject({ kind: "workflow", file: "plan.yml" });
  });
});
