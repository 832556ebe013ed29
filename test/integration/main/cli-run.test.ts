import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";
import { eventually, isRunning, readPid } from "../executors/process-helpers.ts";
import { runCli, startCli } from "./cli-helpers.ts";

const CONFIG = `environments:
  staging:
    deploy: ./scripts/record.sh
    dry_run: [./scripts/record.sh, planned]
  live:
    deploy: ./scripts/live.sh
  slow:
    deploy: { run: ./scripts/hang.sh, timeout: 1s }
  hang:
    deploy: { run: ./scripts/hang.sh, timeout: 1m }
  exits:
    deploy: [sh, -c, "echo bye; exit 7"]
  missing:
    deploy: [./scripts/not-there]
  leaky:
    deploy: ./scripts/leak.sh
  actions:
    deploy: { workflow: { file: deploy.yml } }
  pr-1:
    transient: true
    teardown: [./scripts/record.sh, teardown]
tasks:
  migrate:
    run: ./scripts/record.sh
    status: [./scripts/record.sh, status]
    down: [./scripts/record.sh, down]
  provision:
    plan: [./scripts/record.sh, plan]
    apply: [./scripts/record.sh, apply]
checks:
  unit: ./scripts/record.sh
`;

// Writes what the task received into $OUT, one file per variable, byte for byte.
const RECORD = `#!/bin/sh
record() {
  eval "value=\\\${$1-UNSET}"
  printf '%s' "$value" > "$OUT/$1"
}
for name in SHIPMATE_TASK SHIPMATE_ENVIRONMENT SHIPMATE_SHA SHIPMATE_REF SHIPMATE_PR SHIPMATE_ACTOR \\
  SHIPMATE_DRY_RUN SHIPMATE_PARAMS SHIPMATE_PARAM_CMD SHIPMATE_PARAM_NL LISTED NOT_LISTED HOME; do
  record "$name"
done
printf '%s' "$*" > "$OUT/args"
pwd > "$OUT/pwd"
echo "recorded $SHIPMATE_TASK"
`;

const LIVE = `#!/bin/sh
echo first
while [ ! -e "$OUT/go" ]; do sleep 0.05; done
echo second
`;

const HANG = `#!/bin/sh
sleep 30 &
echo $! > "$OUT/sleep.pid"
echo waiting
wait
`;

const LEAK = `#!/bin/sh
echo "token=$DEPLOY_TOKEN"
echo "again: $DEPLOY_TOKEN." >&2
printf '%s' "$DEPLOY_TOKEN" > "$OUT/token"
`;

const SECRET = "s3cr3t-Value-42";

let repo: LocalRepo;
let out: string;
let sha: string;

beforeAll(() => {
  repo = createLocalRepo();
  sha = repo.commit(
    {
      ".github/shipmate.yml": CONFIG,
      "scripts/record.sh": RECORD,
      "scripts/live.sh": LIVE,
      "scripts/hang.sh": HANG,
      "scripts/leak.sh": LEAK,
    },
    "config and scripts",
  );
  execFileSync("git", ["checkout", "-q", "-b", "feature/cli"], { cwd: repo.dir });
  out = mkdtempSync(join(tmpdir(), "shipmate-cli-out-"));
});

afterAll(() => {
  repo.remove();
  rmSync(out, { recursive: true, force: true });
});

/** A fresh output directory for one test, passed to the task as $OUT. */
function outputDir(name: string): string {
  const dir = join(out, name);
  mkdirSync(dir);
  return dir;
}

function recorded(dir: string, name: string): string {
  return readFileSync(join(dir, name), "utf8");
}

