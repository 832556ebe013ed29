import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FakePullRequest } from "../../support/fake-github.ts";
import { FakeSlack } from "../../support/fake-slack.ts";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";
import { type Running, startShipmate } from "../../support/harness.ts";
import { TEST_SIGNING_SECRET } from "../../support/slack-request.ts";

const REAL_GIT = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();

/** How a config names a task: a list run as argv, or a string run with `sh -c`. */
export type TaskForm = "argv" | "shell";

/** The most params one command takes (src/commands/limits.ts): the shell task reads P0…P19. */
const PARAM_SLOTS = 20;

// The realistic task: a script that only ever refers to the variables, quoted.
const SHELL_TASK = [
  "set -eu",
  'd="$TEST_INJECTION_OUT/$SHIPMATE_ENVIRONMENT"',
  'mkdir "$d"',
  `printf '%s' "$SHIPMATE_PARAMS" > "$d/PARAMS"`,
  `printf '%s' "$SHIPMATE_REF" > "$d/REF"`,
  ...Array.from(
    { length: PARAM_SLOTS },
    (_, n) =>
      `if [ "\${SHIPMATE_PARAM_P${n}+set}" = set ]; then printf '%s' "$SHIPMATE_PARAM_P${n}" > "$d/P${n}"; fi`,
  ),
  'echo "deployed $SHIPMATE_REF: $SHIPMATE_PARAM_P0"',
].join("\n");

// The argv task: no shell at all; it writes its whole environment as JSON.
const ARGV_SCRIPT =
  'require("fs").writeFileSync(`${process.env.TEST_INJECTION_OUT}/${process.env.SHIPMATE_ENVIRONMENT}.json`, JSON.stringify(process.env))';

// A check on every push: what branch it was told it runs for.
const CHECK_TASK = `printf '%s' "$SHIPMATE_REF" > "$TEST_INJECTION_OUT/check-$SHIPMATE_SHA"`;

/** `.github/shipmate.yml` with one environment per name; JSON strings are valid YAML scalars. */
export function injectionConfig(environments: Readonly<Record<string, TaskForm>>): string {
  const lines = Object.entries(environments).map(([name, form]) =>
    form === "argv"
      ? `  ${name}: { deploy: { run: ${JSON.stringify([process.execPath, "-e", ARGV_SCRIPT])} } }`
      : `  ${name}: { deploy: ${JSON.stringify(SHELL_TASK)} }`,
  );
  return [
    "environments:",
    ...lines,
    "checks:",
    `  probe: ${JSON.stringify(CHECK_TASK)}`,
    "slack:",
    "  users: { U0ALICE01: alice }",
    "",
  ].join("\n");
}

/** What a task saw: SHIPMATE_PARAMS, SHIPMATE_REF and each SHIPMATE_PARAM_P<n> it was given, as bytes. */
export interface TaskSaw {
  params: Buffer;
  ref: Buffer;
  paramVariables: Map<string, Buffer>;
  /** Every SHIPMATE_* name in its environment (the argv task reports them; the shell task only its own). */
  names: string[] | undefined;
}

/** A Shipmate whose tasks write what they saw to files, and whose workspaces' `git` logs every argv. */
export interface InjectionSession {
  app: Running;
  slack: FakeSlack;
  repo: LocalRepo;
  sha: string;
  logLines: string[];
  /** Every argv git was run with by the worker, in no particular order. */
  gitCalls(): string[][];
  /** What the task of `environment` saw. */
  saw(environment: string, form: TaskForm): TaskSaw;
  /** The branch the check of `sha` was told about. */
  checkRef(sha: string): Buffer;
  stop(): Promise<void>;
}

export interface InjectionWorld {
  environments: Record<string, TaskForm>;
  pulls: FakePullRequest[];
  /** Branches and tags the repository has, each at the first commit. */
  refs: readonly string[];
}

/**
 * Starts it. `git` on the server's PATH becomes a script that writes each argv to a file of its own and
 * runs the real git, so a test sees exactly what the checkout ran. The test process's PATH is restored
 * by stop().
 */
