import { describe, expect, test } from "vitest";
import type { ConfigProblem, ConfigResult } from "../../../src/config/parse-repo-config.ts";
import { parseRepoConfig } from "../../../src/config/parse-repo-config.ts";
import type { TaskDefinition } from "../../../src/config/repo-config.ts";

const doc = (...lines: string[]): string => `${lines.join("\n")}\n`;
const MINUTES = 60_000;

function deployOf(result: ConfigResult): TaskDefinition | undefined {
  if (result.kind !== "valid")
    throw new Error(`expected a valid config, got ${JSON.stringify(result.problems)}`);
  return result.config.environments[0]?.deploy;
}

function problems(text: string): ConfigProblem[] {
  const result = parseRepoConfig(text);
  if (result.kind !== "invalid") throw new Error("expected the config to be invalid");
  return result.problems;
}

const at = (path: string, line: number, column: number, message: string) =>
  ({ path, line, column, message: expect.stringContaining(message) }) as const;

describe("task forms: workflow and webhook", () => {
  const cases: { name: string; lines: string[]; expected: TaskDefinition }[] = [
    {
      name: "a workflow with only its file runs on the job's ref, with no extra inputs",
      lines: ["    deploy: { workflow: { file: deploy.yml } }"],
      expected: { command: { kind: "workflow", file: "deploy.yml", inputs: {} }, timeoutMs: 30 * MINUTES },
    },
    {
      name: "a workflow with ref, inputs (numbers and booleans as text) and a timeout",
      lines: [
        "    deploy:",
        "      workflow:",
        "        file: .github/workflows/deploy.yaml",
        "        ref: main",
        "        inputs: { region: eu-west-1, replicas: 3, canary: true }",
        "      timeout: 45m",
      ],
      expected: {
        command: {
          kind: "workflow",
          file: "deploy.yaml",
          ref: "main",
          inputs: { region: "eu-west-1", replicas: "3", canary: "true" },
        },
        timeoutMs: 45 * MINUTES,
      },
    },
    {
      name: "a webhook with only its URL takes the defaults",
      lines: ["    deploy: { webhook: { url: 'https://deployer.example/hooks/deploy' } }"],
      expected: {
        command: {
          kind: "webhook",
          url: "https://deployer.example/hooks/deploy",
          pollIntervalMs: 10_000,
          retries: 3,
        },
        timeoutMs: 30 * MINUTES,
      },
    },
    {
      name: "a webhook with every field",
      lines: [
        "    deploy:",
        "      webhook:",
        "        url: http://jenkins.internal:8080/job/deploy/build",
        "        secret_env: DEPLOY_HOOK_SECRET",
        "        status_url: http://jenkins.internal:8080/job/deploy/status",
        "        cancel_url: http://jenkins.internal:8080/job/deploy/stop",
        "        poll_interval: 30s",
        "        retries: 0",
        "      timeout: 2h",
      ],
      expected: {
        command: {
          kind: "webhook",
          url: "http://jenkins.internal:8080/job/deploy/build",
          secretEnv: "DEPLOY_HOOK_SECRET",
          statusUrl: "http://jenkins.internal:8080/job/deploy/status",
          cancelUrl: "http://jenkins.internal:8080/job/deploy/stop",
          pollIntervalMs: 30_000,
          retries: 0,
        },
        timeoutMs: 120 * MINUTES,
      },
    },
    {
      name: "`run:` in a mapping is still a command",
      lines: ["    deploy: { run: make deploy, timeout: 5m }"],
      expected: { command: { kind: "shell", script: "make deploy" }, timeoutMs: 5 * MINUTES },
    },
  ];

  test.each(cases)("$name", ({ lines, expected }) => {
    expect(deployOf(parseRepoConfig(doc("environments:", "  a:", ...lines)))).toEqual(expected);
  });

  test("tasks, checks and teardown take the new forms too", () => {
    const result = parseRepoConfig(
      doc(
        "environments: { e: {} }",
        "tasks:",
        "  migrate: { webhook: { url: 'https://db.example/migrate' } }",
        "  provision:",
        "    plan: { workflow: { file: plan.yml } }",
        "    apply: { workflow: { file: apply.yml } }",
        "checks:",
        "  lint: { workflow: { file: lint.yml } }",
      ),
    );
    if (result.kind !== "valid") throw new Error(JSON.stringify(result.problems));
    expect(result.config.tasks.migrate?.command.kind).toBe("webhook");
    expect(result.config.tasks.provision?.apply.command).toMatchObject({
      kind: "workflow",
      file: "apply.yml",
    });
    expect(result.config.checks[0]?.task.command).toMatchObject({ kind: "workflow", file: "lint.yml" });
  });
});

