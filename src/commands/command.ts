/** A command read from one line; nothing here has looked at config, permissions or GitHub yet. */
export type Command =
  | {
      kind: "deploy";
      environment: string | undefined;
      ref: string | undefined;
      params: Record<string, string>;
      dryRun: boolean;
    }
  | { kind: "help" };

export type CommandKind = Command["kind"];

/** One command line's outcome. `line` is 1-based within the comment; `text` is the trimmed line. */
export type LineOutcome =
  | { kind: "run"; command: Command; line: number; text: string }
  | { kind: "reply"; line: number; text: string; message: string };
