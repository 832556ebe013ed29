import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { safeDeliveryId } from "../../../src/jobs/push-intake-job.schema.ts";
import type { FakeDeployment } from "../../support/fake-github.ts";
import { ask, deploymentOf, jobView, post, waitForState, waitForStatus } from "../../support/job-thread.ts";
import { deliver, pullRequestClosed, REPOSITORY_ID } from "./push-payloads.ts";
import { type PushSession, startPushSession, waitForIntake } from "./push-session.ts";

// `review` is shared by pull requests, one at a time: the last to deploy there owns it until it closes.
const CONFIG = `environments:
  review:
    deploy: sh ci/deploy.sh
    transient: true
    teardown: sh ci/deploy.sh
  staging:
    deploy: sh ci/deploy.sh
`;

const PRS = [7, 8, 9, 10, 11, 12] as const;

let session: PushSession;
const heads: Record<number, string> = {};

beforeAll(async () => {
  session = await startPushSession(CONFIG);
  for (const number of PRS) {
    heads[number] = session.repo.commit({ "src/app.ts": `export const pr = ${number};\n` }, `#${number}`);
  }
  const shop = session.app.github.repos.get("acme/shop");
  if (shop === undefined) throw new Error("acme/shop is not in the fake GitHub");
  shop.pulls = PRS.map((number) => ({ number, headSha: head(number), headRef: `feature/${number}` }));
});

afterAll(async () => {
  await session?.stop();
});

function head(pr: number): string {
  return heads[pr] ?? "";
}

/** `/deploy <environment>` on pull request `pr` by alice, run to the end; returns the job id. */
async function deployed(pr: number, environment: string): Promise<string> {
  session.touch(`go-deploy-${head(pr)}`);
  const commentId = await post(session.app, session.repo.cloneUrl, {
    login: "alice",
    pr,
    body: `/deploy ${environment}`,
  });
  const id = `task-${commentId}-1`;
  await waitForState(session.app, id, "succeeded");
  return id;
}

/** Closes pull request `pr` and waits until Shipmate has done what closing it asks for. */
async function close(pr: number, merged: boolean): Promise<string> {
  const payload = pullRequestClosed(session.repo.cloneUrl, {
    number: pr,
    sha: head(pr),
    branch: `feature/${pr}`,
    merged,
  });
  const delivery = await deliver(session.app, "pull_request", payload);
  await waitForIntake(session.app, "pull-request-closed", delivery);
  return delivery;
}

/** The descriptions of the statuses Shipmate gave a deployment, oldest first. */
function retirements(deployment: FakeDeployment | undefined): string[] {
  if (deployment === undefined) return [];
  return session.app.github
    .callsMatching(new RegExp(`^POST /repos/acme/shop/deployments/${deployment.id}/statuses$`))
    .map((call) => call.body as { state: string; description: string })
    .filter((body) => body.state === "inactive")
    .map((body) => body.description);
}

const deploys = () => session.lines("deploys");

describe("closing a pull request", () => {
  test("releases its holds, withdraws its waiting jobs, and tears down the transient environment it deployed", async () => {
    const { app, repo } = session;
    const review = await deployed(7, "review");
    // #8's deploy runs and holds staging; #7's waits behind it.
    const running = await post(app, repo.cloneUrl, { login: "bob", pr: 8, body: "/deploy staging" });
    await waitForState(app, `task-${running}-1`, "running");
    const waiting = await post(app, repo.cloneUrl, { login: "alice", pr: 7, body: "/deploy staging" });
    await waitForState(app, `task-${waiting}-1`, "queued");
    const locked = await ask(app, repo.cloneUrl, { login: "alice", pr: 7, body: "/lock review demo" });
    expect(locked.reply).toContain("is locked for #7");

    const delivery = await close(7, false);

    expect(await app.redis.hgetall(`${app.prefix}:holds:${REPOSITORY_ID}`)).toEqual({});
    const withdrawn = await jobView(app, `task-${waiting}-1`);
    expect(withdrawn?.state).toBe("cancelled");
    expect(withdrawn?.problem).toBe("Pull request #7 was closed before this job started.");
    await waitForStatus(app, `task-${waiting}-1`, /Pull request #7 was closed before this job started/);

    const teardown = `teardown-${safeDeliveryId(delivery)}-1`;
    await waitForState(app, teardown, "succeeded");
    expect(deploys()).toContain(`teardown review ${head(7)} ref=feature/7 pr=7 actor=alice`);
    await waitForStatus(app, teardown, /Torn down/);
    expect(retirements(await deploymentOf(app, review))).toEqual([
      "Pull request #7 was closed: review is retired.",
    ]);

    // #8's deploy was not #7's to stop: it runs on, then finishes.
    expect((await jobView(app, `task-${running}-1`))?.state).toBe("running");
    session.touch(`go-deploy-${head(8)}`);
    await waitForState(app, `task-${running}-1`, "succeeded");
    expect(deploys().filter((line) => line.startsWith("deploy staging"))).toEqual([
      `deploy staging ${head(8)} ref=feature/8 pr=8 actor=bob`,
    ]);
  });

  test("leaves a transient environment that another pull request deployed to since; that one's merge tears it down", async () => {
    const first = await deployed(9, "review");
    const second = await deployed(10, "review");

    const delivery = await close(9, true);
    expect(await jobView(session.app, `teardown-${safeDeliveryId(delivery)}-1`)).toBeUndefined();
    expect(deploys().some((line) => line.startsWith("teardown review") && line.includes("pr=9"))).toBe(false);
    expect(retirements(await deploymentOf(session.app, first))).toEqual([]);

    const merged = await close(10, true);
    await waitForState(session.app, `teardown-${safeDeliveryId(merged)}-1`, "succeeded");
    expect(deploys()).toContain(`teardown review ${head(10)} ref=feature/10 pr=10 actor=alice`);
    expect(retirements(await deploymentOf(session.app, second))).toEqual([
      "Pull request #10 was merged: review is retired.",
    ]);
    // staging is not transient: closing never touches it.
    expect(deploys().some((line) => line.startsWith("teardown staging"))).toBe(false);
  });

  test("a deploy that never ran there does not make the environment the closed pull request's", async () => {
    const { app, repo } = session;
    // #11's deploy runs on review; #12's waits behind it, with its Deployment already created.
    const running = await post(app, repo.cloneUrl, { login: "bob", pr: 11, body: "/deploy review" });
    await waitForState(app, `task-${running}-1`, "running");
    const waiting = await post(app, repo.cloneUrl, { login: "alice", pr: 12, body: "/deploy review" });
    await waitForState(app, `task-${waiting}-1`, "queued");
    // The Deployment is recorded on the job just after the job is queued.
    const deadline = Date.now() + 5_000;
    while ((await deploymentOf(app, `task-${waiting}-1`)) === undefined && Date.now() < deadline)
      await sleep(20);
    expect((await deploymentOf(app, `task-${waiting}-1`))?.environment).toBe("review");

    const delivery = await close(12, false);
    expect((await jobView(app, `task-${waiting}-1`))?.state).toBe("cancelled");
    expect(await jobView(app, `teardown-${safeDeliveryId(delivery)}-1`)).toBeUndefined();

    session.touch(`go-deploy-${head(11)}`);
    await waitForState(app, `task-${running}-1`, "succeeded");
    expect(deploys().filter((line) => line.includes("pr=11") || line.includes("pr=12"))).toEqual([
      `deploy review ${head(11)} ref=feature/11 pr=11 actor=bob`,
    ]);
  });
});
