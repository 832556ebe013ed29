import type { EnvironmentConfig, RepoConfig } from "./repo-config.ts";

/** Which environment a command targets, or why none can be chosen. */
export type EnvironmentChoice =
  | { kind: "chosen"; environment: EnvironmentConfig }
  | { kind: "unknown"; requested: string; known: readonly string[] }
  /** The default would be a gated environment, which must be named. */
  | { kind: "needs-name"; candidate: string; known: readonly string[] }
  | { kind: "none" };

/**
 * The environment named in a command, else `default_environment`, else the first one;
 * a default that has `require` gates is never chosen without being named.
 */
export function selectEnvironment(config: RepoConfig, requested: string | undefined): EnvironmentChoice {
  const environments = config.environments;
  const first = environments[0];
  if (first === undefined) return { kind: "none" };
  const known = environments.map((environment) => environment.name);
  const wanted = requested ?? config.defaultEnvironment ?? first.name;
  const environment = findEnvironment(environments, wanted);
  if (environment === undefined) return { kind: "unknown", requested: wanted, known };
  if (requested === undefined && environment.gated) {
    return { kind: "needs-name", candidate: environment.name, known };
  }
  return { kind: "chosen", environment };
}

// Names are unique regardless of case (the config parser ensures it), so `/deploy Production` is unambiguous.
function findEnvironment(
  environments: readonly EnvironmentConfig[],
  name: string,
): EnvironmentConfig | undefined {
  return (
    environments.find((environment) => environment.name === name) ??
    environments.find((environment) => environment.name.toLowerCase() === name.toLowerCase())
  );
}
