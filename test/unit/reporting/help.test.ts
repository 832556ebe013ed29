import { describe, expect, test } from "vitest";
import { renderHelp, renderHelpWithoutConfig } from "../../../src/reporting/render/help.ts";
import { fencedBodies } from "./markdown-probe.ts";

const USAGE = {
  deploy: "`/deploy [env] [key=value …] [--dry-run]` or `/deploy <ref> to <env>`",
  help: "/help",
};

const ENVIRONMENTS = [
  {
    name: "staging",
    url: "https://staging.example.com/",
    gated: false,
    hasDeploy: true,
    requirement: "write",
  },
  { name: "production", url: undefined, gated: true, hasDeploy: true, requirement: "maintain · 1 approval" },
  { name: "sandbox", url: undefined, gated: false, hasDeploy: false, requirement: "write" },
];

/** Cells of a GFM table row, split only on pipes that are not escaped. */
function cells(row: string): string[] {
  return row
    .replace(/^\| | \|$/g, "")
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

describe("renderHelp", () => {
  const help = renderHelp({ environments: ENVIRONMENTS, defaultEnvironment: "staging", usage: USAGE });
  const rows = help.split("\n").filter((line) => line.startsWith("| "));

  test("lists the commands", () => {
    expect(help).toContain(
      "\n- `/deploy [env] [key=value …] [--dry-run]` or `/deploy <ref> to <env>`\n- `/help`\n",
    );
  });

  test.each([
    {
      row: 1,
      expected: [
        "`staging` **default**",
        "[https://staging.example.com/](https://staging.example.com/)",
        "write",
      ],
    },
    { row: 2, expected: ["`production` 🔒", "", "maintain · 1 approval"] },
    { row: 3, expected: ["`sandbox`", "", "nobody: no `deploy` task"] },
  ])("row $row", ({ row, expected }) => {
    expect(cells(rows[0] ?? "")).toEqual(["Environment", "URL", "Who can deploy"]);
    expect(cells(rows[row + 1] ?? "")).toEqual(expected);
  });

  test("explains the lock mark only when an environment is gated", () => {
    expect(help).toContain("🔒 has `require` gates");
    const ungated = renderHelp({
      environments: ENVIRONMENTS.slice(0, 1),
      defaultEnvironment: undefined,
      usage: USAGE,
    });
    expect(ungated).not.toContain("🔒");
    expect(ungated).not.toContain("**default**");
  });

  test("a name or URL with pipes cannot add table columns", () => {
    const odd = renderHelp({
      environments: [
        { name: "a|b", url: "https://x.test/|", gated: false, hasDeploy: true, requirement: "w|x" },
      ],
      defaultEnvironment: undefined,
      usage: USAGE,
    });
    const row =
      odd
        .split("\n")
        .filter((line) => line.startsWith("| "))
        .at(-1) ?? "";
    expect(cells(row)).toHaveLength(3);
  });

  test("no environments says so", () => {
    expect(renderHelp({ environments: [], defaultEnvironment: undefined, usage: USAGE })).toContain(
      "defines no environments",
    );
  });
});

describe("renderHelpWithoutConfig", () => {
  const help = renderHelpWithoutConfig(USAGE);

  test("tells the user to add the config, with a minimal example", () => {
    expect(help).toContain("no `.github/shipmate.yml` on its default branch");
    expect(fencedBodies(help)).toEqual([
      "environments:\n  staging:\n    deploy: ./scripts/deploy.sh\n    url: https://staging.example.com",
    ]);
  });

  test("still lists the commands", () => {
    expect(help).toContain("- `/help`");
    expect(help).toContain("- `/deploy [env]");
  });
});
