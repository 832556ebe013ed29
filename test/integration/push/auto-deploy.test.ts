import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { safeDeliveryId } from "../../../src/jobs/push-intake-job.schema.ts";
import { jobView, waitForDeploymentState, waitForState } from "../../support/job-thread.ts";
import { sleep } from "../../support/pr-thread.ts";
import { checkRunRerequested, deliver, pushPayload } from "./push-payloads.ts";
import {
  checkRuns,
  checksYaml,
  type PushSession,
  startPushSession,
  waitForCheckRun,
  waitForCompleted,
  waitForIntake,
} from "./push-session.ts";

// staging takes every push to main whose checks pass, once all checks on the commit are green;
// production too, but only from someone with `maintain`.
const CONFIG = `environments:
  staging:
    deploy: sh ci/deploy.sh
    auto_deploy: main
    require:
      checks: true
  production:
    deploy: sh ci/deploy.sh
    auto_deploy: main
    require:
      permission: maintain
  review:
    deploy: sh ci/deploy.sh
${checksYaml(["lint", "unit"])}`;

let session: PushSession;
let main: string;
/** The delivery of the push whose check failed: the newest on main until the next test pushes. */
let red: string;

beforeAll(async () => {
  const started = await startPushSession(CONFIG);
  session = started;
  main = started.first;
});

afterAll(async () => {
  await session?.stop();
});

/** Pushes a new commit to main, as `pusher`; returns the commit and the delivery. */
async function pushToMain(label: string, pusher = "alice"): Promise<{ sha: string; delivery: string }> {
  const sha = session.repo.commit({ "src/app.ts": `export const v = "${label}";\n` }, label);
  const payload = pushPayload(session.repo.cloneUrl, { branch: "main", before: main, after: sha, pusher });
  main = sha;
  return { sha, delivery: await deliver(session.app, "push", payload) };
}

/** Lets both checks of `sha` finish. */
function releaseChecks(sha: string): void {
  session.touch(`go-lint-${sha}`);
  session.touch(`go-unit-${sha}`);
}

/** The deploy job an auto-deploy of a push queues for the environment at place `n` in the config. */
function autoDeployId(delivery: string, n: number): string {
  return `task-auto-${safeDeliveryId(delivery)}-${n}`;
}

const deploysOf = (sha: string) => session.lines("deploys").filter((line) => line.includes(sha));

describe("auto_deploy: every push to the branch is deployed once its checks pass", () => {
  test("a push whose check fails is not deployed", async () => {
    const { app } = session;
    const { sha, delivery } = await pushToMain("red");
    red = delivery;
    releaseChecks(sha);
    expect((await waitForCompleted(app, { name: "lint", sha })).conclusion).toBe("failure");
    await waitForIntake(app, "push", delivery);
    expect(deploysOf(sha)).toEqual([]);
    expect(await jobView(app, autoDeployId(delivery, 1))).toBeUndefined();
    expect(app.github.callsMatching(/^POST \/repos\/acme\/shop\/deployments$/)).toEqual([]);
  });

  test("Re-run of the failed check on the branch's newest push deploys it once it passes", async () => {
    const { app, repo } = session;
    const sha = main;
    session.touch("lint-fixed");
    const rerun = await deliver(
      app,
      "check_run",
      checkRunRerequested(repo.cloneUrl, { name: "lint", sha, branch: "main" }),
    );
    session.touch(`go-deploy-${sha}`);
    expect((await waitForCompleted(app, { name: "lint", sha, nth: 2 })).conclusion).toBe("success");
    await waitForIntake(app, "check-rerun", rerun);
    // The push's deploy, now that all its checks passed.
    await waitForState(app, autoDeployId(red, 1), "succeeded");
    expect(deploysOf(sha)).toEqual([`deploy staging ${sha} ref=main pr= actor=alice`]);
    // The check that passed the first time did not run again.
    expect(checkRuns(app, "unit", sha)).toHaveLength(1);
  });

  test("a green push deploys the pushed commit, through the environment's gates, after its checks", async () => {
    const { app } = session;
    const { sha, delivery } = await pushToMain("green");
    await waitForCheckRun(app, { name: "lint", sha }, (run) => run.status === "in_progress");
    await waitForCheckRun(app, { name: "unit", sha }, (run) => run.status === "in_progress");
    await sleep(500);
    expect(deploysOf(sha)).toEqual([]);

    releaseChecks(sha);
    session.touch(`go-deploy-${sha}`);
    const staging = autoDeployId(delivery, 1);
    await waitForState(app, staging, "succeeded");
    expect(deploysOf(sha)).toEqual([`deploy staging ${sha} ref=main pr= actor=alice`]);
    expect((await waitForDeploymentState(app, staging, "success")).at(-1)).toBe("success");
    const created = app.github
      .callsMatching(/^POST \/repos\/acme\/shop\/deployments$/)
      .find((call) => (call.body as { ref?: string }).ref === sha);
    expect(created?.body).toMatchObject({ environment: "staging", payload: { job: staging } });

    // The deploy was accepted only once GitHub showed both checks completed.
    const completedAt = ["lint", "unit"].map((name) => {
      const id = checkRuns(app, name, sha)[0]?.id;
      const completing = app.github
        .callsMatching(new RegExp(`^PATCH /repos/acme/shop/check-runs/${id}$`))
        .find((call) => (call.body as { status?: string }).status === "completed");
      return completing?.at ?? Number.POSITIVE_INFINITY;
    });
    expect(created?.at ?? 0).toBeGreaterThanOrEqual(Math.max(...completedAt));

    // production's gate refuses alice's push: said as a neutral check run, and nothing deployed there.
    const refused = await waitForCompleted(app, { name: "shipmate/auto-deploy (production)", sha });
    expect(refused.conclusion).toBe("neutral");
    expect(refused.title).toBe("Not deployed to production");
    expect(refused.summary).toContain("maintain");
    expect(await jobView(app, autoDeployId(delivery, 2))).toBeUndefined();
    expect(session.lines("deploys").some((line) => line.startsWith("deploy production"))).toBe(false);
    // review has no auto_deploy.
    expect(session.lines("deploys").some((line) => line.startsWith("deploy review"))).toBe(false);
  });

  test("a push by someone the gates allow deploys to every environment that takes the branch", async () => {
    const { app } = session;
    const { sha, delivery } = await pushToMain("carol's", "carol");
    releaseChecks(sha);
    session.touch(`go-deploy-${sha}`);
    await waitForState(app, autoDeployId(delivery, 1), "succeeded");
    await waitForState(app, autoDeployId(delivery, 2), "succeeded");
    expect(deploysOf(sha).toSorted()).toEqual([
      `deploy production ${sha} ref=main pr= actor=carol`,
      `deploy staging ${sha} ref=main pr= actor=carol`,
    ]);
    expect(checkRuns(app, "shipmate/auto-deploy (production)", sha)).toEqual([]);
  });

  test("the deploy waits until GitHub shows the checks green, when reporting them lags", async () => {
    const { app } = session;
    const { sha, delivery } = await pushToMain("lagging");
    for (const name of ["lint", "unit"]) {
      await waitForCheckRun(app, { name, sha }, (run) => run.status === "in_progress");
    }
    // For 3 s GitHub fails every request that completes a check run: the checks have passed, but GitHub
    // shows them running until a retried report lands.
    const lagsUntil = Date.now() + 3_000;
    app.github.faults.push({
      method: "PATCH",
      pathPattern: /^\/repos\/acme\/shop\/check-runs\/\d+$/,
      status: 502,
      times: 1_000,
      body: (body) => body.status === "completed" && Date.now() < lagsUntil,
    });
    releaseChecks(sha);
    session.touch(`go-deploy-${sha}`);
    await waitForState(app, autoDeployId(delivery, 1), "succeeded", 25_000);
    expect(Date.now()).toBeGreaterThanOrEqual(lagsUntil);
    expect(checkRuns(app, "shipmate/auto-deploy (staging)", sha)).toEqual([]);
    expect(deploysOf(sha)).toEqual([`deploy staging ${sha} ref=main pr= actor=alice`]);
  });
});

