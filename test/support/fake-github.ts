import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  method: string;
  path: string;
  body: unknown;
  at: number;
}

export interface FakePullRequest {
  number: number;
  state?: "open" | "closed";
  merged?: boolean;
  headSha: string;
  headRef: string;
  baseRef?: string;
  /** `null` for a deleted fork; defaults to the base repository. */
  headRepoFullName?: string | null;
}

export interface FakeRepo {
  owner: string;
  name: string;
  /** `.github/shipmate.yml` on the default branch; undefined for none. */
  config?: string;
  roles?: Record<string, string>;
  pulls?: FakePullRequest[];
  refs?: Record<string, string>;
}

/** Answer the next `times` calls matching `method path` with `status` (for outage tests). */
export interface Fault {
  method: string;
  pathPattern: RegExp;
  status: number;
  times: number;
  headers?: Record<string, string>;
}

/**
 * A local stand-in for the GitHub REST API (under /api/v3, as GitHub Enterprise serves it):
 * enough for Shipmate's calls, recording each one so tests can check exactly what was sent.
 */
export class FakeGitHub {
  readonly calls: RecordedCall[] = [];
  readonly comments = new Map<number, { id: number; issue: number; body: string }>();
  readonly faults: Fault[] = [];
  readonly repos = new Map<string, FakeRepo>();
  #server: Server | undefined;
  #nextId = 1000;
  /** Artificial latency for every answer (ms), to look like a real API in benchmarks. */
  latencyMs = 0;

  addRepo(repo: FakeRepo): void {
    this.repos.set(`${repo.owner}/${repo.name}`, repo);
  }

  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      void this.#handle(req, res);
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.#server.address() as AddressInfo;
    return `127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  /** Calls whose `METHOD path` matches the pattern, e.g. /^POST .*\/reactions$/. */
  callsMatching(pattern: RegExp): RecordedCall[] {
    return this.calls.filter((c) => pattern.test(`${c.method} ${c.path}`));
  }

  /** Resolves once a call matching the pattern has been recorded. */
  async waitFor(pattern: RegExp, count = 1, timeoutMs = 15_000): Promise<RecordedCall[]> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.callsMatching(pattern);
      if (found.length >= count) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`timed out waiting for ${count} × ${pattern}; calls were:\n${this.describeCalls()}`);
  }

  describeCalls(): string {
    return this.calls.map((c) => `${c.method} ${c.path}`).join("\n");
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://fake");
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v3/, ""));
    const method = req.method ?? "GET";
    const body = text ? (JSON.parse(text) as unknown) : undefined;
    this.calls.push({ method, path, body, at: Date.now() });
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const fault = this.faults.find((f) => f.times > 0 && f.method === method && f.pathPattern.test(path));
    if (fault) {
      fault.times--;
      return send(res, fault.status, { message: `fake fault ${fault.status}` }, fault.headers);
    }
    const [status, payload] = this.#route(method, path, body as Record<string, unknown> | undefined);
    send(res, status, payload);
  }

  #route(method: string, path: string, body: Record<string, unknown> | undefined): [number, unknown] {
    const token = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path);
    if (token && method === "POST") {
      const expiresAt = new Date(Date.now() + 3600_000).toISOString();
      return [201, { token: `ghs_fakeinstallationtoken${token[1]}abcdef`, expires_at: expiresAt }];
    }
    const m = /^\/repos\/([^/]+)\/([^/]+)\/(.*)$/.exec(path);
    const repo = m ? this.repos.get(`${m[1]}/${m[2]}`) : undefined;
    if (!m || !repo) return [404, { message: "Not Found" }];
    const rest = m[3] ?? "";
    for (const [routeMethod, pattern, handle] of this.#repoRoutes) {
      const match = routeMethod === method ? pattern.exec(rest) : null;
      if (match) return handle(match, repo, body ?? {});
    }
    return [404, { message: `fake GitHub has no route for ${method} ${path}` }];
  }

  readonly #repoRoutes: [string, RegExp, RepoRoute][] = [
    [
      "GET",
      /^contents\/\.github\/shipmate\.yml$/,
      (_m, repo) => {
        if (repo.config === undefined) return [404, { message: "Not Found" }];
        const content = Buffer.from(repo.config).toString("base64");
        return [200, { type: "file", encoding: "base64", content, sha: "blob" }];
      },
    ],
    [
      "GET",
      /^collaborators\/([^/]+)\/permission$/,
      (m, repo) => {
        const role = repo.roles?.[m[1] ?? ""] ?? "read";
        const permission = role === "maintain" ? "write" : role === "triage" ? "read" : role;
        return [200, { permission, role_name: role, user: { login: m[1] } }];
      },
    ],
    [
      "GET",
      /^pulls\/(\d+)$/,
      (m, repo) => {
        const pr = repo.pulls?.find((p) => p.number === Number(m[1]));
        if (!pr) return [404, { message: "Not Found" }];
        const full = `${repo.owner}/${repo.name}`;
        const headRepo = pr.headRepoFullName === null ? null : { full_name: pr.headRepoFullName ?? full };
        return [
          200,
          {
            number: pr.number,
            state: pr.state ?? "open",
            merged: pr.merged ?? false,
            head: { sha: pr.headSha, ref: pr.headRef, repo: headRepo },
            base: { ref: pr.baseRef ?? "main", repo: { full_name: full } },
          },
        ];
      },
    ],
    [
      "GET",
      /^commits\/(.+)$/,
      (m, repo) => {
        const sha = repo.refs?.[m[1] ?? ""];
        return sha ? [200, { sha }] : [404, { message: "No commit found" }];
      },
    ],
    [
      "POST",
      /^issues\/comments\/\d+\/reactions$/,
      (_m, _repo, body) => [201, { id: this.#nextId++, content: body.content }],
    ],
    [
      "POST",
      /^issues\/(\d+)\/comments$/,
      (m, repo, body) => {
        const id = this.#nextId++;
        this.comments.set(id, { id, issue: Number(m[1]), body: String(body.body ?? "") });
        return [
          201,
          {
            id,
            html_url: `https://github.example/${repo.owner}/${repo.name}/pull/${m[1]}#issuecomment-${id}`,
          },
        ];
      },
    ],
    [
      "PATCH",
      /^issues\/comments\/(\d+)$/,
      (m, _repo, body) => {
        const comment = this.comments.get(Number(m[1]));
        if (!comment) return [404, { message: "Not Found" }];
        comment.body = String(body.body ?? "");
        return [200, { id: comment.id }];
      },
    ],
    [
      "POST",
      /^deployments$/,
      (_m, repo, body) => {
        const id = this.#nextId++;
        return [
          201,
          {
            id,
            url: `http://fake/repos/${repo.owner}/${repo.name}/deployments/${id}`,
            environment: body.environment,
          },
        ];
      },
    ],
    [
      "POST",
      /^deployments\/\d+\/statuses$/,
      (_m, _repo, body) => [201, { id: this.#nextId++, state: body.state }],
    ],
  ];
}

type RepoRoute = (match: RegExpExecArray, repo: FakeRepo, body: Record<string, unknown>) => [number, unknown];

function send(
  res: ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(payload));
}
