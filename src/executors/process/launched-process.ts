import { EventEmitter } from "node:events";
import { Readable } from "node:stream";
import type { LauncherEvent } from "./launcher-protocol.ts";

type ExitListenerArgs = [code: number | null, signal: NodeJS.Signals | null];

/** The events of a launched program, named and ordered as a ChildProcess's. */
export interface LaunchedProcessEvents {
  spawn: [];
  error: [error: NodeJS.ErrnoException];
  exit: ExitListenerArgs;
  /** After `exit` and the end of both output streams. */
  close: ExitListenerArgs;
}

type Listener<K extends keyof LaunchedProcessEvents> = (...args: LaunchedProcessEvents[K]) => void;

/** The part of a ChildProcess that task and git runs use: a pid once started, two output streams, events. */
export interface LaunchedProcess {
  readonly pid?: number | undefined;
  readonly stdout: Readable;
  readonly stderr: Readable;
  on<K extends keyof LaunchedProcessEvents>(event: K, listener: Listener<K>): this;
  once<K extends keyof LaunchedProcessEvents>(event: K, listener: Listener<K>): this;
  off<K extends keyof LaunchedProcessEvents>(event: K, listener: Listener<K>): this;
}

/** What happens to a launched program when its launcher goes away. */
type Lost = { kind: "lost"; error: NodeJS.ErrnoException };

/**
 * A program started by the launcher, replayed from the launcher's events. An error after the spawn
 * means the launcher is gone; `exit` (with neither code nor signal) and `close` follow it.
 */
export class RemoteProcess extends EventEmitter<LaunchedProcessEvents> implements LaunchedProcess {
  pid: number | undefined = undefined;
  readonly stdout = new Readable({ read() {} });
  readonly stderr = new Readable({ read() {} });
  #held: (LauncherEvent | Lost)[] | undefined;
  #ended = { stdout: false, stderr: false };
  #openStreams = 2;
  #exit: ExitListenerArgs | undefined;

  constructor() {
    super();
    for (const stream of [this.stdout, this.stderr]) {
      stream.once("close", () => {
        this.#openStreams -= 1;
        this.#closeIfDone();
      });
    }
  }

  /** Applies one of the launcher's events for this program. */
  receive(event: LauncherEvent | Lost): void {
    if (this.#held) this.#held.push(event);
    else this.#apply(event);
  }

  #apply(event: LauncherEvent | Lost): void {
    switch (event.kind) {
      case "spawned":
        this.pid = event.pid;
        // A ChildProcess reports nothing else in the turn of the event loop that emits "spawn"; holding the
        // rest until the next turn keeps that true, so a caller that awaits the spawn and then listens misses
        // nothing (promise continuations run only after every queued message was handled).
        this.#held = [];
        setImmediate(() => this.#release());
        this.emit("spawn");
        return;
      case "spawn-error":
        this.emit("error", Object.assign(new Error(event.message), { code: event.code }));
        return;
      case "data":
        if (!this.#ended[event.stream]) this[event.stream].push(event.chunk);
        return;
      case "end":
        this.#end(event.stream);
        return;
      case "exit":
        this.#exited([event.code, event.signal]);
        return;
      case "lost":
        this.emit("error", event.error);
        if (this.pid === undefined) return;
        this.#end("stdout");
        this.#end("stderr");
        this.#exited([null, null]);
    }
  }

  #release(): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const event of held) this.#apply(event);
  }

  #end(stream: "stdout" | "stderr"): void {
    if (this.#ended[stream]) return;
    this.#ended[stream] = true;
    this[stream].push(null);
  }

  #exited(exit: ExitListenerArgs): void {
    if (this.#exit) return;
    this.#exit = exit;
    // As a ChildProcess does on exit: a stream nobody reads is drained, so that "close" still comes.
    for (const stream of [this.stdout, this.stderr]) if (stream.readableFlowing === null) stream.resume();
    this.emit("exit", ...exit);
    this.#closeIfDone();
  }

  #closeIfDone(): void {
    if (this.#exit && this.#openStreams === 0) this.emit("close", ...this.#exit);
  }
}
