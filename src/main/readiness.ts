import type { IncomingMessage, ServerResponse } from "node:http";

/** One thing a ready process needs: resolves with what is wrong, or undefined when it is fine. */
export type ReadinessCheck = () => Promise<string | undefined>;

type Route = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * Whether this process should be sent work. `GET /readyz` answers 503 with the reason while a check
 * fails, and from the moment the process starts to stop; `GET /healthz` only says the process is alive.
 */
export class Readiness {
  readonly #checks: readonly ReadinessCheck[];
  #stopping = false;

  constructor(checks: readonly ReadinessCheck[]) {
    this.#checks = checks;
  }

  /** From now on readiness is 503 and the gated routes refuse work; there is no way back. */
  stop(): void {
    this.#stopping = true;
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  /** The first problem found, or undefined when the process is ready. */
  async problem(): Promise<string | undefined> {
    if (this.#stopping) return "Shipmate is shutting down";
    const problems = await Promise.all(this.#checks.map((check) => check()));
    return problems.find((problem) => problem !== undefined);
  }

  /** `GET /healthz`: the process is alive and its event loop answers. */
  readonly healthz: Route = (_req, res) => {
    res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
  };

  /** `GET /readyz`: 200, or 503 with the reason in one line. */
  readonly readyz: Route = async (_req, res) => {
    const problem = await this.problem();
    res
      .writeHead(problem === undefined ? 200 : 503, {
        "content-type": "text/plain",
        "cache-control": "no-store",
      })
      .end(problem === undefined ? "ready\n" : `not ready: ${problem}\n`);
  };

  /** Wraps a route that takes work: once the process is stopping it answers 503, so the sender tries again. */
  gate(route: Route): Route {
    return (req, res) => {
      if (!this.#stopping) return route(req, res);
      req.resume();
      res
        .writeHead(503, { "content-type": "text/plain", "retry-after": "5", connection: "close" })
        .end("Shipmate is shutting down; send this again (another instance takes it)\n");
      return undefined;
    };
  }
}
