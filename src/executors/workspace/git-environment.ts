import { SAFE_PATH } from "../task-environment.ts";

/** Server variables git may need to reach GitHub (a proxy, an Enterprise CA), and nothing else. */
export const GIT_NETWORK_VARIABLES = [
  "HTTPS_PROXY",
  "https_proxy",
  "HTTP_PROXY",
  "http_proxy",
  "NO_PROXY",
  "no_proxy",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "GIT_SSL_CAINFO",
  "GIT_SSL_CAPATH",
] as const;

/**
 * git's whole environment: the token travels as an `http.extraHeader` set through
 * GIT_CONFIG_* variables, so it is in neither argv (visible in `ps`) nor the URL (echoed in errors).
 */
export function buildGitEnvironment(
  token: string,
  home: string,
  serverEnv: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, string> {
  const network = GIT_NETWORK_VARIABLES.flatMap((name) => {
    const value = serverEnv[name];
    return value === undefined ? [] : [[name, value] as const];
  });
  const auth =
    token === ""
      ? { GIT_CONFIG_COUNT: "0" }
      : {
          GIT_CONFIG_COUNT: "1",
          GIT_CONFIG_KEY_0: "http.extraHeader",
          GIT_CONFIG_VALUE_0: `Authorization: Basic ${basicCredentials(token)}`,
        };
  return {
    PATH: serverEnv.PATH ?? SAFE_PATH,
    // An empty HOME and no system config: no user's or host's git config, credential helper or hook applies.
    HOME: home,
    GIT_CONFIG_NOSYSTEM: "1",
    LC_ALL: "C",
    GIT_TERMINAL_PROMPT: "0",
    GIT_ALLOW_PROTOCOL: "https:http:file",
    ...Object.fromEntries(network),
    ...auth,
  };
}

/** base64 of `x-access-token:<token>`, the Basic credentials GitHub takes for an installation token. */
export function basicCredentials(token: string): string {
  return Buffer.from(`x-access-token:${token}`, "utf8").toString("base64");
}