describe("the newest push wins", () => {
  test("a push whose checks pass after a newer push reached the branch is not deployed", async () => {
    const { app } = session;
    const older = await pushToMain("older");
    await waitForCheckRun(app, { name: "lint", sha: older.sha }, (run) => run.status === "in_progress");
    await waitForCheckRun(app, { name: "unit", sha: older.sha }, (run) => run.status === "in_progress");
    const newer = await pushToMain("newer");

    releaseChecks(older.sha);
    session.touch(`go-deploy-${older.sha}`);
    expect((await waitForCompleted(app, { name: "unit", sha: older.sha })).conclusion).toBe("success");
    await waitForIntake(app, "push", older.delivery);
    expect(await jobView(app, autoDeployId(older.delivery, 1))).toBeUndefined();

    releaseChecks(newer.sha);
    session.touch(`go-deploy-${newer.sha}`);
    await waitForState(app, autoDeployId(newer.delivery, 1), "succeeded");
    expect(deploysOf(older.sha)).toEqual([]);
    expect(deploysOf(newer.sha)).toEqual([`deploy staging ${newer.sha} ref=main pr= actor=alice`]);
  });

  test("of the deploys waiting in the environment's line, only the newest push's goes on", async () => {
    const { app } = session;
    // The first push's deploy runs and holds staging; the next two wait behind it.
    const running = await pushToMain("running");
    releaseChecks(running.sha);
    await waitForState(app, autoDeployId(running.delivery, 1), "running");

    const second = await pushToMain("second");
    releaseChecks(second.sha);
    await waitForDeploymentState(app, autoDeployId(second.delivery, 1), "queued");
    expect((await jobView(app, autoDeployId(second.delivery, 1)))?.state).toBe("queued");

    const third = await pushToMain("third");
    releaseChecks(third.sha);
    await waitForState(app, autoDeployId(second.delivery, 1), "cancelled");
    expect((await jobView(app, autoDeployId(third.delivery, 1)))?.state).toBe("queued");

    session.touch(`go-deploy-${running.sha}`);
    session.touch(`go-deploy-${third.sha}`);
    await waitForState(app, autoDeployId(third.delivery, 1), "succeeded");
    expect(deploysOf(second.sha)).toEqual([]);
    expect(deploysOf(third.sha)).toEqual([`deploy staging ${third.sha} ref=main pr= actor=alice`]);
  });
});
