import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cluster } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";
import { prComment, type Running, sendWebhook, startShipmate } from "../../support/harness.ts";
import { waitForComment } from "../../support/pr-thread.ts";
import { clusterUnsupported, type LocalRedis, startLocalCluster } from "./local-redis.ts";

const unsupported = await clusterUnsupported();
if (unsupported) console.warn(`skipping the Redis Cluster deploy test: ${unsupported}`);

const CONFIG = `environments:
  staging:
    deploy: ./scripts/deploy.sh
    lock: true
`;
const DEPLOY_SCRIPT = `#!/bin/sh
set -eu
echo "deploying $SHIPMATE_SHA to $SHIPMATE_ENVIRONMENT"
cat VERSION > "$TEST_DEPLOY_OUT/$SHIPMATE_ENVIRONMENT"
`;

let cluster: LocalRedis;
let web: Running;
let worker: Running;
let repo: LocalRepo;
let out: string;

beforeAll(async () => {
  if (unsupported) return;
  cluster = await startLocalCluster();
  out = mkdtempSync(join(tmpdir(), "shipmate-out-"));
  repo = createLocalRepo();
  const head = repo.commit({ "scripts/deploy.sh": DEPLOY_SCRIPT, VERSION: "from-the-cluster\n" }, "first");
  // REDIS_URL empty counts as unset: only the cluster nodes say where Redis is.
  const onCluster = {
    REDIS_URL: "",
    REDIS_CLUSTER_NODES: cluster.nodes.map((n) => `${n.host}:${n.port}`).join(","),
  };
  web = await startShipmate({ ...onCluster, ROLE: "web" });
  worker = await startShipmate(
    {
      ...onCluster,
      ROLE: "worker",
      SHIPMATE_REDIS_PREFIX: web.prefix,
      TASK_ENV: "TEST_DEPLOY_OUT",
      TEST_DEPLOY_OUT: out,
    },
    { github: web.github, githubHost: web.githubHost },
  );
  web.github.addRepo({
    owner: "acme",
    name: "shop",
    config: CONFIG,
    roles: { alice: "write" },
    pulls: [{ number: 7, headSha: head, headRef: "feature/x" }],
  });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await web?.stop();
  await cluster?.stop();
  repo?.remove();
  if (out) rmSync(out, { recursive: true, force: true });
});

/** Keys under `prefix` on every master of the cluster, by master port. */
async function keysByMaster(prefix: string): Promise<Map<number, string[]>> {
  const client = new Cluster(cluster.nodes);
  try {
    await new Promise<void>((resolve) => client.once("ready", () => resolve()));
    const found = new Map<number, string[]>();
    for (const node of client.nodes("master")) {
      const keys = await node.keys(`${prefix}*`);
      if (keys.length > 0) found.set(Number(node.options.port), keys);
    }
    return found;
  } finally {
    client.disconnect();
  }
}

describe.skipIf(unsupported !== undefined)("a deploy through a Redis Cluster", () => {
  test("a web process and a worker process on a three-master cluster deploy a pull request", async () => {
    const payload = prComment({ body: "/deploy staging", commentId: 3001, cloneUrl: repo.cloneUrl });
    const response = await sendWebhook(web.url, "issue_comment", payload);
    expect(response.status).toBe(202);

    const body = await waitForComment(web, /shipmate:job:task-3001-1[\s\S]*Deployed/, 20_000);
    expect(body).toContain("staging");
    expect(readFileSync(join(out, "staging"), "utf8")).toBe("from-the-cluster\n");

    // Everything Shipmate and BullMQ wrote sits on one master (one slot), and nothing went to the single Redis.
    const byMaster = await keysByMaster(web.prefix);
    expect([...byMaster.keys()]).toHaveLength(1);
    const keys = [...byMaster.values()].flat();
    expect(keys).toContain(`${web.prefix}:job:task-3001-1`);
    expect(keys.some((k) => k.startsWith(`${web.prefix}:tasks:`))).toBe(true);
    expect(keys.some((k) => k.startsWith(`${web.prefix}:intake:`))).toBe(true);
    expect(await web.redis.keys(`${web.prefix}*`)).toEqual([]);
  });
});
