import type { Requirement } from "./authz-oracle.ts";

/**
 * An environment of `.github/shipmate.yml` stating exactly `requirement`: keys left out of it are left out
 * of the YAML too, so that their defaults are Shipmate's to fill in. `extra` adds lines (a task, say).
 */
export function environmentYaml(
  name: string,
  requirement: Requirement,
  extra: readonly string[] = [],
): string {
  const { slack, allowForks, ...gates } = requirement;
  const lines = [`  ${name}:`, ...extra.map((line) => `    ${line}`)];
  if (allowForks !== undefined) lines.push(`    allow_forks: ${allowForks}`);
  const required = Object.entries({
    permission: gates.permission,
    users: gates.users,
    teams: gates.teams,
    approvals: gates.approvals,
    checks: gates.checks,
    branches: gates.branches,
    approvers: gates.approvers,
  }).filter(([, value]) => value !== undefined);
  if (required.length > 0) {
    lines.push("    require:");
    for (const [key, value] of required) lines.push(`      ${key}: ${JSON.stringify(value)}`);
  }
  if (slack !== undefined) {
    lines.push("    slack:");
    if (slack.allowedChannels) lines.push(`      allowed_channels: ${JSON.stringify(slack.allowedChannels)}`);
    if (slack.allowedUsers) lines.push(`      allowed_users: ${JSON.stringify(slack.allowedUsers)}`);
  }
  return `${lines.join("\n")}\n`;
}
