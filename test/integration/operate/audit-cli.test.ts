import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AuditEvent } from "../../../src/audit/audit-event.ts";
import type { LocalRepo } from "../../support/git-repo.ts";
import { auditCli, auditEvents, comment, seedRepository, until } from "./operate-fixture.ts";
import {
  type Cluster,
  type ShipmateProcess,
  startCluster,
  startProcess,
  stopCluster,
} from "./shipmate-process.ts";

let cluster: Cluster;
let repo: LocalRepo;
let sha: string;
let out: string;
let proc: ShipmateProcess;
let events: AuditEvent[];

beforeAll(async () => {
  cluster = await startCluster();
  ({ repo, sha, out } = seedRepository(cluster, { pulls: 2 }));
  proc = await startProcess("all", cluster, { TASK_ENV: "TEST_OUT", TEST_OUT: out });
  // One after another, each on the trail before the next, so the order of the trail is known: a command
  // that is queued, one that is refused, a lock, and then the deploy's end.
  const steps = [
    { body: "/deploy staging", pr: 1, commentId: 9101, action: "command" },
    { body: "/deploy production", pr: 2, commentId: 9102, login: "bob", action: "refusal" },
    { body: "/lock staging code freeze", pr: 1, commentId: 9103, action: "lock" },
  ];
  for (const step of steps) {
    expect((await comment(proc.url, repo, step)).status).toBe(202);
    await until(
      async () => auditEvents(cluster).find((e) => e.action === step.action),
      20_000,
      `the ${step.action} event`,
    );
  }
  writeFileSync(join(out, "release-all"), "");
  await until(async () => auditEvents(cluster).find((e) => e.action === "job-end"), 30_000, "the job's end");
  events = auditEvents(cluster, ["--repo", "acme/shop"]);
}, 60_000);

afterAll(async () => {
  proc?.child.kill("SIGKILL");
  await stopCluster(cluster);
  repo?.remove();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe("shipmate audit", () => {
  test("--json: the queued command, the refusal, the lock and the job's end, with who, where, what and how", () => {
    expect(events.map((e) => e.action)).toEqual(["command", "refusal", "lock", "job-end"]);
    const byAction = new Map(events.map((e) => [e.action, e]));
    expect(byAction.get("command")).toEqual({
      at: expect.any(Number),
      action: "command",
      actor: "alice",
      surface: "github",
      repository: "acme/shop",
      pullRequest: 1,
      command: "deploy",
      environment: "staging",
      sha,
      job: "task-9101-1",
      outcome: "queued",
    });
    expect(byAction.get("refusal")).toEqual({
      at: expect.any(Number),
      action: "refusal",
      actor: "bob",
      surface: "github",
      repository: "acme/shop",
      pullRequest: 2,
      command: "deploy",
      environment: "production",
      outcome: "refused",
      reason: "insufficient-permission",
    });
    expect(byAction.get("lock")).toMatchObject({
      actor: "alice",
      surface: "github",
      repository: "acme/shop",
      environment: "staging",
      pullRequest: 1,
      outcome: "taken",
      reason: "code freeze",
    });
    expect(byAction.get("job-end")).toMatchObject({
      actor: "alice",
      surface: "system",
      environment: "staging",
      sha,
      command: "deploy",
      job: "task-9101-1",
      outcome: "succeeded",
    });
  });

  test("text: one line per event, fixed columns then key=value", () => {
    const result = auditCli(cluster, ["--repo", "ACME/shop"]);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(4);
    const refusal = lines.find((line) => line.includes(" refusal "));
    expect(refusal).toMatch(
      /^\d{4}-\d\d-\d\dT[\d:.]+Z {2}refusal {8}bob \(github\) {2}acme\/shop#2 {2}environment=production {2}command=deploy {2}outcome=refused {2}reason=insufficient-permission$/,
    );
    expect(lines.find((line) => line.includes(" lock "))).toContain('reason="code freeze"');
    expect(lines.find((line) => line.includes(" command "))).toContain(`sha=${sha.slice(0, 12)}`);
  });

  test("--repo, --since and --limit narrow it down; an empty answer says so on stderr", () => {
    expect(auditEvents(cluster, ["--since", "1h"])).toHaveLength(4);
    const first = events[0]?.at ?? 0;
    expect(auditEvents(cluster, ["--since", new Date(Date.now() + 60_000).toISOString()])).toEqual([]);
    expect(auditEvents(cluster, ["--since", new Date(first - 60_000).toISOString()])).toHaveLength(4);
    const other = auditCli(cluster, ["--repo", "acme/other"]);
    expect([other.status, other.stdout, other.stderr]).toEqual([0, "", "shipmate audit: no events match\n"]);
    const newest = auditCli(cluster, ["--json", "--limit", "1"]);
    expect(
      newest.stdout
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).action),
    ).toEqual(["job-end"]);
    expect(newest.stderr).toContain("older events match too; showing the newest 1");
  });

  test("bad arguments exit 2 with one line saying what is wrong, then the usage", () => {
    for (const [args, problem] of [
      [["--since", "soon"], '--since: "soon" is neither a duration'],
      [["--repo", "shop"], '--repo: "shop" is not owner/name'],
      [["--limit", "0"], '--limit: "0" is not a whole number'],
      [["--frobnicate"], "Unknown option '--frobnicate'"],
    ] as const) {
      const result = auditCli(cluster, args);
      expect(result.status, args.join(" ")).toBe(2);
      expect(result.stderr).toContain(problem);
      expect(result.stderr.trim().split("\n")[1]).toMatch(/^shipmate audit \[--repo owner\/name\]/);
      expect(result.stdout).toBe("");
    }
  });
});