describe("task forms: problems", () => {
  const cases: { name: string; lines: string[]; expected: ReturnType<typeof at>[] }[] = [
    {
      name: "a mapping with none of run, workflow or webhook",
      lines: ["    deploy: { timeout: 5m }"],
      expected: [
        at(
          "environments.a.deploy.run",
          3,
          5,
          "is required: a task mapping needs one of `run`, `workflow` or `webhook`",
        ),
      ],
    },
    {
      name: "two ways to run at once",
      lines: ["    deploy:", "      run: make deploy", "      workflow: { file: deploy.yml }"],
      expected: [at("environments.a.deploy.workflow", 5, 7, "a task runs one way: `run` is already given")],
    },
    {
      name: "a typo next to the executor keys suggests the nearest",
      lines: ["    deploy: { webhok: { url: 'https://x.example' } }"],
      expected: [
        at("environments.a.deploy.run", 3, 5, "is required"),
        at("environments.a.deploy.webhok", 3, 15, "did you mean `webhook`?"),
      ],
    },
    {
      name: "a workflow without a file",
      lines: ["    deploy: { workflow: { ref: main } }"],
      expected: [at("environments.a.deploy.workflow.file", 3, 15, "is required")],
    },
    {
      name: "a workflow file that is not a workflow file name",
      lines: ["    deploy: { workflow: { file: ../deploy.sh } }"],
      expected: [
        at(
          "environments.a.deploy.workflow.file",
          3,
          27,
          "expected a workflow file in `.github/workflows`, like `deploy.yml`",
        ),
      ],
    },
    {
      name: "a workflow ref that is not a branch or tag name",
      lines: ["    deploy: { workflow: { file: d.yml, ref: 'a b' } }"],
      expected: [at("environments.a.deploy.workflow.ref", 3, 40, "expected a branch name")],
    },
    {
      name: "inputs that Shipmate sets itself, in any case",
      lines: [
        "    deploy:",
        "      workflow:",
        "        file: d.yml",
        "        inputs: { SHA: x, region: eu, params: y }",
      ],
      expected: [
        at("environments.a.deploy.workflow.inputs.SHA", 6, 19, "`SHA` is an input Shipmate sets itself"),
        at(
          "environments.a.deploy.workflow.inputs.params",
          6,
          39,
          "`params` is an input Shipmate sets itself",
        ),
      ],
    },
    {
      name: "an input that is a list, and an input name with a space",
      lines: [
        "    deploy:",
        "      workflow:",
        "        file: d.yml",
        "        inputs: { regions: [a, b], 'my input': x }",
      ],
      expected: [
        at(
          "environments.a.deploy.workflow.inputs.regions",
          6,
          19,
          "expected a string, a number or true/false",
        ),
        at("environments.a.deploy.workflow.inputs.my input", 6, 36, "input names are letters, digits"),
      ],
    },
    {
      name: "an unknown key in a workflow",
      lines: ["    deploy: { workflow: { file: d.yml, input: { a: b } } }"],
      expected: [at("environments.a.deploy.workflow.input", 3, 40, "did you mean `inputs`?")],
    },
    {
      name: "a webhook without a URL, and one that is not http",
      lines: [
        "    deploy: { webhook: { secret_env: S } }",
        "  b:",
        "    deploy: { webhook: { url: 'ftp://x.example' } }",
      ],
      expected: [
        at("environments.a.deploy.webhook.url", 3, 15, "is required"),
        at("environments.b.deploy.webhook.url", 5, 26, "expected an http:// or https:// URL"),
      ],
    },
    {
      name: "a webhook secret_env that is a secret, not a variable name",
      lines: ["    deploy: { webhook: { url: 'https://x.example', secret_env: 's3cr3t value!' } }"],
      expected: [
        at(
          "environments.a.deploy.webhook.secret_env",
          3,
          52,
          "expected the name of a server environment variable",
        ),
      ],
    },
    {
      name: "a webhook poll interval out of range, and retries over 10",
      lines: ["    deploy: { webhook: { url: 'https://x.example', poll_interval: 2h, retries: 11 } }"],
      expected: [
        at("environments.a.deploy.webhook.poll_interval", 3, 52, "`2h` is not a poll interval from 1s to 1h"),
        at("environments.a.deploy.webhook.retries", 3, 71, "must be at most 10"),
      ],
    },
    {
      name: "a webhook status_url or cancel_url that is not a URL",
      lines: [
        "    deploy: { webhook: { url: 'https://x.example', status_url: /status } }",
        "  b:",
        "    deploy: { webhook: { url: 'https://x.example', cancel_url: stop } }",
      ],
      expected: [
        at("environments.a.deploy.webhook.status_url", 3, 52, "expected an http:// or https:// URL"),
        at("environments.b.deploy.webhook.cancel_url", 5, 52, "expected an http:// or https:// URL"),
      ],
    },
  ];

  test.each(cases)("$name", ({ lines, expected }) => {
    expect(problems(doc("environments:", "  a:", ...lines))).toEqual(expected);
  });

  test("too many workflow inputs", () => {
    const inputs = Array.from({ length: 22 }, (_, i) => `i${i}: x`).join(", ");
    expect(
      problems(
        doc("environments:", "  a:", `    deploy: { workflow: { file: d.yml, inputs: { ${inputs} } } }`),
      ),
    ).toEqual([at("environments.a.deploy.workflow.inputs", 3, 40, "may have at most 20 entries")]);
  });
});
