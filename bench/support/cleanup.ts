type Action = () => unknown;

const actions: { name: string; run: Action }[] = [];
const STEP_TIMEOUT_MS = 15_000;

/** Registers something to undo at the end of the run or on Ctrl-C; returns a function that unregisters it. */
export function onCleanup(name: string, run: Action): () => void {
  const entry = { name, run };
  actions.push(entry);
  return () => {
    const index = actions.indexOf(entry);
    if (index >= 0) actions.splice(index, 1);
  };
}

/** Runs every registered action, newest first; each is bounded in time and none can stop the others. */
export async function runCleanup(): Promise<void> {
  while (actions.length > 0) {
    const entry = actions.pop();
    if (!entry) break;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve("timed out"), STEP_TIMEOUT_MS);
    });
    const outcome = await Promise.race([
      Promise.resolve()
        .then(entry.run)
        .then(
          () => "ok",
          (error: unknown) => `failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
      timeout,
    ]);
    clearTimeout(timer);
    if (outcome !== "ok") process.stderr.write(`bench: cleanup "${entry.name}" ${outcome}\n`);
  }
}

let stopping = false;

/** True once a signal asked the run to stop: errors from work cut short are expected then. */
export function isStopping(): boolean {
  return stopping;
}

/** On Ctrl-C or SIGTERM: clean up, then exit 130; a second signal exits at once. */
export function cleanUpOnSignals(): void {
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    process.stderr.write(`\nbench: ${signal}, cleaning up…\n`);
    void runCleanup().finally(() => process.exit(130));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
