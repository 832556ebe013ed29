import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What the front adds to the fake GitHub's answers. */
export interface FrontOptions {
  /** Sent as `x-ratelimit-remaining` on every answer, as GitHub does. */
  rateLimitRemaining: number;
  /** The committer date GitHub reports for any full SHA (`GET …/commits/<sha>`), in ms. */
  commitTime: () => number;
}

/**
 * A front for FakeGitHub that answers what the real API also sends: rate-limit headers on every answer,
 * and commit data (with its committer date) for a commit asked for by full SHA. Everything else is the
 * fake's own answer. Returns the host to give Shipmate as GHE_HOST.
 */
export async function startGitHubFront(
  upstreamHost: string,
  options: FrontOptions,
): Promise<{ host: string; stop(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const rateHeaders = { "x-ratelimit-remaining": String(options.rateLimitRemaining) };
    const commit = /^\/api\/v3\/repos\/[^/]+\/[^/]+\/commits\/([0-9a-f]{40})$/.exec(req.url ?? "");
    if (req.method === "GET" && commit) {
      const date = new Date(options.commitTime()).toISOString();
      const body = {
        sha: commit[1],
        commit: { committer: { name: "t", date }, author: { name: "t", date } },
      };
      res.writeHead(200, { "content-type": "application/json", ...rateHeaders }).end(JSON.stringify(body));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(
      Object.entries(req.headers).flatMap(([name, value]) =>
        typeof value === "string" && name !== "host" && name !== "content-length" ? [[name, value]] : [],
      ),
    );
    const answer = await fetch(`http://${upstreamHost}${req.url ?? "/"}`, {
      method: req.method ?? "GET",
      headers,
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    const text = await answer.text();
    res
      .writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "", ...rateHeaders })
      .end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
