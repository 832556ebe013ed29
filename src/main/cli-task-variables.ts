/** What `TASK_ENV` and `TASK_SECRET_ENV` let through to a task, and the values to mask. */
export type TaskVariables =
  | { kind: "ok"; passthrough: Record<string, string>; secrets: string[] }
  | { kind: "error"; message: string };

// The App's own credentials would let any task act as the App on every installation (as the server refuses them).
const SHIPMATE_CREDENTIALS = ["APP_ID", "PRIVATE_KEY", "PRIVATE_KEY_PATH", "WEBHOOK_SECRET", "REDIS_URL"];

/**
 * Reads the task allowlists as the server's settings do, without needing the GitHub App's settings:
 * the named variables pass through as they are, and the values of the secret ones are masked.
 */
export function readTaskVariables(env: NodeJS.ProcessEnv): TaskVariables {
  const plainList = env.TASK_ENV ?? "";
  const secretList = env.TASK_SECRET_ENV ?? "";
  const forbidden = variableNames(`${plainList},${secretList}`).filter((name) =>
    SHIPMATE_CREDENTIALS.includes(name),
  );
  if (forbidden.length > 0) {
    return {
      kind: "error",
      message: `TASK_ENV/TASK_SECRET_ENV: ${forbidden.join(", ")} belong to Shipmate itself and are never given to tasks.`,
    };
  }
  const secretEnv = pickVariables(env, secretList);
  return {
    kind: "ok",
    passthrough: { ...pickVariables(env, plainList), ...secretEnv },
    secrets: Object.values(secretEnv).filter((value) => value.length > 0),
  };
}

/** The names in a comma-separated list such as `TASK_ENV=AWS_REGION, DEPLOY_BUCKET`. */
function variableNames(list: string): string[] {
  return list
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

function pickVariables(env: NodeJS.ProcessEnv, list: string): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of variableNames(list)) {
    const value = env[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}
