import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { type Running, startShipmate } from "../../support/harness.ts";
import {
  jobView,
  post,
  waitForDeploymentState,
  waitForState,
  waitForStatus,
} from "../../support/job-thread.ts";
import { sleep } from "../../support/pr-thread.ts";
import { ActionsFake } from "./actions-fake.ts";
import { WebhookReceiver } from "./webhook-receiver.ts";

// `workflow:` and `webhook:` tasks the whole way: a PR comment in, the worker runs the task, and what
// GitHub (Actions, Deployments, the status comment) and the deployer's webhook receive is checked.
const SECRET = "hook-Secret-Value-0042";
const SHA = "5ca1ab1e".padEnd(40, "0");
const CLONE_URL = "file:///no/checkout/for/remote/tasks";

function config(hooks: string): string {
  const hook = (path: string, more = "") =>
    `{ webhook: { url: '${hooks}/${path}/deploy', secret_env: HOOK_SECRET, status_url: '${hooks}/${path}/status', poll_interval: 1s, retries: 1${more} }`;
  return `environments:
  staging:
    deploy: { workflow: { file: deploy.yml, inputs: { region: eu } } }
  canary:
    deploy: { workflow: { file: deploy.yml } }
  hooked:
    deploy: ${hook("ok")} }
  hooked-fail:
    deploy: ${hook("fail")} }
  hooked-slow:
    deploy: ${hook("slow")}, timeout: 2s }
  hooked-cancel:
    deploy: ${hook("cancel")} }
`;
}

const actions = new ActionsFake();
const receiver = new WebhookReceiver(SECRET);
let app: Running;
let comment = 77_000;

beforeAll(async () => {
  const hooks = await receiver.start();
  app = await startShipmate({ TASK_SECRET_ENV: "HOOK_SECRET", HOOK_SECRET: SECRET });
  app.github.extraRoutes.push(actions.actionsRoute);
  app.github.addRepo({
    owner: "acme",
    name: "shop",
    config: config(hooks),
    roles: { alice: "write" },
    pulls: [{ number: 7, headSha: SHA, headRef: "feature/x" }],
  });
});

afterAll(async () => {
  await app?.stop();
  await receiver.stop();
});

beforeEach(() => {
  actions.nextRun = { conclusion: "success", readsUntilDone: 0, jobs: [], headSha: SHA };
});

/** Comments `body` on pull request 7 as alice; returns the id of the task its first line starts. */
async function say(body: string): Promise<string> {
  comment += 1;
  await post(app, CLONE_URL, { login: "alice", pr: 7, body, commentId: comment });
  return `task-${comment}-1`;
}

function dispatchesFor(environment: string) {
  return actions
    .callsTo(/^POST \/repos\/acme\/shop\/actions\/workflows\/deploy\.yml\/dispatches$/)
    .filter((call) => (call.body as { inputs: { environment: string } }).inputs.environment === environment);
}

describe("workflow tasks through the worker", () => {
  test("a run that succeeds: dispatched with the job's facts, followed, the deploy succeeds with its link", async () => {
    actions.nextRun.jobs = [{ name: "deploy", conclusion: "success" }];
    const id = await say("/deploy staging version=2.0.1");
    await waitForState(app, id, "succeeded");
    const [dispatch] = dispatchesFor("staging");
    expect(dispatch?.body).toEqual({
      ref: "feature/x",
      inputs: {
        region: "eu",
        environment: "staging",
        sha: SHA,
        ref: "feature/x",
        params: '{"version":"2.0.1"}',
      },
      return_run_details: true,
    });
    const view = await jobView(app, id);
    expect(view?.output).toMatch(/Run: https:\/\/github\.example\/acme\/shop\/actions\/runs\/\d+/);
    expect(view?.output).toContain("  ✓ deploy: success");
    await waitForDeploymentState(app, id, "success");
    expect(await waitForStatus(app, id, /Deployed/)).toContain("Conclusion: success");
  }, 30_000);

  test("a run that fails: the deploy fails, with the run's conclusion and link for the requester", async () => {
    actions.nextRun = {
      ...actions.nextRun,
      conclusion: "failure",
      jobs: [{ name: "deploy", conclusion: "failure" }],
    };
    const id = await say("/deploy canary");
    await waitForState(app, id, "failed");
    const view = await jobView(app, id);
    expect(view?.problem).toMatch(
      /^The workflow run ended with conclusion `failure`: https:\/\/github\.example\/acme\/shop\/actions\/runs\/\d+\. Read its log/,
    );
    expect(view?.output).toContain("  ✗ deploy: failure");
    await waitForDeploymentState(app, id, "failure");
  }, 30_000);

  test("a dry run sends dry_run, so only a workflow that declares it takes it", async () => {
    const id = await say("/deploy canary --dry-run");
    await waitForState(app, id, "succeeded");
    const inputs = dispatchesFor("canary").map(
      (call) => (call.body as { inputs: Record<string, string> }).inputs,
    );
    expect(inputs.at(-1)).toMatchObject({ environment: "canary", dry_run: "true" });
    expect(inputs.slice(0, -1).every((sent) => !("dry_run" in sent))).toBe(true);
  }, 30_000);

  test("/cancel while the run goes on cancels the run on GitHub, and the job ends cancelled", async () => {
    actions.nextRun.readsUntilDone = 1_000_000;
    const id = await say("/deploy canary");
    await waitForStatus(app, id, /Run status: (queued|in_progress)/);
    const run = [...actions.runs.values()].at(-1);
    await say("/cancel");
    await waitForState(app, id, "cancelled");
    expect(actions.callsTo(/\/cancel$/).map((call) => call.path)).toContain(
      `/repos/acme/shop/actions/runs/${run?.id}/cancel`,
    );
    expect(run?.conclusion).toBe("cancelled");
    const view = await jobView(app, id);
    expect(view?.problem).toBe("Stopped while it ran: Shipmate asked GitHub to cancel the workflow run.");
    expect(view?.output).toContain(`Asking GitHub to cancel run ${run?.id}.`);
  }, 30_000);
});

