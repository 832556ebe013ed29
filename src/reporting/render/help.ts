import { escapeMarkdown, escapeSentence, inlineCode, link, tableCell } from "./markdown.ts";
import { truncateEnd } from "./text.ts";

/** One environment as `/help` lists it; `requirement` is a short text like "write" or "maintain · 1 approval". */
export interface HelpEnvironment {
  name: string;
  url: string | undefined;
  gated: boolean;
  hasDeploy: boolean;
  requirement: string;
}

/** What `/help` shows: command name → one-line usage (Markdown with `code` spans, or bare syntax). */
export type CommandUsage = Readonly<Record<string, string>>;

const MINIMAL_CONFIG = `environments:
  staging:
    deploy: ./scripts/deploy.sh
    url: https://staging.example.com
`;

/** `/help`: the commands, then a table of this repository's environments. */
export function renderHelp(input: {
  environments: readonly HelpEnvironment[];
  defaultEnvironment: string | undefined;
  usage: CommandUsage;
}): string {
  return [
    "**Shipmate commands**",
    "",
    ...renderUsage(input.usage),
    "",
    ...renderEnvironments(input.environments, input.defaultEnvironment),
  ].join("\n");
}

/** `/help` when the repository has no config yet: how to add one, then the commands. */
export function renderHelpWithoutConfig(usage: CommandUsage): string {
  return [
    "This repository has no `.github/shipmate.yml` on its default branch yet, so Shipmate has nothing to run.",
    "Add one there, for example:",
    "",
    "```yaml",
    MINIMAL_CONFIG.trimEnd(),
    "```",
    "",
    "Then comment `/deploy staging` on a pull request.",
    "",
    "**Shipmate commands**",
    "",
    ...renderUsage(usage),
  ].join("\n");
}

/** The command list alone, for `/help` when the config exists but cannot be read. */
export function renderCommandList(usage: CommandUsage): string {
  return ["**Shipmate commands**", "", ...renderUsage(usage)].join("\n");
}

function renderUsage(usage: CommandUsage): string[] {
  return Object.values(usage).map(
    (line) => `- ${line.includes("`") ? escapeSentence(line) : inlineCode(truncateEnd(line, 200))}`,
  );
}

function renderEnvironments(
  environments: readonly HelpEnvironment[],
  defaultEnvironment: string | undefined,
): string[] {
  if (environments.length === 0) return ["This repository's `.github/shipmate.yml` defines no environments."];
  const rows = environments.map((env) => {
    const marks = [env.name === defaultEnvironment ? "**default**" : "", env.gated ? "🔒" : ""].filter(
      Boolean,
    );
    const name = [inlineCode(truncateEnd(env.name, 100)), ...marks].join(" ");
    const url = env.url === undefined ? "" : link(escapeMarkdown(truncateEnd(env.url, 100)), env.url);
    const who = env.hasDeploy ? escapeMarkdown(env.requirement) : "nobody: no `deploy` task";
    return `| ${[name, url, who].map(tableCell).join(" | ")} |`;
  });
  const gated = environments.some((env) => env.gated)
    ? ["", "🔒 has `require` gates, so Shipmate deploys there only when it is named, never by default."]
    : [];
  return [
    "**Environments**",
    "",
    "| Environment | URL | Who can deploy |",
    "| --- | --- | --- |",
    ...rows,
    ...gated,
  ];
}
