import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { jobView } from "../../support/job-thread.ts";
import { checkRunRerequested, checkSuiteRerequested, deliver, pushPayload } from "./push-payloads.ts";
import {
  checkJobIdOf,
  checkRuns,
  checksYaml,
  type PushSession,
  startPushSession,
  statusesOf,
  waitForCheckRun,
  waitForCompleted,
} from "./push-session.ts";

const CONFIG = `environments:
  staging:
    deploy: echo deployed
${checksYaml(["lint", "unit"])}`;

let session: PushSession;

// One task at a time: a check that waits for its file keeps the next one queued, so every state shows.
beforeAll(async () => {
  session = await startPushSession(CONFIG, { env: { WORKER_CONCURRENCY: "1" } });
});

afterAll(async () => {
  await session?.stop();
});

const short = (sha: string) => sha.slice(0, 7);

describe("a push runs each entry of `checks:` on the pushed commit as its own check run", () => {
  let sha: string;

  test("queued → in_progress → completed, with the conclusion, a summary, the last lines of output and annotations", async () => {
    const { app, repo } = session;
    sha = repo.commit({ "src/app.ts": "const x = 1;\n" }, "feature work");
    const delivery = await deliver(
      app,
      "push",
      pushPayload(repo.cloneUrl, { branch: "feature/x", after: sha }),
    );

    // lint runs first and waits for its file; unit, queued behind it, shows as queued meanwhile.
    await waitForCheckRun(app, { name: "lint", sha }, (run) => run.status === "in_progress");
    const queued = await waitForCheckRun(app, { name: "unit", sha }, (run) => run.status === "queued");
    expect(queued.title).toBe("Waiting for a worker");
    session.touch(`go-lint-${sha}`);
    await waitForCheckRun(app, { name: "unit", sha }, (run) => run.status === "in_progress");
    session.touch(`go-unit-${sha}`);

    const lint = await waitForCompleted(app, { name: "lint", sha });
    expect(lint.conclusion).toBe("failure");
    expect(lint.title).toBe("Failed with exit code 1");
    expect(lint.summary).toContain("`lint` exited with code 1 after");
    expect(lint.summary).toContain(`Commit \`${short(sha)}\`, pushed by @`);
    expect(lint.text).toContain(`lint: task=check env= ref=feature/x sha=${sha} head=${sha} actor=alice`);
    expect(lint.text).toContain("src/app.ts:3: 'x' is declared but never used");
    // Only `file:line: message` lines naming a file of the repository become annotations.
    expect(lint.annotations).toEqual([
      {
        path: "src/app.ts",
        start_line: 3,
        end_line: 3,
        annotation_level: "failure",
        message: "'x' is declared but never used",
      },
      {
        path: "src/app.ts",
        start_line: 7,
        end_line: 7,
        start_column: 5,
        end_column: 5,
        annotation_level: "warning",
        message: "warning: prefer const",
      },
    ]);

    const unit = await waitForCompleted(app, { name: "unit", sha });
    expect(statusesOf(unit)).toEqual(["queued", "in_progress", "completed"]);
    expect(unit.conclusion).toBe("success");
    expect(unit.title).toMatch(/^Passed in /);
    expect(unit.annotations).toEqual([]);
    // The last 200 lines: the first ones are left out and said to be.
    expect(unit.text).toContain("line 250");
    expect(unit.text).not.toMatch(/\bline 50\n/);
    expect(unit.text).toMatch(/… \d+ earlier lines not shown/);

    expect(checkRuns(app, "lint", sha)).toHaveLength(1);
    expect(checkRuns(app, "unit", sha)).toHaveLength(1);
    expect((await jobView(app, checkJobIdOf(delivery, 1)))?.state).toBe("failed");
    expect((await jobView(app, checkJobIdOf(delivery, 2)))?.state).toBe("succeeded");
    // Nothing on the branch asked for a deploy, and nothing is said on any pull request.
    expect(app.github.callsMatching(/\/deployments$/)).toEqual([]);
    expect(app.github.comments.size).toBe(0);
  });

  test("Re-run on one check run runs that check again, on the same commit, as a new check run", async () => {
    const { app, repo } = session;
    session.touch("lint-fixed");
    await deliver(
      app,
      "check_run",
      checkRunRerequested(repo.cloneUrl, { name: "lint", sha, branch: "feature/x" }),
    );
    session.touch(`go-lint-${sha}`);

    const again = await waitForCompleted(app, { name: "lint", sha, nth: 2 });
    expect(again.conclusion).toBe("success");
    expect(again.text).toContain("no findings");
    expect(again.annotations).toEqual([]);
    expect(checkRuns(app, "lint", sha)[0]?.conclusion).toBe("failure");
    expect(checkRuns(app, "unit", sha)).toHaveLength(1);
  });

  test("Re-run all checks runs every check of the commit again", async () => {
    const { app, repo } = session;
    await deliver(
      app,
      "check_suite",
      checkSuiteRerequested(repo.cloneUrl, { sha, branch: "feature/x", by: "bob" }),
    );

    const lint = await waitForCompleted(app, { name: "lint", sha, nth: 3 });
    const unit = await waitForCompleted(app, { name: "unit", sha, nth: 2 });
    expect([lint.conclusion, unit.conclusion]).toEqual(["success", "success"]);
    expect(lint.text).toContain("actor=bob");
    expect(session.lines("started").filter((line) => line.endsWith(sha))).toEqual([
      `lint ${sha}`,
      `unit ${sha}`,
      `lint ${sha}`,
      `lint ${sha}`,
      `unit ${sha}`,
    ]);
  });
});

describe("a newer push to the same branch", () => {
  test("cancels the older push's checks that have not started; the running one finishes", async () => {
    const { app, repo } = session;
    const older = repo.commit({ "src/app.ts": "const y = 2;\n" }, "older");
    await deliver(app, "push", pushPayload(repo.cloneUrl, { branch: "feature/y", after: older }));
    await waitForCheckRun(app, { name: "lint", sha: older }, (run) => run.status === "in_progress");
    await waitForCheckRun(app, { name: "unit", sha: older }, (run) => run.status === "queued");

    const newer = repo.commit({ "src/app.ts": "const y = 3;\n" }, "newer");
    await deliver(
      app,
      "push",
      pushPayload(repo.cloneUrl, { branch: "feature/y", before: older, after: newer }),
    );

    const cancelled = await waitForCompleted(app, { name: "unit", sha: older });
    expect(cancelled.conclusion).toBe("cancelled");
    expect(cancelled.title).toBe("Cancelled");
    expect(cancelled.summary).toContain(
      `Superseded before it started: \`feature/y\` moved on to \`${short(newer)}\`.`,
    );
    expect(checkRuns(app, "lint", older)[0]?.status).toBe("in_progress");

    session.touch(`go-lint-${older}`);
    expect((await waitForCompleted(app, { name: "lint", sha: older })).conclusion).toBe("success");
    session.touch(`go-lint-${newer}`);
    session.touch(`go-unit-${newer}`);
    expect((await waitForCompleted(app, { name: "lint", sha: newer })).conclusion).toBe("success");
    expect((await waitForCompleted(app, { name: "unit", sha: newer })).conclusion).toBe("success");
    expect(session.lines("started")).not.toContain(`unit ${older}`);
  });
});
