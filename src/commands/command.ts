/** A command read from one line; nothing here has looked at config, permissions or GitHub yet. */
export type Command =
  | {
      kind: "deploy";
      environment: string | undefined;
      ref: string | undefined;
      params: Record<string, string>;
      dryRun: boolean;
    }
  /** `/rollback <env> [--dry-run]`: redeploy the last successful deployment before the current one. */
  | { kind: "rollback"; environment: string; dryRun: boolean }
  /** `/lock <env> [reason]`: hold an environment for this pull request. */
  | { kind: "lock"; environment: string; reason: string | undefined }
  | { kind: "unlock"; environment: string }
  | { kind: "locks" }
  /** `/approve [job]`, `/reject [job] [reason]`: answer a job that awaits approval (with no job named, the one on this PR, or a list to pick from). */
  | { kind: "approve"; job: string | undefined }
  | { kind: "reject"; job: string | undefined; reason: string | undefined }
  /** `/cancel [job]`: stop a waiting or running job (with no job named, the one on this PR, or a list to pick from). */
  | { kind: "cancel"; job: string | undefined }
  | { kind: "status" }
  | { kind: "help" };

export type CommandKind = Command["kind"];

/** One command line's outcome. `line` is 1-based within the comment; `text` is the trimmed line. */
export type LineOutcome =
  | { kind: "run"; command: Command; line: number; text: string }
  | { kind: "reply"; line: number; text: string; message: string };
