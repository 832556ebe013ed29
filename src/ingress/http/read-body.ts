import type { IncomingMessage } from "node:http";

export type BodyResult = { kind: "ok"; text: string } | { kind: "too-large" } | { kind: "aborted" };

/** Reads a request body up to `limitBytes`, stopping early (and not buffering) past it. */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      resolve(result);
    };
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        chunks.length = 0;
        req.resume();
        finish({ kind: "too-large" });
        return;
      }
      if (!done) chunks.push(chunk);
    });
    req.on("end", () => finish({ kind: "ok", text: Buffer.concat(chunks).toString("utf8") }));
    req.on("error", () => finish({ kind: "aborted" }));
    req.on("close", () => finish({ kind: "aborted" }));
  });
}
