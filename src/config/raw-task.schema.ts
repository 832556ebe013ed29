import { z } from "zod";
import { TaskTimeout } from "./config-fields.schema.ts";
import { strictMapping } from "./strict-mapping.ts";

/** A command string, run with `sh -c`. */
export const RawScript = z.string().refine((script) => script.trim() !== "", "the command is empty");

/** A command as an argv list, run without a shell. */
export const RawArgv = z
  .array(z.string())
  .min(1, "an argv list needs at least the program to run")
  .refine((argv) => argv[0] !== "", { message: "the program to run is empty", path: [0] });

/** `run:` inside a task mapping. */
export const RawRun = z.union([RawScript, RawArgv], {
  error: (issue) =>
    issue.input === undefined ? "is required" : "expected a command string or a list of argv strings",
});

/** A task mapping: `{ run, timeout }`. */
export const RawTaskMapping = strictMapping({ run: RawRun, timeout: TaskTimeout.optional() });

/** A task as written: a command string, an argv list, or `{ run, timeout }`; `timeout` is parsed to milliseconds. */
export const RawTask = z.union([RawScript, RawArgv, RawTaskMapping], {
  error: (issue) =>
    `${issue.input === undefined ? "is required" : "expected a task"}: a command string, a list of argv strings, or a mapping with \`run\` (and \`timeout\`)`,
});
export type RawTask = z.output<typeof RawTask>;
