/** The first line of every usage message; the server's roles keep their place at its start. */
export const USAGE =
  "usage: shipmate [all|web|worker] | validate [file|-] | run <task> [env] [key=value …] [--dry-run] | audit [--repo owner/name] [--since 2h|ISO] [--json]";

/** What an argument problem is followed by. */
export const RUN_USAGE =
  "usage: shipmate run <task> [env] [key=value …] [--dry-run]; `shipmate run --help` lists the tasks";

export const VALIDATE_HELP = `shipmate validate [file|-]
  Checks a config file (default .github/shipmate.yml; - reads stdin) with the bot's own rules.
  Prints every problem as file:line:column: setting: message and exits 1; exits 0 with a summary when valid.`;

export const RUN_HELP = `shipmate run <task> [env] [key=value …] [--dry-run]
  Runs a task of ./.github/shipmate.yml in the current directory, as a worker would run it:
  the same SHIPMATE_* variables (SHIPMATE_SHA is HEAD, SHIPMATE_REF the current branch, SHIPMATE_PR empty,
  SHIPMATE_ACTOR $USER), an empty HOME, only the variables TASK_ENV and TASK_SECRET_ENV name, the values of
  TASK_SECRET_ENV masked, the task's timeout, and its whole process group stopped at the end or on Ctrl-C.
  Output (stdout and stderr together) is printed as it comes; shipmate's own lines go to stderr.
  A webhook: task sends the worker's signed requests and follows its status URL (Ctrl-C tells its cancel_url);
  a workflow: task dispatches nothing (no GitHub credentials here) and prints the matching \`gh workflow run\`.

  tasks (the same words, params and flags as the comment commands):
    deploy <env> [key=value …] [--dry-run]          the environment's deploy (its dry_run task with --dry-run)
    migrate <env> [key=value …] [--dry-run]         tasks.migrate
    migrate:status <env> [key=value …]              tasks.migrate.status
    migrate:down <env> [key=value …] [--dry-run]    tasks.migrate.down
    provision:plan <env>                            tasks.provision.plan
    provision:apply <env>                           tasks.provision.apply (in this directory: the plan's files are here)
    teardown <env>                                  the transient environment's teardown
    check:<name>                                    checks.<name>, with no environment (SHIPMATE_ENVIRONMENT empty)

  exit status: the task's own (a webhook task: 0, or 1 when it failed); 124 when it timed out; 128+n when
  stopped by signal n (130 for Ctrl-C); 127 when its program could not be started; 2 when nothing ran
  (bad arguments, config, environment, or a workflow task).`;

export const AUDIT_HELP = `shipmate audit [--repo owner/name] [--since 2h|ISO] [--limit N] [--json]
  Prints the newest events of the audit trail (commands, refusals, approvals, holds, job ends), oldest
  first, from the Redis that REDIS_URL (or REDIS_CLUSTER_NODES, REDIS_SENTINELS) and SHIPMATE_REDIS_PREFIX name.
    --repo owner/name   only this repository's events
    --since 2h|ISO      only events from 30m, 2h, 7d ago on, or from a date (2025-05-01T12:00:00Z)
    --limit N           at most the newest N events (default 200)
    --json              one JSON object per line instead of text
  exit status: 0; 1 when Redis cannot be reached; 2 for bad arguments.`;

/** `shipmate help` and `shipmate --help`. */
export const HELP = `${USAGE}

shipmate [all|web|worker]
  Starts the web server, a worker, or both (the default; also ROLE=...). See docs/deployment.md.

${VALIDATE_HELP}

${RUN_HELP}

${AUDIT_HELP}

shipmate help
  Shows this text.`;