describe("shipmate run: the task's environment", () => {
  test("gets the worker's SHIPMATE_* variables from the local checkout, and runs in the current directory", () => {
    const dir = outputDir("variables");
    const result = runCli(["run", "migrate", "STAGING", "version=2"], {
      cwd: repo.dir,
      env: { TASK_ENV: "OUT, LISTED", OUT: dir, LISTED: "yes", NOT_LISTED: "leaked" },
    });
    expect(result.stderr).toContain(`running migrate on staging at ${sha.slice(0, 7)}`);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("recorded migrate\n");
    expect(recorded(dir, "SHIPMATE_TASK")).toBe("migrate");
    expect(recorded(dir, "SHIPMATE_ENVIRONMENT")).toBe("staging");
    expect(recorded(dir, "SHIPMATE_SHA")).toBe(sha);
    expect(recorded(dir, "SHIPMATE_REF")).toBe("feature/cli");
    expect(recorded(dir, "SHIPMATE_PR")).toBe("");
    expect(recorded(dir, "SHIPMATE_ACTOR")).toBe("alice");
    expect(recorded(dir, "SHIPMATE_DRY_RUN")).toBe("");
    expect(JSON.parse(recorded(dir, "SHIPMATE_PARAMS"))).toEqual({ version: "2" });
    expect(recorded(dir, "LISTED")).toBe("yes");
    expect(recorded(dir, "NOT_LISTED")).toBe("UNSET");
    expect(recorded(dir, "pwd").trim()).toBe(execFileSync("pwd", { cwd: repo.dir, encoding: "utf8" }).trim());
    // An empty HOME of its own, as on a worker, removed afterwards.
    const home = recorded(dir, "HOME");
    expect(home).not.toBe(process.env.HOME);
    expect(home).toMatch(/shipmate-home-/);
    expect(existsSync(home)).toBe(false);
  });

  test("without USER the actor is `local`", () => {
    const dir = outputDir("actor");
    const result = runCli(["run", "migrate", "staging"], {
      cwd: repo.dir,
      env: { TASK_ENV: "OUT", OUT: dir, USER: "" },
    });
    expect(result.status).toBe(0);
    expect(recorded(dir, "SHIPMATE_ACTOR")).toBe("local");
  });

  test("params reach the task byte for byte, however hostile", () => {
    const dir = outputDir("params");
    const hostile = "$(touch pwned) `touch pwned2`; rm -rf / | cat > x && 'single' \"double\" \\ ${HOME} ✓";
    const result = runCli(["run", "deploy", "staging", `cmd=${hostile}`, "nl=line1\nline2\n", "empty="], {
      cwd: repo.dir,
      env: { TASK_ENV: "OUT", OUT: dir },
    });
    expect(result.status).toBe(0);
    expect(recorded(dir, "SHIPMATE_PARAM_CMD")).toBe(hostile);
    expect(recorded(dir, "SHIPMATE_PARAM_NL")).toBe("line1\nline2\n");
    expect(JSON.parse(recorded(dir, "SHIPMATE_PARAMS"))).toEqual({
      cmd: hostile,
      nl: "line1\nline2\n",
      empty: "",
    });
    for (const place of [repo.dir, dir, join(repo.dir, "scripts")]) {
      expect(existsSync(join(place, "pwned"))).toBe(false);
      expect(existsSync(join(place, "pwned2"))).toBe(false);
    }
  });

  test("--dry-run sets SHIPMATE_DRY_RUN and runs the environment's dry_run task", () => {
    const dir = outputDir("dry-run");
    const result = runCli(["run", "deploy", "staging", "--dry-run"], {
      cwd: repo.dir,
      env: { TASK_ENV: "OUT", OUT: dir },
    });
    expect(result.status).toBe(0);
    expect(recorded(dir, "SHIPMATE_DRY_RUN")).toBe("1");
    expect(recorded(dir, "args")).toBe("planned");
  });

  test.each([
    ["provision:plan", "provision", "staging", "staging", "plan"],
    ["provision:apply", "provision", "staging", "staging", "apply"],
    ["migrate:status", "migrate", "staging", "staging", "status"],
    ["migrate:down", "migrate", "staging", "staging", "down"],
    ["teardown", "teardown", "pr-1", "pr-1", "teardown"],
    ["check:unit", "check", undefined, "", ""],
  ])("%s runs with SHIPMATE_TASK=%s", (task, kind, environment, expectedEnvironment, args) => {
    const dir = outputDir(`task-${task.replace(":", "-")}`);
    const words = environment === undefined ? [task] : [task, environment];
    const result = runCli(["run", ...words], { cwd: repo.dir, env: { TASK_ENV: "OUT", OUT: dir } });
    expect(result.status).toBe(0);
    expect(recorded(dir, "SHIPMATE_TASK")).toBe(kind);
    expect(recorded(dir, "SHIPMATE_ENVIRONMENT")).toBe(expectedEnvironment);
    expect(recorded(dir, "args")).toBe(args);
  });

  test("values of TASK_SECRET_ENV reach the task and are masked in its output, on stdout and stderr alike", () => {
    const dir = outputDir("secret");
    const result = runCli(["run", "deploy", "leaky"], {
      cwd: repo.dir,
      env: { TASK_ENV: "OUT", OUT: dir, TASK_SECRET_ENV: "DEPLOY_TOKEN", DEPLOY_TOKEN: SECRET },
    });
    expect(result.status).toBe(0);
    expect(recorded(dir, "token")).toBe(SECRET);
    expect(result.stdout).toBe("token=***\nagain: ***.\n");
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });

  test("Shipmate's own credentials cannot be passed to a task", () => {
    const result = runCli(["run", "deploy", "staging"], {
      cwd: repo.dir,
      env: { TASK_SECRET_ENV: "WEBHOOK_SECRET" },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("WEBHOOK_SECRET belong to Shipmate itself");
  });
});

describe("shipmate run: output and ending", () => {
  test("prints the task's output as it comes, not at the end", async () => {
    const dir = outputDir("live");
    const cli = startCli(["run", "deploy", "live"], { cwd: repo.dir, env: { TASK_ENV: "OUT", OUT: dir } });
    await eventually(() => (cli.stdout().includes("first\n") ? true : undefined), 10_000);
    expect(cli.stdout()).toBe("first\n");
    writeFileSync(join(dir, "go"), "");
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toBe("first\nsecond\n");
    expect(cli.stderr()).toContain("deploy on live succeeded");
  });

  test("the exit status is the task's own", () => {
    const result = runCli(["run", "deploy", "exits"], { cwd: repo.dir });
    expect(result.status).toBe(7);
    expect(result.stdout).toBe("bye\n");
    expect(result.stderr).toContain("deploy on exits failed with exit code 7");
  });

  test("a program that cannot start exits 127", () => {
    const result = runCli(["run", "deploy", "missing"], { cwd: repo.dir });
    expect(result.status).toBe(127);
    expect(result.stderr).toContain(
      "deploy on missing: Could not start ./scripts/not-there: no such program",
    );
  });

  test("past the timeout the whole process group is stopped and the status is 124", () => {
    const dir = outputDir("timeout");
    const result = runCli(["run", "deploy", "slow"], { cwd: repo.dir, env: { TASK_ENV: "OUT", OUT: dir } });
    expect(result.status).toBe(124);
    expect(result.stdout).toBe("waiting\n");
    expect(result.stderr).toContain(
      "ran longer than its timeout (1s) and was stopped with all its processes",
    );
    const pid = readPid(join(dir, "sleep.pid"));
    expect(pid).toBeGreaterThan(0);
    expect(isRunning(pid ?? 0)).toBe(false);
  });

  test("Ctrl-C stops the task's whole process group; the status is 130", async () => {
    const dir = outputDir("interrupt");
    const cli = startCli(["run", "deploy", "hang"], { cwd: repo.dir, env: { TASK_ENV: "OUT", OUT: dir } });
    const pid = await eventually(() => readPid(join(dir, "sleep.pid")), 10_000);
    await eventually(() => (cli.stdout().includes("waiting") ? true : undefined), 10_000);
    expect(isRunning(pid)).toBe(true);
    cli.child.kill("SIGINT");
    expect(await cli.exited).toBe(130);
    expect(cli.stderr()).toContain("SIGINT: stopping the task");
    expect(cli.stderr()).toContain("deploy on hang was stopped (SIGINT)");
    expect(isRunning(pid)).toBe(false);
  });

  test("uncommitted changes are pointed out, and still run", () => {
    const dir = outputDir("dirty");
    const config = join(repo.dir, ".github/shipmate.yml");
    writeFileSync(config, `${CONFIG}# local edit\n`);
    try {
      const result = runCli(["run", "migrate", "staging"], {
        cwd: repo.dir,
        env: { TASK_ENV: "OUT", OUT: dir },
      });
      expect(result.status).toBe(0);
      expect(result.stderr).toContain("with uncommitted changes a worker would not have");
    } finally {
      writeFileSync(config, CONFIG);
    }
  });
});

describe("shipmate run: nothing runs when the request cannot be read (exit 2)", () => {
  test.each([
    [[], "name a task"],
    [["deploy"], "`deploy` needs an environment"],
    [["deploy", "staging", "extra"], "takes one environment"],
    [["deploy", "nowhere"], "no environment `nowhere` in the config; environments: staging, live"],
    [["deploy", "stagign"], "did you mean `staging`?"],
    [["deploy", "staging", "--force"], "Unknown flag `--force`"],
    [["deploy", "staging", "bad-key=1"], "`bad-key` is not a valid param name"],
    [["deploy", "staging", "v=1", "V=2"], "Param `V` is given twice"],
    [["provision", "staging"], "`provision:plan` or `provision:apply`"],
    [["provision:plan", "staging", "a=1"], "takes no key=value params"],
    [["provision:apply", "staging", "--dry-run"], "this command takes no flags"],
    [["check:unit", "staging"], "a check runs on a commit, with no environment, params or flags"],
    [["migrate:status", "staging", "--dry-run"], "this command takes no flags"],
    [["teardown", "staging"], "environment `staging` has no `teardown` task"],
    [["check:nope"], "no check `nope` in the config"],
    [["check:"], "needs the check's name"],
    [["rollback", "staging"], "unknown task `rollback`"],
    [["deploy", "actions"], "deploy on actions runs as the GitHub Actions workflow `deploy.yml`"],
  ])("run %j → %s", (args, message) => {
    const result = runCli(["run", ...args], { cwd: repo.dir });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(message);
  });

  test("a workflow task dispatches nothing, and shows the dispatch a worker would make", () => {
    const result = runCli(["run", "deploy", "actions", "note=it's ok", "--dry-run"], { cwd: repo.dir });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("holds no GitHub credentials, so it dispatched nothing");
    expect(result.stderr).toContain(
      `\n  gh workflow run deploy.yml --ref feature/cli -f environment=actions -f sha=${sha} -f ref=feature/cli -f 'params={"note":"it'\\''s ok"}' -f dry_run=true\n`,
    );
  });

  test("an invalid config is reported with its lines, and nothing runs", () => {
    const other = createLocalRepo();
    try {
      other.commit(
        { ".github/shipmate.yml": "environments:\n  staging:\n    deplyo: ./x.sh\n" },
        "bad config",
      );
      const result = runCli(["run", "deploy", "staging"], { cwd: other.dir });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(".github/shipmate.yml is not valid, so nothing ran:");
      expect(result.stderr).toMatch(/^\.github\/shipmate\.yml:3:5: environments\.staging\.deplyo: /m);
    } finally {
      other.remove();
    }
  });

  test("outside a git checkout, or without a config, nothing runs", () => {
    const plain = mkdtempSync(join(tmpdir(), "shipmate-cli-plain-"));
    try {
      const noConfig = runCli(["run", "deploy", "staging"], { cwd: plain });
      expect(noConfig.status).toBe(2);
      expect(noConfig.stderr).toContain("cannot read .github/shipmate.yml (there is none here");
      mkdirSync(join(plain, ".github"));
      writeFileSync(join(plain, ".github/shipmate.yml"), CONFIG);
      const noGit = runCli(["run", "deploy", "staging"], { cwd: plain });
      expect(noGit.status).toBe(2);
      expect(noGit.stderr).toContain("is not inside a git checkout");
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});
