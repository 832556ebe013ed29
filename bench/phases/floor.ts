import { fork } from "node:child_process";
import { onCleanup } from "../support/cleanup.ts";
import type { DeliveryTemplate } from "../support/delivery-body.ts";
import type { FloorMode, FloorStart } from "../support/floor-server.ts";
import { type LoadFigures, loadFigures } from "../support/load-figures.ts";
import { runLoad } from "../support/run-load.ts";
import { startScript } from "../support/start-script.ts";

/** The same deliveries at one concurrency, answered by servers that do the least a webhook server can. */
export interface FloorLevel {
  concurrency: number;
  /** node:http reading the body and answering 202. */
  bare: LoadFigures;
  /** … and checking the signature, parsing the JSON and adding one BullMQ job first. */
  minimal: LoadFigures;
}

interface FloorServer {
  url: string;
  stop: () => Promise<void>;
}

async function startFloorServer(start: FloorStart): Promise<FloorServer> {
  const child = fork(new URL("../support/floor-server.ts", import.meta.url), [], {
    execArgv: startScript().flags,
  });
  const forget = onCleanup(`floor server (${start.mode})`, () => child.kill());
  const stop = async () => {
    forget();
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.send("stop");
    await exited;
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once("message", (message) => resolve((message as { port: number }).port));
      child.once("exit", (code) => reject(new Error(`floor server exited (${code}) before it listened`)));
      child.send(start);
    });
    return { url: `http://127.0.0.1:${port}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Sends Shipmate's ingest load to a bare node:http server and to a minimal webhook server, each in a
 * process of its own on the same machine: what the machine, node's HTTP stack, the load generator and
 * one Redis round trip cost before any of Shipmate's own work.
 */
export async function measureFloor(
  options: { redisUrl: string; secret: string; template: DeliveryTemplate },
  levels: readonly number[],
  n: number,
  limits: { requestTimeoutMs: number; levelCapMs: number },
): Promise<FloorLevel[]> {
  let firstCommentId = 1;
  const atEachLevel = async (mode: FloorMode): Promise<LoadFigures[]> => {
    const server = await startFloorServer({ mode, redisUrl: options.redisUrl, secret: options.secret });
    try {
      const figures: LoadFigures[] = [];
      for (const concurrency of levels) {
        const result = await runLoad({
          url: server.url,
          send: { kind: "github", template: options.template, secret: options.secret, firstCommentId, n },
          concurrency,
          requestTimeoutMs: limits.requestTimeoutMs,
          capMs: limits.levelCapMs,
        });
        firstCommentId += n;
        figures.push(loadFigures(concurrency, result));
      }
      return figures;
    } finally {
      await server.stop();
    }
  };
  const bare = await atEachLevel("bare");
  const minimal = await atEachLevel("minimal");
  return bare.flatMap((b, i) => {
    const m = minimal[i];
    return m ? [{ concurrency: b.concurrency, bare: b, minimal: m }] : [];
  });
}
