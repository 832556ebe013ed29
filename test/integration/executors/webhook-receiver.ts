import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the receiver got, and whether its signature checked out under the receiver's secret. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  signatureValid: boolean;
  /** When it arrived (ms since the epoch). */
  at: number;
}

/** How the receiver answers one request. */
export interface Answer {
  status: number;
  body?: unknown;
  /** Drop the connection without an answer (a network error for the client). */
  hangUp?: boolean;
  headers?: Record<string, string>;
  /** Wait this long before answering (a slow deployer). */
  delayMs?: number;
}

/** A deployer's webhook for tests: records every request and answers from a script of answers per path. */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  readonly script = new Map<string, Answer[]>();
  readonly secret: string;
  #server: Server | undefined;

  constructor(secret: string) {
    this.secret = secret;
  }

  async start(): Promise<string> {
    this.#server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString("utf8");
      const path = req.url ?? "/";
      this.requests.push({
        method: req.method ?? "",
        path,
        headers: req.headers,
        body,
        signatureValid: this.#verify(
          body,
          req.headers["x-shipmate-timestamp"],
          req.headers["x-shipmate-signature-256"],
        ),
        at: Date.now(),
      });
      // The last answer of a path's script repeats.
      const answers = this.script.get(path) ?? [{ status: 404 }];
      const answer = (answers.length > 1 ? answers.shift() : answers[0]) ?? { status: 404 };
      if (answer.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      if (answer.hangUp) {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(answer.body === undefined ? "" : JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  /**
   * What a receiver should do: refuse a timestamp more than 5 minutes off, recompute the HMAC of
   * `<timestamp>.<raw body>` and compare in constant time.
   */
  #verify(
    body: string,
    timestamp: string | string[] | undefined,
    header: string | string[] | undefined,
  ): boolean {
    if (typeof header !== "string" || typeof timestamp !== "string") return false;
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
    const mac = createHmac("sha256", this.secret).update(`${timestamp}.${body}`).digest("hex");
    const expected = Buffer.from(`sha256=${mac}`);
    const given = Buffer.from(header);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
