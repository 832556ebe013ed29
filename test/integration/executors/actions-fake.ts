import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** How GitHub answers `return_run_details`: github.com names the run; older Enterprise ignores or refuses it. */
export type RunDetailsSupport = "returns-id" | "ignored" | "refused";

/** What the next dispatch creates. */
export interface RunPlan {
  conclusion: string;
  /** How many reads of the run show it unfinished before it completes. */
  readsUntilDone: number;
  jobs: { name: string; conclusion: string }[];
  /** The branch the run reports; the dispatched ref unless set. */
  headBranch?: string;
  headSha: string;
}

export interface FakeRun {
  id: number;
  workflow: string;
  status: string;
  conclusion: string | null;
  headSha: string;
  headBranch: string;
  event: string;
  createdAt: string;
  reads: number;
  plan: RunPlan;
}

export interface ActionsCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/** A local stand-in for the GitHub Actions REST endpoints the workflow executor uses, plus the app token endpoint. */
export class ActionsFake {
  readonly calls: ActionsCall[] = [];
  readonly runs = new Map<number, FakeRun>();
  runDetails: RunDetailsSupport = "returns-id";
  /** When set, a dispatch is refused with this status and message. */
  refuseDispatch: { status: number; message: string } | undefined;
  /** When set, reading any run answers with this status (GitHub having trouble). */
  failRunReads: number | undefined;
  /** How long a dispatch takes to answer; its run exists from the start, as GitHub's does. */
  dispatchDelayMs = 0;
  nextRun: RunPlan = { conclusion: "success", readsUntilDone: 2, jobs: [], headSha: "0".repeat(40) };
  #nextId = 1000;
  #server: Server | undefined;

