import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  method: string;
  path: string;
  body: unknown;
  at: number;
  /** The status a fault answered this call with; undefined when the fake answered it for real. */
  faulted?: number;
}

export interface FakePullRequest {
  number: number;
  state?: "open" | "closed";
  merged?: boolean;
  headSha: string;
  headRef: string;
  /** What `GET /pulls/{n}` reports as the title; defaults to "Pull request #<n>". */
  title?: string;
  baseRef?: string;
  /** `null` for a deleted fork; defaults to the base repository. */
  headRepoFullName?: string | null;
}

export interface FakeReview {
  login: string;
  /** APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED. */
  state: string;
  commitId: string;
  /** ISO time; defaults to a minute apart in list order, the first an hour ago. */
  submittedAt?: string;
}

export interface FakeCheckRun {
  name: string;
  /** queued, in_progress or completed. */
  status: string;
  conclusion: string | null;
}

export interface FakeStatus {
  context: string;
  /** error, failure, pending or success. */
  state: string;
}

/** A past deployment to seed: `states` oldest first. */
export interface FakeDeploymentSeed {
  id?: number;
  sha: string;
  ref: string;
  environment: string;
  /** Milliseconds since the epoch; seeds without one are a minute apart, in list order, ending a minute ago. */
  createdAt?: number;
  states: string[];
  payload?: unknown;
}

/** A deployment the fake knows: seeded, or created with POST /deployments. `statuses` oldest first. */
export interface FakeDeployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  createdAt: number;
  /** What the deployment was created with (Shipmate writes `{ pullRequest, job, … }`). */
  payload?: unknown;
  statuses: { id: number; state: string; createdAt: number }[];
}

export interface FakeRepo {
  owner: string;
  name: string;
  /** `.github/shipmate.yml` on the default branch; undefined for none. */
  config?: string;
  /** Files at other refs (a branch or a commit SHA), by path; `null` for a file that is not there. */
  files?: Record<string, Record<string, string | null>>;
  roles?: Record<string, string>;
  pulls?: FakePullRequest[];
  refs?: Record<string, string>;
  /** Reviews by pull-request number, oldest first. */
  reviews?: Record<number, FakeReview[]>;
  /** Check runs by commit SHA (already the latest of each name). */
  checkRuns?: Record<string, FakeCheckRun[]>;
  /** Commit statuses by commit SHA (already the latest of each context). */
  statuses?: Record<string, FakeStatus[]>;
  /** Deployments that happened before the test, oldest first. */
  deployments?: FakeDeploymentSeed[];
  /** What `GET /repos/{owner}/{repo}` reports; the defaults match the comment fixture's repository. */
  id?: number;
  installationId?: number;
  cloneUrl?: string;
}

/** An annotation as the Checks API takes it. */
export interface FakeAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: string;
  message: string;
}

/** A check run created through the API, as its requests left it. */
export interface FakeCreatedCheckRun {
  id: number;
  /** `owner/name`. */
  repo: string;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  title: string | undefined;
  summary: string | undefined;
  text: string | undefined;
  /** Every annotation sent, in order (GitHub adds each request's to those before). */
  annotations: FakeAnnotation[];
  /** The body of every request, the creation first. */
  updates: Record<string, unknown>[];
}

/** Answer the next `times` calls matching `method path` with `status` (for outage tests). */
export interface Fault {
  method: string;
  pathPattern: RegExp;
  status: number;
  times: number;
  headers?: Record<string, string>;
  /** The answer's `message` (GitHub's error text, e.g. "You have exceeded a secondary rate limit"). */
  message?: string;
  /** Only requests whose JSON body this accepts (e.g. the update that completes a check run). */
  body?: (body: Record<string, unknown>) => boolean;
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
  /** Team members by `org/slug` (lower case), as added with addTeam. */
  readonly teams = new Map<string, string[]>();
  /** Every deployment by `owner/name`, seeded or created, oldest first. */
  readonly deployments = new Map<string, FakeDeployment[]>();
  /** Check runs created through the API (POST …/check-runs), by id, as their latest update left them. */
  readonly createdCheckRuns = new Map<number, FakeCreatedCheckRun>();
  #server: Server | undefined;
  #nextId = 1000;
  /** Artificial latency for every answer (ms), to look like a real API in benchmarks. */
  latencyMs = 0;
  /** Routes a test adds (the Actions API, say): asked first; the first answer wins, undefined passes on. */
  readonly extraRoutes: ExtraRoute[] = [];