describe("webhook tasks through the worker", () => {
  test("accepted, then success on the status URL: signed requests, the log shown, the secret masked", async () => {
    receiver.script.set("/ok/deploy", [{ status: 202 }]);
    receiver.script.set("/ok/status", [
      { status: 200, body: { state: "pending", log: `rolling out with ${SECRET}\n` } },
      { status: 200, body: { state: "success", log: `rolling out with ${SECRET}\ndone\n` } },
    ]);
    const id = await say("/deploy hooked");
    await waitForState(app, id, "succeeded");
    const requests = receiver.requests.filter((request) => request.path.startsWith("/ok/"));
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "POST /ok/deploy",
      "GET /ok/status",
      "GET /ok/status",
    ]);
    expect(requests.every((request) => request.signatureValid)).toBe(true);
    expect(JSON.parse(requests[0]?.body ?? "")).toMatchObject({
      job: id,
      repository: "acme/shop",
      environment: "hooked",
      sha: SHA,
      ref: "feature/x",
      pullRequest: 7,
      actor: "alice",
    });
    const view = await jobView(app, id);
    expect(view?.output).toContain("rolling out with ***\ndone\n");
    const status = await waitForStatus(app, id, /Deployed/);
    expect(status).toContain("rolling out with ***");
    expect(JSON.stringify(view)).not.toContain(SECRET);
    expect(status).not.toContain(SECRET);
  }, 30_000);

  test("failure on the status URL fails the deploy with the deployer's log", async () => {
    receiver.script.set("/fail/deploy", [{ status: 200 }]);
    receiver.script.set("/fail/status", [
      { status: 200, body: { state: "failure", log: "image not found\n" } },
    ]);
    const id = await say("/deploy hooked-fail");
    await waitForState(app, id, "failed");
    const view = await jobView(app, id);
    expect(view?.problem).toMatch(
      /^The deployer behind http:\/\/127\.0\.0\.1:\d+\/fail\/status reported failure\./,
    );
    expect(view?.output).toContain("image not found");
    await waitForDeploymentState(app, id, "failure");
  }, 30_000);

  test("a status URL that stays pending past the task's timeout: the deploy times out and polling stops", async () => {
    receiver.script.set("/slow/deploy", [{ status: 200 }]);
    receiver.script.set("/slow/status", [{ status: 200, body: { state: "pending" } }]);
    const id = await say("/deploy hooked-slow");
    await waitForState(app, id, "timed_out");
    const view = await jobView(app, id);
    expect(view?.problem).toContain(
      "ran longer than its timeout (2s): Shipmate stopped following the webhook",
    );
    const polls = () => receiver.requests.filter((request) => request.path === "/slow/status").length;
    const after = polls();
    expect(after).toBeGreaterThanOrEqual(1);
    await sleep(1_500);
    expect(polls()).toBe(after);
  }, 30_000);

  test("/cancel while following the status URL stops polling, and the job ends cancelled", async () => {
    receiver.script.set("/cancel/deploy", [{ status: 200 }]);
    receiver.script.set("/cancel/status", [{ status: 200, body: { state: "pending" } }]);
    const id = await say("/deploy hooked-cancel");
    await waitForStatus(app, id, /Following http/);
    await say("/cancel");
    await waitForState(app, id, "cancelled");
    const polls = () => receiver.requests.filter((request) => request.path === "/cancel/status").length;
    const after = polls();
    await sleep(1_500);
    expect(polls()).toBe(after);
    expect((await jobView(app, id))?.problem).toContain("Shipmate stopped following the webhook");
  }, 30_000);
});
