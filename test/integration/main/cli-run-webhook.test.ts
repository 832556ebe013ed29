import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";
import { eventually } from "../executors/process-helpers.ts";
import { WebhookReceiver } from "../executors/webhook-receiver.ts";
import { startCli } from "./cli-helpers.ts";

// `shipmate run` on a `webhook:` task sends what a worker sends: to a local deployer that checks signatures.
const SECRET = "cli-Hook-Secret-9876";
const receiver = new WebhookReceiver(SECRET);
let repo: LocalRepo;
let sha: string;

function config(base: string): string {
  const hook = (name: string, more = "") =>
    `{ webhook: { url: '${base}/${name}/deploy', secret_env: HOOK_SECRET, status_url: '${base}/${name}/status', cancel_url: '${base}/${name}/stop', poll_interval: 1s, retries: 0${more} }`;
  return `environments:
  ok:
    deploy: ${hook("ok")} }
  broken:
    deploy: ${hook("broken")} }
  slow:
    deploy: ${hook("slow")}, timeout: 2s }
  hang:
    deploy: ${hook("hang")} }
`;
}

const env = { TASK_SECRET_ENV: "HOOK_SECRET", HOOK_SECRET: SECRET };

beforeAll(async () => {
  const base = await receiver.start();
  repo = createLocalRepo();
  sha = repo.commit({ ".github/shipmate.yml": config(base) }, "config");
  execFileSync("git", ["remote", "add", "origin", "git@github.com:acme/shop.git"], { cwd: repo.dir });
});

afterAll(async () => {
  repo.remove();
  await receiver.stop();
});

const requestsTo = (name: string) =>
  receiver.requests.filter((request) => request.path.startsWith(`/${name}/`));

describe("shipmate run: webhook tasks", () => {
  test("sends the signed request a worker would, follows the status URL and prints its log, masked", async () => {
    receiver.script.set("/ok/deploy", [{ status: 202 }]);
    receiver.script.set("/ok/status", [
      { status: 200, body: { state: "pending", log: "pulling image\n" } },
      { status: 200, body: { state: "success", log: `pulling image\nlogged in with ${SECRET}\n` } },
    ]);
    const cli = startCli(["run", "deploy", "ok", "version=1.4.2", "--dry-run"], { cwd: repo.dir, env });
    expect(await cli.exited).toBe(0);
    const [start, ...polls] = requestsTo("ok");
    expect(start).toMatchObject({ method: "POST", path: "/ok/deploy", signatureValid: true });
    expect(JSON.parse(start?.body ?? "")).toEqual({
      job: expect.stringMatching(/^local-[0-9a-f]{8}$/),
      repository: "acme/shop",
      task: "deploy",
      environment: "ok",
      sha,
      ref: "main",
      pullRequest: null,
      actor: "alice",
      dryRun: true,
      params: { version: "1.4.2" },
    });
    expect(polls.map((poll) => `${poll.method} ${poll.path} ${poll.signatureValid}`)).toEqual([
      "GET /ok/status true",
      "GET /ok/status true",
    ]);
    expect(cli.stdout()).toContain("pulling image\nlogged in with ***\n");
    expect(cli.stdout()).not.toContain(SECRET);
    expect(cli.stderr()).toMatch(/deploy on ok succeeded in/);
  });

  test("a reported failure exits 1 and says what to run again", async () => {
    receiver.script.set("/broken/deploy", [{ status: 200 }]);
    receiver.script.set("/broken/status", [
      { status: 200, body: { state: "failure", log: "no such image\n" } },
    ]);
    const cli = startCli(["run", "deploy", "broken"], { cwd: repo.dir, env });
    expect(await cli.exited).toBe(1);
    expect(cli.stdout()).toContain("no such image\n");
    expect(cli.stderr()).toContain(
      "reported failure. Read the output below, fix the cause, then run `shipmate run deploy broken` again.",
    );
  });

  test("past the timeout it exits 124 and tells the cancel_url", async () => {
    receiver.script.set("/slow/deploy", [{ status: 200 }]);
    receiver.script.set("/slow/status", [{ status: 200, body: { state: "pending" } }]);
    receiver.script.set("/slow/stop", [{ status: 202 }]);
    const cli = startCli(["run", "deploy", "slow"], { cwd: repo.dir, env });
    expect(await cli.exited).toBe(124);
    const stops = requestsTo("slow").filter((request) => request.path === "/slow/stop");
    expect(stops).toHaveLength(1);
    expect(JSON.parse(stops[0]?.body ?? "")).toMatchObject({ environment: "slow", reason: "timed_out" });
    expect(cli.stdout()).toContain("Cancel accepted: HTTP 202");
  });

  test("Ctrl-C stops following, tells the cancel_url `cancelled`, and exits 130", async () => {
    receiver.script.set("/hang/deploy", [{ status: 200 }]);
    receiver.script.set("/hang/status", [{ status: 200, body: { state: "pending" } }]);
    receiver.script.set("/hang/stop", [{ status: 200 }]);
    const cli = startCli(["run", "deploy", "hang"], { cwd: repo.dir, env });
    await eventually(() => (requestsTo("hang").length >= 2 ? true : undefined), 10_000);
    cli.child.kill("SIGINT");
    expect(await cli.exited).toBe(130);
    const stops = requestsTo("hang").filter((request) => request.path === "/hang/stop");
    expect(stops.map((stop) => stop.signatureValid)).toEqual([true]);
    expect(JSON.parse(stops[0]?.body ?? "")).toMatchObject({ reason: "cancelled" });
    expect(cli.stderr()).toContain("deploy on hang was stopped (SIGINT)");
  });
});
