import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { FakeRepo } from "../../support/fake-github.ts";
import { checkRunRerequested, deliver, pushPayload } from "./push-payloads.ts";
import {
  checkRuns,
  checksYaml,
  type PushSession,
  startPushSession,
  waitForCompleted,
} from "./push-session.ts";

const CONFIG_PATH = ".github/shipmate.yml";
const CONFIG = `environments:
  staging:
    deploy: echo deployed
${checksYaml(["unit"])}`;

// Two problems, on lines 5 and 9.
const BROKEN = `environments:
  staging:
    deploy: sh ci/deploy.sh
    auto_deploy: main
    lock_tll: 5m
  production:
    deploy: sh ci/deploy.sh
    require:
      approvals: two
${checksYaml(["unit"])}`;

const GROWN = `environments:
  staging:
    deploy: echo deployed
  production:
    deploy: echo deployed
${checksYaml(["unit", "lint"])}`;

let session: PushSession;
let shop: FakeRepo;
let first: string;

beforeAll(async () => {
  const started = await startPushSession(CONFIG);
  session = started;
  first = started.first;
  session.touch("go-all");
  shop = session.app.github.repos.get("acme/shop") as FakeRepo;
  shop.files = {};
});

afterAll(async () => {
  await session?.stop();
});

/** Commits `config` as the repository's config file; the fake GitHub serves it at the new commit. */
function commitConfig(config: string): string {
  const sha = session.repo.commit({ [CONFIG_PATH]: config }, "change the config");
  shop.files = { ...shop.files, [sha]: { [CONFIG_PATH]: config } };
  return sha;
}

describe("the `shipmate/config` check", () => {
  test("a branch whose config has bad lines gets a failing check with an annotation at each one", async () => {
    const { app, repo } = session;
    const sha = commitConfig(BROKEN);
    // A new branch's push lists only its commits: Shipmate compares the file with the default branch's.
    await deliver(app, "push", pushPayload(repo.cloneUrl, { branch: "config/broken", after: sha }));

    const run = await waitForCompleted(app, { name: "shipmate/config", sha });
    expect(run.conclusion).toBe("failure");
    expect(run.title).toBe("2 problems");
    expect(run.summary).toContain("`.github/shipmate.yml` is not valid");
    expect(run.summary).toContain(
      "`.github/shipmate.yml:5` `environments.staging.lock_tll`: unknown key `lock_tll`: did you mean `lock_ttl`?",
    );
    expect(run.annotations).toEqual([
      {
        path: CONFIG_PATH,
        start_line: 5,
        end_line: 5,
        start_column: 5,
        end_column: 5,
        annotation_level: "failure",
        message: "environments.staging.lock_tll: unknown key `lock_tll`: did you mean `lock_ttl`?",
      },
      {
        path: CONFIG_PATH,
        start_line: 9,
        end_line: 9,
        start_column: 7,
        end_column: 7,
        annotation_level: "failure",
        message: 'environments.production.require.approvals: expected a number, got "two"',
      },
    ]);
    // What runs is still the default branch's config: its one check runs on the commit.
    expect((await waitForCompleted(app, { name: "unit", sha })).conclusion).toBe("success");
    expect(checkRuns(app, "lint", sha)).toEqual([]);
  });

  test("a push to the default branch that changes the file gets a passing check when it is valid", async () => {
    const { app, repo } = session;
    const sha = commitConfig(GROWN);
    shop.config = GROWN;
    await deliver(
      app,
      "push",
      pushPayload(repo.cloneUrl, { branch: "main", before: first, after: sha, modified: [CONFIG_PATH] }),
    );

    const run = await waitForCompleted(app, { name: "shipmate/config", sha });
    expect(run.conclusion).toBe("success");
    expect(run.title).toBe("Valid");
    expect(run.summary).toContain("2 environments and 2 checks");
    expect(run.annotations).toEqual([]);
    // The push changed the default branch's config: its new check runs on this very push.
    expect((await waitForCompleted(app, { name: "lint", sha })).conclusion).toBe("failure");
  });

  test("a force push to the default branch that drops a change to the file gets the check too", async () => {
    const { app, repo } = session;
    // Back to CONFIG: the commit that changed it is dropped, and the one pushed lists no change to it.
    const sha = repo.commit({ [CONFIG_PATH]: CONFIG, "src/app.ts": "export const back = 1;\n" }, "back");
    shop.files = { ...shop.files, [sha]: { [CONFIG_PATH]: CONFIG } };
    const grown = Object.keys(shop.files).find((ref) => shop.files?.[ref]?.[CONFIG_PATH] === GROWN) ?? "";
    shop.config = CONFIG;
    await deliver(
      app,
      "push",
      pushPayload(repo.cloneUrl, { branch: "main", before: grown, after: sha, forced: true }),
    );
    const run = await waitForCompleted(app, { name: "shipmate/config", sha });
    expect(run.conclusion).toBe("success");
    expect(run.summary).toContain("1 environment and 1 check");
  });

  test("a push that leaves the file alone gets no config check", async () => {
    const { app, repo } = session;
    const sha = repo.commit({ "src/app.ts": "export const z = 1;\n" }, "code only");
    await deliver(app, "push", pushPayload(repo.cloneUrl, { branch: "feature/code", after: sha }));
    await waitForCompleted(app, { name: "unit", sha });
    expect(checkRuns(app, "shipmate/config", sha)).toEqual([]);
  });

  test("Re-run on the config check validates the file at that commit again", async () => {
    const { app, repo } = session;
    const sha = commitConfig(BROKEN);
    await deliver(app, "push", pushPayload(repo.cloneUrl, { branch: "config/fixing", after: sha }));
    expect((await waitForCompleted(app, { name: "shipmate/config", sha })).conclusion).toBe("failure");

    // Nothing changed at that commit: the re-run says the same, as a new check run.
    await deliver(
      app,
      "check_run",
      checkRunRerequested(repo.cloneUrl, { name: "shipmate/config", sha, branch: "config/fixing" }),
    );
    const again = await waitForCompleted(app, { name: "shipmate/config", sha, nth: 2 });
    expect(again.conclusion).toBe("failure");
    expect(again.annotations.map((annotation) => annotation.start_line)).toEqual([5, 9]);
  });
});
