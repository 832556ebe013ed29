import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createLocalRepo, type LocalRepo } from "../support/git-repo.ts";
import { prComment, type Running, sendWebhook, startShipmate } from "../support/harness.ts";
import { deploymentsFor, waitForComment, waitForReactions } from "../support/pr-thread.ts";

const CONFIG = `environments:
  staging:
    deploy: echo "staging deploy task dry=[$SHIPMATE_DRY_RUN]"
    url: https://staging.example.com
  preview:
    deploy: echo "preview deploy task dry=[$SHIPMATE_DRY_RUN]"
    dry_run: echo "preview dry_run task dry=[$SHIPMATE_DRY_RUN] env=$SHIPMATE_ENVIRONMENT"
`;

let app: Running;
let repo: LocalRepo;
let head: string;

beforeAll(async () => {
  repo = createLocalRepo();
  head = repo.commit({ "README.md": "dry runs\n" }, "first");
  app = await startShipmate();
  app.github.addRepo({
    owner: "acme",
    name: "shop",
    config: CONFIG,
    roles: { alice: "write" },
    pulls: [{ number: 7, headSha: head, headRef: "feature/x" }],
  });
});

afterAll(async () => {
  await app?.stop();
  repo?.remove();
});

async function deploy(body: string, commentId: number): Promise<string> {
  const response = await sendWebhook(
    app.url,
    "issue_comment",
    prComment({ body, commentId, cloneUrl: repo.cloneUrl }),
  );
  expect(response.status).toBe(202);
  const status = await waitForComment(
    app,
    new RegExp(`^<!-- shipmate:job:task-${commentId}-1 -->[\\s\\S]*Deployed`),
  );
  await waitForReactions(app, commentId, 2);
  return status;
}

describe("/deploy --dry-run", () => {
  test("runs the deploy task with SHIPMATE_DRY_RUN=1, creates no Deployment and says dry run", async () => {
    const status = await deploy("/deploy staging --dry-run", 6_001);
    expect(status).toContain("staging deploy task dry=[1]");
    expect(status).toMatch(/Deployed\*\* `[0-9a-f]{7}` to \*\*staging\*\* \(dry run\)/);
    expect(status).toContain(head.slice(0, 7));
    expect(deploymentsFor(app, "task-6001-1")).toEqual([]);
    expect(status).not.toContain("View deployment");
    expect(app.github.callsMatching(/^POST \/repos\/acme\/shop\/deployments/)).toEqual([]);
  });

  test("with a `dry_run:` task configured, that task runs instead of `deploy`", async () => {
    const status = await deploy("/deploy preview --dry-run", 6_002);
    expect(status).toContain("preview dry_run task dry=[1] env=preview");
    expect(status).not.toContain("preview deploy task");
    expect(status).toContain("(dry run)");
    expect(deploymentsFor(app, "task-6002-1")).toEqual([]);
  });

  test("without the flag, the same environment deploys for real: empty SHIPMATE_DRY_RUN and a Deployment", async () => {
    const status = await deploy("/deploy preview", 6_003);
    expect(status).toContain("preview deploy task dry=[]");
    expect(status).not.toContain("dry_run task");
    expect(status).not.toContain("(dry run)");
    expect(deploymentsFor(app, "task-6003-1")).toEqual([
      expect.objectContaining({ environment: "preview", ref: head }),
    ]);
  });
});
