import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { checkoutPinnedCommit } from "../../../src/executors/workspace/git-checkout.ts";
import { removeWorkspace } from "../../../src/executors/workspace/remove-workspace.ts";
import { createRepo, git, tempDir } from "./git-fixture.ts";

const TOKEN = "ghs_checkoutTestToken0123456789abcdefXYZ";
let temp: ReturnType<typeof tempDir>;
let parentDir: string;

beforeEach(() => {
  temp = tempDir("shipmate-checkout-test-");
  parentDir = join(temp.path, "workspaces");
  mkdirSync(parentDir);
});
afterEach(() => temp.remove());

describe("checkoutPinnedCommit", () => {
  test("checks out the pinned commit, not the newer head of its branch", async () => {
    const repo = createRepo(temp.path, { "app.txt": "app\n" });
    const result = await checkoutPinnedCommit({
      cloneUrl: repo.url,
      sha: repo.pinned,
      token: TOKEN,
      parentDir,
    });
    if (result.kind !== "ready") throw new Error(result.reason);
    expect(repo.head).not.toBe(repo.pinned);
    expect(git(result.dir, "rev-parse", "HEAD")).toBe(repo.pinned);
    expect(readFileSync(join(result.dir, "version.txt"), "utf8")).toBe("pinned\n");
    expect(git(result.dir, "rev-parse", "--is-shallow-repository")).toBe("true");
    expect(result.committedAt).toBe(Number(git(result.dir, "log", "-1", "--format=%ct")) * 1000);
    expect(readdirSync(result.home)).toEqual([]);
    expect(await result.cleanup()).toBe(true);
    expect(readdirSync(parentDir)).toEqual([]);
  });

  test("each checkout gets its own fresh directory", async () => {
    const repo = createRepo(temp.path, {});
    const [a, b] = await Promise.all([
      checkoutPinnedCommit({ cloneUrl: repo.url, sha: repo.pinned, token: TOKEN, parentDir }),
      checkoutPinnedCommit({ cloneUrl: repo.url, sha: repo.head, token: TOKEN, parentDir }),
    ]);
    if (a?.kind !== "ready" || b?.kind !== "ready") throw new Error("checkout failed");
    expect(a.dir).not.toBe(b.dir);
    expect(readFileSync(join(b.dir, "version.txt"), "utf8")).toBe("newer\n");
    await Promise.all([a.cleanup(), b.cleanup()]);
  });

  test.each([
    ["short SHA", "abc1234"],
    ["upper-case SHA", "ABCDEF0123456789ABCDEF0123456789ABCDEF01"],
    ["a branch name", "main"],
    ["an option", "--upload-pack=touch /tmp/pwned"],
    ["a SHA with a newline", "0123456789abcdef0123456789abcdef01234567\n"],
  ])("refuses %s without creating anything", async (_name, sha) => {
    const repo = createRepo(temp.path, {});
    const result = await checkoutPinnedCommit({ cloneUrl: repo.url, sha, token: TOKEN, parentDir });
    expect(result.kind).toBe("failed");
    if (result.kind === "failed") expect(result.reason).toMatch(/full 40-character SHA/);
    expect(readdirSync(parentDir)).toEqual([]);
  });

  test("a SHA the repository does not have fails and leaves nothing behind", async () => {
    const repo = createRepo(temp.path, {});
    const missing = "0123456789abcdef0123456789abcdef01234567";
    const result = await checkoutPinnedCommit({ cloneUrl: repo.url, sha: missing, token: TOKEN, parentDir });
    expect(result).toMatchObject({ kind: "failed", workspaceRemoved: true });
    if (result.kind === "failed") expect(result.reason).toMatch(/Could not fetch commit 0123456.*git said:/);
    expect(readdirSync(parentDir)).toEqual([]);
  });

  test("an unreachable server fails with a reason that never shows the token", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    // The token in the URL too: git echoes URLs in its errors, and the reason must still hide it.
    const cloneUrl = `http://x-access-token:${TOKEN}@127.0.0.1:${port}/o/r.git`;
    const sha = "0123456789abcdef0123456789abcdef01234567";
    const result = await checkoutPinnedCommit({ cloneUrl, sha, token: TOKEN, parentDir });
    expect(result.kind).toBe("failed");
    if (result.kind !== "failed") return;
    expect(result.reason).toMatch(/Could not fetch commit 0123456/);
    expect(result.reason).toMatch(/git said: .*(connect|Connection refused)/i);
    expect(result.reason).not.toContain(TOKEN);
    expect(result.reason).not.toContain(TOKEN.slice(0, 20));
    expect(readdirSync(parentDir)).toEqual([]);
  });

  test("sends the token as a Basic x-access-token header, never in the URL", async () => {
    const seen: { url: string | undefined; headers: IncomingHttpHeaders }[] = [];
    const server = createServer((request, response) => {
      seen.push({ url: request.url, headers: request.headers });
      response.writeHead(404).end("Repository not found.");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const sha = "0123456789abcdef0123456789abcdef01234567";
      const cloneUrl = `http://127.0.0.1:${port}/o/r.git`;
      const result = await checkoutPinnedCommit({ cloneUrl, sha, token: TOKEN, parentDir });
      expect(result.kind).toBe("failed");
      const expected = `Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`;
      expect(seen.length).toBeGreaterThan(0);
      expect(seen[0]?.headers.authorization).toBe(expected);
      expect(seen.map((request) => request.url).join(" ")).not.toContain(TOKEN);
      if (result.kind === "failed") expect(result.reason).not.toContain(TOKEN);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test("a protocol outside https, http and file is refused", async () => {
    const marker = join(temp.path, "pwned");
    const sha = "0123456789abcdef0123456789abcdef01234567";
    const cloneUrl = `ext::sh -c touch% ${marker}`;
    const result = await checkoutPinnedCommit({ cloneUrl, sha, token: TOKEN, parentDir });
    expect(result.kind).toBe("failed");
    expect(existsSync(marker)).toBe(false);
  });

  test("an aborted signal stops the checkout", async () => {
    const repo = createRepo(temp.path, {});
    const controller = new AbortController();
    controller.abort();
    const result = await checkoutPinnedCommit({
      cloneUrl: repo.url,
      sha: repo.pinned,
      token: TOKEN,
      parentDir,
      signal: controller.signal,
    });
    expect(result).toMatchObject({ kind: "failed", workspaceRemoved: true });
    expect(readdirSync(parentDir)).toEqual([]);
  });

  test("a missing parent directory is a failed result, not an exception", async () => {
    const repo = createRepo(temp.path, {});
    const parent = join(temp.path, "nope");
    const result = await checkoutPinnedCommit({
      cloneUrl: repo.url,
      sha: repo.pinned,
      token: TOKEN,
      parentDir: parent,
    });
    expect(result.kind).toBe("failed");
    if (result.kind === "failed") expect(result.reason).toMatch(/Could not create a workspace/);
  });
});

describe("removeWorkspace", () => {
  test("removes read-only directories a task left behind", async () => {
    const dir = join(temp.path, "ws");
    mkdirSync(join(dir, "locked", "deeper"), { recursive: true });
    writeFileSync(join(dir, "locked", "deeper", "file"), "x");
    chmodSync(join(dir, "locked", "deeper"), 0o500);
    chmodSync(join(dir, "locked"), 0o500);
    expect(await removeWorkspace(dir)).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });

  test("a directory that does not exist is fine", async () => {
    expect(await removeWorkspace(join(temp.path, "never-there"))).toBe(true);
  });
});
