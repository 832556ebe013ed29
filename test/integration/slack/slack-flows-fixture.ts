import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeSlack } from "../../support/fake-slack.ts";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";
import { type Running, startShipmate } from "../../support/harness.ts";
import { TEST_SIGNING_SECRET } from "../../support/slack-request.ts";

// Every run appends a line when it starts and one when it ends, so a test can count runs by its `tag`
// parameter. `wait=<file>` holds the run until the test creates that file; `sleep=<s>` makes it slow;
// `ticks=<n>` prints a line every 0.1 s, n times, so the job's record changes while it runs.
const RUN = `'echo "start $SHIPMATE_ENVIRONMENT tag=$SHIPMATE_PARAM_TAG" >> "$TEST_SLACK_OUT/runs"; echo "deploying $SHIPMATE_SHA as $SHIPMATE_ACTOR"; if [ -n "$SHIPMATE_PARAM_WAIT" ]; then while [ ! -e "$TEST_SLACK_OUT/$SHIPMATE_PARAM_WAIT" ]; do sleep 0.05; done; fi; sleep "\${SHIPMATE_PARAM_SLEEP:-0}"; i=0; while [ "$i" -lt "\${SHIPMATE_PARAM_TICKS:-0}" ]; do echo "tick $i"; i=$((i + 1)); sleep 0.1; done; echo "step two of $SHIPMATE_PARAM_TAG"; echo "end $SHIPMATE_ENVIRONMENT tag=$SHIPMATE_PARAM_TAG" >> "$TEST_SLACK_OUT/runs"; echo "all done"'`;

/** acme/shop: one environment per flow, so that no test waits in another's line. */
export const SHOP_CONFIG = `environments:
  staging:
    deploy: &run ${RUN}
  broken:
    deploy: 'echo "about to fail"; echo "bad thing happened" >&2; exit 3'
  production:
    deploy: *run
    require:
      approvers: [carol]
  slow:
    deploy: { run: *run, timeout: 30s }
  qa:
    deploy: *run
  limited:
    deploy: *run
    slack:
      allowed_channels: ["#releases"]
slack:
  channel: "#deploys"
  users: { U0ALICE01: alice, U0CAROL01: carol, U0MALLORY: mallory }
`;

/** Slack users and the GitHub logins they act as; `dave` is only in the server's SLACK_USERS_FILE. */
export const USERS = {
  alice: "U0ALICE01",
  carol: "U0CAROL01",
  mallory: "U0MALLORY",
  dave: "U0DAVE001",
  nobody: "U0NOBODY1",
} as const;

/** Where slash commands are typed, and the channel `#deploys` (the repository's `slack.channel`) is. */
export const OPS = { id: "C0OPS0001", name: "ops" } as const;
export const DEPLOYS_CHANNEL = "C0DEPLOYS";

export interface Flows {
  app: Running;
  slack: FakeSlack;
  repo: LocalRepo;
  sha: string;
  out: string;
  stop(): Promise<void>;
}

/** A whole Shipmate with Slack on, a FakeSlack, and acme/shop whose pull requests 40–49 share one head. */
export async function startFlows(): Promise<Flows> {
  const out = mkdtempSync(join(tmpdir(), "shipmate-slack-flows-"));
  const usersFile = join(out, "slack-users.yaml");
  writeFileSync(usersFile, `# mappings that hold across repositories\n${USERS.dave}: dave\n`);
  const repo = createLocalRepo();
  const sha = repo.commit({ README: "slack flows\n" }, "first");
  const slack = new FakeSlack();
  slack.channelIds.set("#deploys", DEPLOYS_CHANNEL);
  const apiUrl = await slack.start();
  const app = await startShipmate({
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: apiUrl,
    SLACK_USERS_FILE: usersFile,
    TASK_ENV: "TEST_SLACK_OUT",
    TEST_SLACK_OUT: out,
    TASK_LOCK_MS: "2000",
    WORKER_CONCURRENCY: "4",
  });
  app.github.addRepo({
    owner: "acme",
    name: "shop",
    config: SHOP_CONFIG,
    roles: { alice: "write", carol: "write", mallory: "write", dave: "write" },
    pulls: Array.from({ length: 10 }, (_, i) => ({ number: 40 + i, headSha: sha, headRef: `feature/${i}` })),
    cloneUrl: repo.cloneUrl,
  });
  return {
    app,
    slack,
    repo,
    sha,
    out,
    async stop() {
      await app.stop();
      await slack.stop();
      repo.remove();
      rmSync(out, { recursive: true, force: true });
    },
  };
}

/** The lines the runs tagged `tag` wrote: `start <env> tag=<tag>` and `end <env> tag=<tag>`. */
export function runsTagged(flows: Flows, tag: string): string[] {
  const file = join(flows.out, "runs");
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.endsWith(` tag=${tag}`));
}

/** Lets a run started with `wait=<name>` go on. */
export function release(flows: Flows, name: string): void {
  writeFileSync(join(flows.out, name), "go\n");
}
