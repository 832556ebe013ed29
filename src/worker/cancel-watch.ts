import type { Redis } from "ioredis";
import type { CancelRequests } from "../queue/cancel-requests.ts";
import type { Logger } from "../shared/logger.ts";

type OnCancel = (by: string) => void;

const SWEEP_MS = 5_000;

/**
 * Hears cancel requests for the tasks this process runs, whichever process received the command.
 * It subscribes on a connection of its own, since a subscribed connection can do nothing else.
 */
export class CancelWatch {
  readonly #subscriber: Redis;
  readonly #requests: CancelRequests;
  readonly #log: Logger;
  readonly #watched = new Map<string, OnCancel>();
  #sweeper: NodeJS.Timeout | undefined;

  constructor(subscriber: Redis, requests: CancelRequests, log: Logger) {
    this.#subscriber = subscriber;
    this.#requests = requests;
    this.#log = log;
    subscriber.on("message", (_channel: string, jobId: string) => {
      if (this.#watched.has(jobId)) void this.#check(jobId);
    });
  }

  async start(): Promise<void> {
    await this.#subscriber.subscribe(this.#requests.channel);
    // A backstop for messages lost while the subscription was reconnecting.
    this.#sweeper = setInterval(() => void this.#sweep(), SWEEP_MS);
    this.#sweeper.unref();
  }

  /** Calls `onCancel` once if the job is cancelled while watched; returns the function that stops watching. */
  watch(jobId: string, onCancel: OnCancel): () => void {
    let called = false;
    this.#watched.set(jobId, (by) => {
      if (called) return;
      called = true;
      onCancel(by);
    });
    // A request that came before the watch began, or while the subscription was reconnecting.
    void this.#check(jobId);
    return () => {
      this.#watched.delete(jobId);
    };
  }

  async #sweep(): Promise<void> {
    await Promise.all([...this.#watched.keys()].map((jobId) => this.#check(jobId)));
  }

  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    this.#watched.clear();
    this.#subscriber.disconnect();
  }

  async #check(jobId: string): Promise<void> {
    try {
      const by = await this.#requests.requestedBy(jobId);
      if (by !== undefined) this.#watched.get(jobId)?.(by);
    } catch (error) {
      this.#log.warn({ err: error, job: jobId }, "could not read a cancel request");
    }
  }
}