export async function startInjectionSession(
  world: (sha: string) => InjectionWorld,
): Promise<InjectionSession> {
  const root = mkdtempSync(join(tmpdir(), "shipmate-injection-"));
  const out = join(root, "out");
  const bin = join(root, "bin");
  const calls = join(root, "git-calls");
  const workspaces = join(root, "workspaces");
  for (const dir of [out, bin, calls, workspaces]) mkdirSync(dir);
  // Only git run inside a workspace is the worker's; the test's own git calls pass straight through.
  writeFileSync(
    join(bin, "git"),
    [
      "#!/bin/sh",
      `case "$PWD" in '${workspaces}'/*) printf '%s\\0' "$@" > "$(mktemp '${calls}/call.XXXXXX')" ;; esac`,
      `exec '${REAL_GIT}' "$@"`,
      "",
    ].join("\n"),
  );
  chmodSync(join(bin, "git"), 0o755);
  const path = process.env.PATH;
  process.env.PATH = `${bin}:${path ?? ""}`;

  const repo = createLocalRepo();
  const sha = repo.commit({ README: "injection\n" }, "first");
  const { environments, pulls, refs } = world(sha);
  const slack = new FakeSlack();
  const logLines: string[] = [];
  const app = await startShipmate(
    {
      WORKSPACE_DIR: workspaces,
      TASK_ENV: "TEST_INJECTION_OUT",
      TEST_INJECTION_OUT: out,
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: await slack.start(),
    },
    { logLines },
  );
  app.github.addRepo({
    owner: "acme",
    name: "shop",
    config: injectionConfig(environments),
    roles: { alice: "write" },
    pulls,
    refs: Object.fromEntries(refs.map((ref) => [ref, sha])),
    cloneUrl: repo.cloneUrl,
  });

  return {
    app,
    slack,
    repo,
    sha,
    logLines,
    gitCalls: () =>
      readdirSync(calls).map((name) => readFileSync(join(calls, name), "utf8").split("\0").slice(0, -1)),
    saw: (environment, form) => (form === "argv" ? argvSaw(out, environment) : shellSaw(out, environment)),
    checkRef: (commit) => readFileSync(join(out, `check-${commit}`)),
    async stop() {
      await app.stop();
      await slack.stop();
      repo.remove();
      process.env.PATH = path;
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function argvSaw(out: string, environment: string): TaskSaw {
  const env = JSON.parse(readFileSync(join(out, `${environment}.json`), "utf8")) as Record<string, string>;
  const names = Object.keys(env).filter((name) => name.startsWith("SHIPMATE_"));
  const paramVariables = new Map(
    names
      .filter((name) => /^SHIPMATE_PARAM_P\d+$/.test(name))
      .map((name) => [name, Buffer.from(env[name] ?? "", "utf8")]),
  );
  return {
    params: Buffer.from(env.SHIPMATE_PARAMS ?? "", "utf8"),
    ref: Buffer.from(env.SHIPMATE_REF ?? "", "utf8"),
    paramVariables,
    names: names.sort(),
  };
}

function shellSaw(out: string, environment: string): TaskSaw {
  const dir = join(out, environment);
  const files = readdirSync(dir);
  const paramVariables = new Map(
    files
      .filter((file) => /^P\d+$/.test(file))
      .map((file) => [`SHIPMATE_PARAM_${file}`, readFileSync(join(dir, file))]),
  );
  return {
    params: readFileSync(join(dir, "PARAMS")),
    ref: readFileSync(join(dir, "REF")),
    paramVariables,
    names: undefined,
  };
}

/** One of the checkout's four git steps, fetching a full SHA from the repository's own URL. */
export function isCheckoutStep(
  argv: readonly string[],
  cloneUrl: string,
  commits: ReadonlySet<string>,
): boolean {
  const [first, ...rest] = argv;
  if (first === "init") return rest.join(" ") === "-q --template=";
  if (first === "checkout") return rest.join(" ") === "-q --detach FETCH_HEAD";
  if (first === "log") return rest.join(" ") === "-1 --format=%H %ct";
  const fetch = ["-c", "protocol.version=2", "fetch", "-q", "--depth", "1", "--no-tags", "--", cloneUrl];
  return (
    argv.length === fetch.length + 1 &&
    fetch.every((arg, i) => argv[i] === arg) &&
    commits.has(argv.at(-1) ?? "")
  );
}
