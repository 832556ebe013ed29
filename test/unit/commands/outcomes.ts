import { expect } from "vitest";
import type { Command, LineOutcome } from "../../../src/commands/command.ts";

type DeployFields = Omit<Extract<Command, { kind: "deploy" }>, "kind">;

/** Expected `/deploy` run outcome; unspecified fields take the parser's defaults. */
export function deploy(line: number, text: string, fields: Partial<DeployFields> = {}): LineOutcome {
  const command: Command = {
    kind: "deploy",
    environment: undefined,
    ref: undefined,
    params: {},
    dryRun: false,
    ...fields,
  };
  return { kind: "run", command, line, text };
}

/** Expected `/help` run outcome. */
export function help(line: number, text: string): LineOutcome {
  return { kind: "run", command: { kind: "help" }, line, text };
}

/** Expected run outcome of any command, given in full. */
export function run(line: number, text: string, command: Command): LineOutcome {
  return { kind: "run", command, line, text };
}

/** Expected reply outcome whose message contains `fragment`. */
export function reply(line: number, text: string, fragment: string): LineOutcome {
  return { kind: "reply", line, text, message: expect.stringContaining(fragment) };
}
