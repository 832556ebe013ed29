import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pushIntakeJobId, safeDeliveryId } from "../../../src/jobs/push-intake-job.schema.ts";
import type { FakeCreatedCheckRun, FakeRepo } from "../../support/fake-github.ts";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";
import { type Running, startShipmate } from "../../support/harness.ts";
import { eventually, sleep } from "../../support/pr-thread.ts";

/**
 * A Shipmate with acme/shop installed, its code in a local git repository, and a folder its tasks
 * write to (`$TEST_PUSH_OUT`), so a test can see which checks and deploys ran, on which commit, and
 * hold one until it creates a file.
 */
export interface PushSession {
  app: Running;
  repo: LocalRepo;
  out: string;
  /** Creates `name` in the tasks' folder: a task waiting for it goes on. */
  touch(name: string): void;
  /** The lines the tasks wrote to `name` in their folder. */
  lines(name: string): string[];
  stop(): Promise<void>;
}

/**
 * `ci/check.sh <name>`: says what it ran on, notes that it started, waits for `go-<name>-<sha>` (or
 * `go-all`), then plays its part. `lint` prints findings in `file:line: message` form and fails until
 * `lint-fixed` exists; `unit` prints 250 numbered lines and passes; `broken` always fails.
 */
export const CHECK_SCRIPT = `#!/bin/sh
name="$1"
out="$TEST_PUSH_OUT"
echo "$name: task=$SHIPMATE_TASK env=$SHIPMATE_ENVIRONMENT ref=$SHIPMATE_REF sha=$SHIPMATE_SHA head=$(git rev-parse HEAD) actor=$SHIPMATE_ACTOR"
echo "$name $SHIPMATE_SHA" >> "$out/started"
while [ ! -e "$out/go-$name-$SHIPMATE_SHA" ] && [ ! -e "$out/go-all" ]; do sleep 0.05; done
case "$name" in
  lint)
    if [ -e "$out/lint-fixed" ]; then echo "no findings"; exit 0; fi
    echo "src/app.ts:3: 'x' is declared but never used"
    echo "./src/app.ts:7:5: warning: prefer const"
    echo "/etc/hosts:1: outside the repository"
    echo "listening on localhost:3000: ready"
    exit 1 ;;
  unit)
    i=1
    while [ "$i" -le 250 ]; do echo "line $i"; i=$((i + 1)); done ;;
  *)
    echo "$name failed"
    exit 2 ;;
esac
`;

/**
 * `ci/deploy.sh`, the deploy and teardown of every environment in these tests: notes what it was asked
 * to do (`$TEST_PUSH_OUT/deploys`), then waits for `go-deploy-<sha>` (or `go-all`).
 */
export const DEPLOY_SCRIPT = `#!/bin/sh
echo "$SHIPMATE_TASK $SHIPMATE_ENVIRONMENT $SHIPMATE_SHA ref=$SHIPMATE_REF pr=$SHIPMATE_PR actor=$SHIPMATE_ACTOR" >> "$TEST_PUSH_OUT/deploys"
while [ ! -e "$TEST_PUSH_OUT/go-deploy-$SHIPMATE_SHA" ] && [ ! -e "$TEST_PUSH_OUT/go-all" ]; do sleep 0.05; done
`;

/** The checks section that runs `ci/check.sh` for each name. */
export function checksYaml(names: readonly string[]): string {
  return `checks:\n${names.map((name) => `  ${name}: sh ci/check.sh ${name}\n`).join("")}`;
}

/** Starts Shipmate and the fake GitHub with acme/shop on `config`; the first commit holds the scripts. */
export async function startPushSession(
  config: string,
  options: { env?: Record<string, string>; repo?: Partial<FakeRepo> } = {},
): Promise<PushSession & { first: string }> {
  const out = mkdtempSync(join(tmpdir(), "shipmate-push-"));
  const repo = createLocalRepo();
  const first = repo.commit(
    { "ci/check.sh": CHECK_SCRIPT, "ci/deploy.sh": DEPLOY_SCRIPT, "src/app.ts": "export {};\n" },
    "first",
  );
  const app = await startShipmate({
    TASK_ENV: "TEST_PUSH_OUT",
    TEST_PUSH_OUT: out,
    TASK_LOCK_MS: "2000",
    ...options.env,
  });
  app.github.addRepo({
    owner: "acme",
    name: "shop",
    config,
    roles: { alice: "write", bob: "write", carol: "maintain" },
    cloneUrl: repo.cloneUrl,
    ...options.repo,
  });
  return {
    app,
    repo,
    out,
    first,
    touch(name) {
      writeFileSync(join(out, name), "");
    },
    lines(name) {
      const file = join(out, name);
      return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
    },
    async stop() {
      // Lets every task still waiting for a file finish, so the worker closes without stopping one.
      writeFileSync(join(out, "go-all"), "");
      await app.stop();
      repo.remove();
      rmSync(out, { recursive: true, force: true });
    },
  };
}

/** The id of check job `n` (its place in `checks:`) started by a delivery. */
export function checkJobIdOf(deliveryId: string, n: number): string {
  return `check-${safeDeliveryId(deliveryId)}-${n}`;
}

/** Waits until the intake job of a delivery has finished (a push's ends once it deployed or gave up). */
export async function waitForIntake(
  app: Running,
  kind: "push" | "check-rerun" | "pull-request-closed",
  deliveryId: string,
): Promise<void> {
  const key = `${app.prefix}:intake:${pushIntakeJobId(kind, safeDeliveryId(deliveryId))}`;
  const deadline = Date.now() + 20_000;
  while ((await app.redis.hget(key, "finishedOn")) === null) {
    if (Date.now() > deadline) throw new Error(`the ${kind} intake of ${deliveryId} never finished`);
    await sleep(20);
  }
}

/** The check runs named `name` on commit `sha`, oldest first, as the fake GitHub holds them. */
export function checkRuns(app: Running, name: string, sha: string): FakeCreatedCheckRun[] {
  return app.github.checkRunsOf("acme", "shop", name).filter((run) => run.headSha === sha);
}

/** Waits until the `nth` check run `name` on `sha` (1 = the oldest) satisfies `ready`; returns it. */
export async function waitForCheckRun(
  app: Running,
  run: { name: string; sha: string; nth?: number },
  ready: (run: FakeCreatedCheckRun) => boolean,
  timeoutMs = 20_000,
): Promise<FakeCreatedCheckRun> {
  const pick = () => checkRuns(app, run.name, run.sha)[(run.nth ?? 1) - 1];
  try {
    return await eventually(
      () => {
        const found = pick();
        return found !== undefined && ready(found) ? found : undefined;
      },
      timeoutMs,
      `check run ${run.name} #${run.nth ?? 1} on ${run.sha.slice(0, 7)}`,
    );
  } catch (error) {
    const found = pick();
    const seen = found === undefined ? "none" : `${found.status}/${found.conclusion ?? "-"}: ${found.title}`;
    throw new Error(`${(error as Error).message}; it is ${seen}; calls:\n${app.github.describeCalls()}`);
  }
}

/** Waits until the check run is completed; returns it. */
export function waitForCompleted(
  app: Running,
  run: { name: string; sha: string; nth?: number },
  timeoutMs?: number,
): Promise<FakeCreatedCheckRun> {
  return waitForCheckRun(app, run, (found) => found.status === "completed", timeoutMs);
}

/** The statuses a check run went through, in order, each once. */
export function statusesOf(run: FakeCreatedCheckRun): string[] {
  const statuses = run.updates.map((update) => String(update.status ?? ""));
  return statuses.filter((status, index) => status !== "" && status !== statuses[index - 1]);
}