  /** Starts listening; resolves to the API base URL. */
  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      void this.#handle(req, res);
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/api/v3`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  /** A run that already exists (another person's dispatch, say). */
  seedRun(run: Partial<FakeRun> & { workflow: string }): FakeRun {
    const seeded: FakeRun = {
      id: this.#nextId++,
      status: "completed",
      conclusion: "success",
      headSha: "f".repeat(40),
      headBranch: "main",
      event: "workflow_dispatch",
      createdAt: new Date().toISOString(),
      reads: 0,
      plan: { ...this.nextRun },
      ...run,
    };
    this.runs.set(seeded.id, seeded);
    return seeded;
  }

  /**
   * The Actions routes as a route of the shared fake GitHub (which serves everything else): answers
   * `/repos/{owner}/{repo}/actions/…` and records the call here, passes anything else on.
   */
  readonly actionsRoute = (
    method: string,
    path: string,
    body: unknown,
    query: URLSearchParams,
  ): [number, unknown] | undefined => {
    if (!/^\/repos\/[^/]+\/[^/]+\/actions\//.test(path)) return undefined;
    const call = { method, path, query, body };
    this.calls.push(call);
    return this.#answer(call);
  };

  callsTo(pattern: RegExp): ActionsCall[] {
    return this.calls.filter((call) => pattern.test(`${call.method} ${call.path}`));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://fake");
    const path = url.pathname.replace(/^\/api\/v3/, "");
    const call = {
      method: req.method ?? "GET",
      path,
      query: url.searchParams,
      body: text ? JSON.parse(text) : undefined,
    };
    this.calls.push(call);
    const [status, body] = this.#answer(call);
    if (this.dispatchDelayMs > 0 && /\/dispatches$/.test(path)) await sleep(this.dispatchDelayMs);
    res.writeHead(status, { "content-type": "application/json" });
    res.end(body === undefined ? "" : JSON.stringify(body));
  }

  #answer(call: ActionsCall): [number, unknown] {
    const { method, path } = call;
    if (method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(path)) {
      return [
        201,
        {
          token: "ghs_actionsFakeToken0123456789",
          expires_at: new Date(Date.now() + 3_600_000).toISOString(),
        },
      ];
    }
    const dispatch = /^\/repos\/[^/]+\/[^/]+\/actions\/workflows\/([^/]+)\/dispatches$/.exec(path);
    if (method === "POST" && dispatch)
      return this.#dispatch(decodeURIComponent(dispatch[1] ?? ""), call.body);
    const list = /^\/repos\/[^/]+\/[^/]+\/actions\/workflows\/([^/]+)\/runs$/.exec(path);
    if (method === "GET" && list) return [200, this.#list(decodeURIComponent(list[1] ?? ""), call.query)];
    const jobs = /^\/repos\/[^/]+\/[^/]+\/actions\/runs\/(\d+)\/jobs$/.exec(path);
    if (method === "GET" && jobs) {
      const run = this.runs.get(Number(jobs[1]));
      const listed = (run?.plan.jobs ?? []).map((job, index) => ({
        id: index + 1,
        status: "completed",
        ...job,
      }));
      return run ? [200, { total_count: listed.length, jobs: listed }] : [404, { message: "Not Found" }];
    }
    const cancel = /^\/repos\/[^/]+\/[^/]+\/actions\/runs\/(\d+)\/cancel$/.exec(path);
    if (method === "POST" && cancel) {
      const run = this.runs.get(Number(cancel[1]));
      if (!run) return [404, { message: "Not Found" }];
      if (run.status === "completed")
        return [409, { message: "Cannot cancel a workflow run that is completed." }];
      run.status = "completed";
      run.conclusion = "cancelled";
      return [202, {}];
    }
    const get = /^\/repos\/[^/]+\/[^/]+\/actions\/runs\/(\d+)$/.exec(path);
    if (method === "GET" && get) {
      if (this.failRunReads !== undefined) return [this.failRunReads, { message: "Server Error" }];
      const run = this.runs.get(Number(get[1]));
      if (!run) return [404, { message: "Not Found" }];
      this.#advance(run);
      return [200, this.#runJson(run)];
    }
    return [404, { message: `the Actions fake has no route for ${method} ${path}` }];
  }

  #dispatch(workflow: string, body: unknown): [number, unknown] {
    const { ref, return_run_details } = body as { ref: string; return_run_details?: boolean };
    if (this.refuseDispatch) return [this.refuseDispatch.status, { message: this.refuseDispatch.message }];
    if (return_run_details !== undefined && this.runDetails === "refused") {
      return [422, { message: 'Invalid request.\n\n"return_run_details" is not a permitted key.' }];
    }
    const run = this.seedRun({
      workflow,
      status: "queued",
      conclusion: null,
      headSha: this.nextRun.headSha,
      headBranch: this.nextRun.headBranch ?? ref,
      plan: { ...this.nextRun },
    });
    if (return_run_details && this.runDetails === "returns-id") {
      return [
        200,
        {
          workflow_run_id: run.id,
          run_url: `https://api.example/runs/${run.id}`,
          html_url: this.#htmlUrl(run),
        },
      ];
    }
    return [204, undefined];
  }

  #list(workflow: string, query: URLSearchParams): unknown {
    const event = query.get("event");
    const since = /^>=(.+)$/.exec(query.get("created") ?? "")?.[1];
    const runs = [...this.runs.values()]
      .filter((run) => run.workflow === workflow && (event === null || run.event === event))
      .filter((run) => since === undefined || Date.parse(run.createdAt) >= Date.parse(since))
      .sort((a, b) => b.id - a.id);
    return { total_count: runs.length, workflow_runs: runs.map((run) => this.#runJson(run)) };
  }

  #advance(run: FakeRun): void {
    if (run.status === "completed") return;
    run.reads += 1;
    if (run.reads > run.plan.readsUntilDone) {
      run.status = "completed";
      run.conclusion = run.plan.conclusion;
    } else {
      run.status = run.reads === 1 ? "queued" : "in_progress";
    }
  }

  #runJson(run: FakeRun): unknown {
    return {
      id: run.id,
      html_url: this.#htmlUrl(run),
      status: run.status,
      conclusion: run.conclusion,
      head_sha: run.headSha,
      head_branch: run.headBranch,
      event: run.event,
      created_at: run.createdAt,
    };
  }

  #htmlUrl(run: FakeRun): string {
    return `https://github.example/acme/shop/actions/runs/${run.id}`;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
