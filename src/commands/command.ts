/** What `/migrate <env> [status|down]` runs: the migrate task itself (`up`), or one of its optional steps. */
export const MIGRATE_STEPS = ["up", "status", "down"] as const;
export type MigrateStep = (typeof MIGRATE_STEPS)[number];

/** `/provision <env> plan` makes a plan and keeps it; `apply` applies exactly that plan. */
export const PROVISION_STEPS = ["plan", "apply"] as const;
export type ProvisionStep = (typeof PROVISION_STEPS)[number];

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
  /** `/migrate <env> [status|down] [key=value …] [--dry-run]`: run the repository's migrate task (or one of its steps). */
  | {
      kind: "migrate";
      environment: string;
      step: MigrateStep;
      params: Record<string, string>;
      dryRun: boolean;
    }
  /** `/provision <env> plan|apply`: plan and keep the plan, or apply the kept plan. */
  | { kind: "provision"; environment: string; step: ProvisionStep }
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
