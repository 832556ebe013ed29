import { code } from "./reply-text.ts";

const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** True when `name` has the shape of an environment name; whether it exists is config's question. */
export function isEnvironmentName(name: string): boolean {
  return ENVIRONMENT_NAME.test(name);
}

/** Why `name` cannot be an environment name, or undefined when it can. */
export function environmentNameProblem(name: string): string | undefined {
  if (isEnvironmentName(name)) return undefined;
  return `${code(name)} is not a valid environment name: letters, digits, \`.\`, \`_\` and \`-\`, starting with a letter or digit, at most 63.`;
}