  addRepo(repo: FakeRepo): void {
    const key = `${repo.owner}/${repo.name}`;
    this.repos.set(key, repo);
    const seeds = repo.deployments ?? [];
    const now = Date.now();
    seeds.forEach((seed, index) => {
      this.addDeployment(repo.owner, repo.name, {
        ...seed,
        createdAt: seed.createdAt ?? now - (seeds.length - index) * 60_000,
      });
    });
  }

  /** Makes `logins` the active members of the team `@org/slug`. */
  addTeam(org: string, slug: string, logins: string[]): void {
    this.teams.set(`${org}/${slug}`.toLowerCase(), logins);
  }

  /** Records a past deployment (after the repository's own seeds); returns it. */
  addDeployment(owner: string, name: string, seed: FakeDeploymentSeed): FakeDeployment {
    const createdAt = seed.createdAt ?? Date.now();
    const deployment: FakeDeployment = {
      id: seed.id ?? this.#nextId++,
      sha: seed.sha,
      ref: seed.ref,
      environment: seed.environment,
      createdAt,
      ...(seed.payload === undefined ? {} : { payload: seed.payload }),
      statuses: seed.states.map((state, index) => ({
        id: this.#nextId++,
        state,
        createdAt: createdAt + (index + 1) * 1_000,
      })),
    };
    this.deploymentsOf(owner, name).push(deployment);
    return deployment;
  }

