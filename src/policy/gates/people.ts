/** An `@org/team-slug` entry of `teams` or `approvers`, split into the parts the API takes. */
export interface TeamEntry {
  entry: string;
  org: string;
  slug: string;
}

/** The entry as a team, or undefined when it is a login. */
export function parseTeamEntry(entry: string): TeamEntry | undefined {
  const match = /^@([^/]+)\/(.+)$/.exec(entry);
  if (match === null) return undefined;
  return { entry, org: match[1] ?? "", slug: match[2] ?? "" };
}

/** GitHub logins and team slugs are case-insensitive: `@Alice` is `@alice`. */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** True when `login` is one of the logins in `entries`. */
export function listedByName(entries: readonly string[], login: string): boolean {
  return entries.some((entry) => parseTeamEntry(entry) === undefined && sameName(entry, login));
}

/** True when `login` is listed by name, or belongs to a listed team (`teamsOfLogin` holds such entries). */
export function isListed(
  entries: readonly string[],
  login: string,
  teamsOfLogin: readonly string[],
): boolean {
  if (listedByName(entries, login)) return true;
  return entries.some(
    (entry) => parseTeamEntry(entry) !== undefined && teamsOfLogin.some((team) => sameName(team, entry)),
  );
}

/** `@alice, @bob or @acme/release` (the entries are logins and teams alike, all shown with `@`). */
export function describeEntries(entries: readonly string[]): string {
  const names = entries.map((entry) => (entry.startsWith("@") ? entry : `@${entry}`));
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}
