import type { IncomingMessage } from "node:http";

export type BodyResult = { kind: "ok"; text: string } | { kind: "too-large" } | { kind: "aborted" };

/** Reads a request body up to `limitBytes`, stopping early (and not buffering) past it. */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // The listeners stay on the request until it closes. Once the body is handed over they must not
    // reach it (through `resolve` and its promise, or the chunks): it would live as long as the request.
    let settle: ((result: BodyResult) => void) | undefined = resolve;
    const finish = (result: BodyResult) => {
      const done = settle;
      settle = undefined;
      chunks.length = 0;
      done?.(result);
    };
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        req.resume();
        finish({ kind: "too-large" });
        return;
      }
      if (settle) chunks.push(chunk);
    });
    req.on("end", () => {
      if (settle) finish({ kind: "ok", text: Buffer.concat(chunks).toString("utf8") });
    });
    req.on("error", () => finish({ kind: "aborted" }));
    req.on("close", () => finish({ kind: "aborted" }));
  });
}