  /** The repository's deployments, oldest first (the live list: pushing to it seeds one). */
  deploymentsOf(owner: string, name: string): FakeDeployment[] {
    const key = `${owner}/${name}`;
    let list = this.deployments.get(key);
    if (list === undefined) {
      list = [];
      this.deployments.set(key, list);
    }
    return list;
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
    const call: RecordedCall = { method, path, body, at: Date.now() };
    this.calls.push(call);
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const fault = this.faults.find(
      (f) =>
        f.times > 0 &&
        f.method === method &&
        f.pathPattern.test(path) &&
        (f.body === undefined || f.body((body ?? {}) as Record<string, unknown>)),
    );
    if (fault) {
      fault.times--;
      call.faulted = fault.status;
      return send(
        res,
        fault.status,
        { message: fault.message ?? `fake fault ${fault.status}` },
        fault.headers,
      );
    }
    const request: RequestContext = {
      authorization: req.headers.authorization ?? "",
      query: url.searchParams,
      url: `http://${req.headers.host ?? "fake"}${req.url ?? "/"}`,
    };
    const [status, payload, headers] = this.#route(
      method,
      path,
      body as Record<string, unknown> | undefined,
      request,
    );
    send(res, status, payload, headers);
  }

  #route(
    method: string,
    path: string,
    body: Record<string, unknown> | undefined,
    request: RequestContext,
  ): RouteAnswer {
    for (const route of this.extraRoutes) {
      const answer = route(method, path, body, request.query);
      if (answer !== undefined) return answer;
    }
    const token = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path);
    if (token && method === "POST") {
      const expiresAt = new Date(Date.now() + 3600_000).toISOString();
      return [201, { token: `ghs_fakeinstallationtoken${token[1]}abcdef`, expires_at: expiresAt }];
    }
    if (method === "GET" && path === "/app/installations") {
      const ids = [...new Set([...this.repos.values()].map((repo) => repo.installationId ?? 1))];
      return [200, ids.map((id) => ({ id, account: { login: `account-${id}` } }))];
    }
    if (method === "GET" && path === "/installation/repositories") {
      const installation = Number(/fakeinstallationtoken(\d+)/.exec(request.authorization)?.[1] ?? 0);
      const repositories = [...this.repos.values()]
        .filter((repo) => (repo.installationId ?? 1) === installation)
        .map((repo) => ({
          name: repo.name,
          full_name: `${repo.owner}/${repo.name}`,
          owner: { login: repo.owner },
        }));
      return [200, { total_count: repositories.length, repositories }];
    }
    const membership = /^\/orgs\/([^/]+)\/teams\/([^/]+)\/memberships\/([^/]+)$/.exec(path);
    if (membership && method === "GET") {
      const [, org, slug, login] = membership;
      const members = this.teams.get(`${org}/${slug}`.toLowerCase()) ?? [];
      // GitHub answers 404 both for a team that does not exist and for someone not in it.
      if (!members.some((member) => member.toLowerCase() === login?.toLowerCase())) {
        return [404, { message: "Not Found" }];
      }
      return [200, { state: "active", role: "member", url: `http://fake${path}` }];
    }
    const whole = /^\/repos\/([^/]+)\/([^/]+)(\/installation)?$/.exec(path);
    if (whole && method === "GET")
      return this.#describeRepo(whole[1] ?? "", whole[2] ?? "", whole[3] !== undefined);
    const m = /^\/repos\/([^/]+)\/([^/]+)\/(.*)$/.exec(path);
    const repo = m ? this.repos.get(`${m[1]}/${m[2]}`) : undefined;
    if (!m || !repo) return [404, { message: "Not Found" }];
    const rest = m[3] ?? "";
    for (const [routeMethod, pattern, handle] of this.#repoRoutes) {
      const match = routeMethod === method ? pattern.exec(rest) : null;
      if (match) return handle(match, repo, body ?? {}, request);
    }
    return [404, { message: `fake GitHub has no route for ${method} ${path}` }];
  }

  #describeRepo(owner: string, name: string, installation: boolean): RouteAnswer {
    const repo = this.repos.get(`${owner}/${name}`);
    if (!repo) return [404, { message: "Not Found" }];
    if (installation) return [200, { id: repo.installationId ?? 1, account: { login: repo.owner } }];
    const full = `${repo.owner}/${repo.name}`;
    return [
      200,
      {
        id: repo.id ?? 186853002,
        name: repo.name,
        full_name: full,
        owner: { login: repo.owner },
        default_branch: "main",
        clone_url: repo.cloneUrl ?? `https://github.example/${full}.git`,
        html_url: `https://github.example/${full}`,
      },
    ];
  }

  /** The check runs created on `owner/name`, oldest first; `name` narrows them to one check. */
  checkRunsOf(owner: string, repo: string, name?: string): FakeCreatedCheckRun[] {
    return [...this.createdCheckRuns.values()].filter(
      (run) => run.repo === `${owner}/${repo}` && (name === undefined || run.name === name),
    );
  }

  #applyCheckRun(run: FakeCreatedCheckRun, body: Record<string, unknown>): void {
    if (typeof body.status === "string") run.status = body.status;
    if (typeof body.conclusion === "string") run.conclusion = body.conclusion;
    const output = body.output as
      | { title?: string; summary?: string; text?: string; annotations?: FakeAnnotation[] }
      | undefined;
    if (output !== undefined) {
      // GitHub keeps what a request leaves out of `output`, and adds its annotations to those before.
      run.title = output.title ?? run.title;
      run.summary = output.summary ?? run.summary;
      run.text = output.text ?? run.text;
      run.annotations.push(...(output.annotations ?? []));
    }
    run.updates.push(body);
  }

  readonly #repoRoutes: [string, RegExp, RepoRoute][] = [
    [
      "POST",
      /^check-runs$/,
      (_m, repo, body) => {
        const id = this.#nextId++;
        const run: FakeCreatedCheckRun = {
          id,
          repo: `${repo.owner}/${repo.name}`,
          name: String(body.name ?? ""),
          headSha: String(body.head_sha ?? ""),
          status: "queued",
          conclusion: null,
          title: undefined,
          summary: undefined,
          text: undefined,
          annotations: [],
          updates: [],
        };
        if (tooManyAnnotations(body))
          return [422, { message: "Only 50 annotations are allowed per request" }];
        this.createdCheckRuns.set(id, run);
        this.#applyCheckRun(run, body);
        return [201, { id, name: run.name, head_sha: run.headSha, status: run.status }];
      },
    ],
    [
      "PATCH",
      /^check-runs\/(\d+)$/,
      (m, _repo, body) => {
        const run = this.createdCheckRuns.get(Number(m[1]));
        if (!run) return [404, { message: "Not Found" }];
        if (tooManyAnnotations(body))
          return [422, { message: "Only 50 annotations are allowed per request" }];
        this.#applyCheckRun(run, body);
        return [200, { id: run.id, name: run.name, status: run.status, conclusion: run.conclusion }];
      },
    ],
    [
      "GET",
      /^pulls\/(\d+)\/reviews$/,
      (m, repo, _body, request) => {
        const reviews = repo.reviews?.[Number(m[1])] ?? [];
        const hourAgo = Date.now() - 3600_000;
        const shown = reviews.map((review, index) => ({
          id: index + 1,
          user: { login: review.login },
          state: review.state,
          commit_id: review.commitId,
          submitted_at: review.submittedAt ?? new Date(hourAgo + index * 60_000).toISOString(),
        }));
        return paged(shown, request, (items) => items);
      },
    ],
    [
      "GET",
      /^commits\/([^/]+)\/check-runs$/,
      (m, repo, _body, request) => {
        const created = this.checkRunsOf(repo.owner, repo.name)
          .filter((run) => run.headSha === m[1])
          .map((run) => ({ name: run.name, status: run.status, conclusion: run.conclusion }));
        // `filter=latest`: the newest run of each name, after the seeded ones.
        const latest = new Map(
          [...(repo.checkRuns?.[m[1] ?? ""] ?? []), ...created].map((run) => [run.name, run]),
        );
        const runs = [...latest.values()].map((run, index) => ({
          id: index + 1,
          name: run.name,
          status: run.status,
          conclusion: run.conclusion,
          head_sha: m[1],
        }));
        return paged(runs, request, (items) => ({ total_count: runs.length, check_runs: items }));
      },
    ],
    [
      "GET",
      /^commits\/([^/]+)\/status$/,
      (m, repo) => {
        const statuses = repo.statuses?.[m[1] ?? ""] ?? [];
        return [200, { sha: m[1], state: combinedState(statuses), total_count: statuses.length, statuses }];
      },
    ],
    [
      "GET",
      /^deployments$/,
      (_m, repo, _body, request) => {
        const environment = request.query.get("environment");
        const list = this.deploymentsOf(repo.owner, repo.name)
          .filter((deployment) => environment === null || deployment.environment === environment)
          .toSorted(newestFirst)
          .map((deployment) => deploymentJson(repo, deployment));
        return paged(list, request, (items) => items);
      },
    ],
    [
      "GET",
      /^deployments\/(\d+)\/statuses$/,
      (m, repo, _body, request) => {
        const deployment = this.#deployment(repo, Number(m[1]));
        if (!deployment) return [404, { message: "Not Found" }];
        const statuses = deployment.statuses
          .toSorted(newestFirst)
          .map((status) => ({ id: status.id, state: status.state, created_at: iso(status.createdAt) }));
        return paged(statuses, request, (items) => items);
      },
    ],
    [
      "GET",
      /^contents\/(\.github\/shipmate\.yml)$/,
      (m, repo, _body, request) => {
        const atRef = repo.files?.[request.query.get("ref") ?? ""]?.[m[1] ?? ""];
        const text = atRef === undefined ? repo.config : (atRef ?? undefined);
        if (text === undefined) return [404, { message: "Not Found" }];
        const content = Buffer.from(text).toString("base64");
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
            title: pr.title ?? `Pull request #${pr.number}`,
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
        const ref = String(body.ref ?? "");
        const deployment = this.addDeployment(repo.owner, repo.name, {
          sha: ref,
          ref,
          environment: String(body.environment ?? "production"),
          states: [],
          payload: body.payload,
        });
        return [201, deploymentJson(repo, deployment)];
      },
    ],
    [
      "POST",
      /^deployments\/(\d+)\/statuses$/,
      (m, repo, body) => {
        const id = this.#nextId++;
        const deployment = this.#deployment(repo, Number(m[1]));
        const state = String(body.state ?? "");
        if (deployment) {
          // GitHub marks the environment's earlier successful deployments inactive (auto_inactive defaults to true).
          if (state === "success" && body.auto_inactive !== false) this.#markInactive(repo, deployment);
          deployment.statuses.push({ id, state, createdAt: Date.now() });
        }
        return [201, { id, state: body.state }];
      },
    ],
  ];

  #deployment(repo: FakeRepo, id: number): FakeDeployment | undefined {
    return this.deploymentsOf(repo.owner, repo.name).find((deployment) => deployment.id === id);
  }

  #markInactive(repo: FakeRepo, current: FakeDeployment): void {
    for (const other of this.deploymentsOf(repo.owner, repo.name)) {
      if (other === current || other.environment !== current.environment) continue;
      if (other.statuses.at(-1)?.state === "success") {
        other.statuses.push({ id: this.#nextId++, state: "inactive", createdAt: Date.now() });
      }
    }
  }
}

interface RequestContext {
  authorization: string;
  query: URLSearchParams;
  /** The request's absolute URL, for pagination links. */
  url: string;
}

type RouteAnswer = [number, unknown] | [number, unknown, Record<string, string>];

/** A route added from outside: `METHOD path` (without /api/v3) in, an answer or undefined out. */
export type ExtraRoute = (
  method: string,
  path: string,
  body: unknown,
  query: URLSearchParams,
) => [number, unknown] | undefined;

type RepoRoute = (
  match: RegExpExecArray,
  repo: FakeRepo,
  body: Record<string, unknown>,
  request: RequestContext,
) => RouteAnswer;

/** One page of `items` as GitHub serves it (`per_page` default 30, at most 100), with a `link` to the next. */
function paged<Item>(
  items: readonly Item[],
  request: RequestContext,
  wrap: (page: Item[]) => unknown,
): RouteAnswer {
  const perPage = Math.min(Math.max(Number(request.query.get("per_page") ?? 30) || 30, 1), 100);
  const page = Math.max(Number(request.query.get("page") ?? 1) || 1, 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  if (page * perPage >= items.length) return [200, wrap(slice)];
  const next = new URL(request.url);
  next.searchParams.set("page", String(page + 1));
  return [200, wrap(slice), { link: `<${next.href}>; rel="next"` }];
}

// The Checks API refuses more than 50 annotations in one request.
function tooManyAnnotations(body: Record<string, unknown>): boolean {
  return ((body.output as { annotations?: unknown[] } | undefined)?.annotations?.length ?? 0) > 50;
}

function combinedState(statuses: readonly FakeStatus[]): string {
  if (statuses.some((status) => status.state === "failure" || status.state === "error")) return "failure";
  if (statuses.length === 0 || statuses.some((status) => status.state === "pending")) return "pending";
  return "success";
}

function deploymentJson(repo: FakeRepo, deployment: FakeDeployment): Record<string, unknown> {
  return {
    id: deployment.id,
    url: `http://fake/repos/${repo.owner}/${repo.name}/deployments/${deployment.id}`,
    sha: deployment.sha,
    ref: deployment.ref,
    environment: deployment.environment,
    created_at: iso(deployment.createdAt),
    payload: deployment.payload ?? {},
  };
}

function newestFirst(a: { id: number; createdAt: number }, b: { id: number; createdAt: number }): number {
  return b.createdAt - a.createdAt || b.id - a.id;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function send(
  res: ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(payload));
}
