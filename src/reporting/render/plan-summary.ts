import { cleanTerminalText } from "./markdown.ts";

/** Resources a plan would change, or an apply changed, by what happens to them. */
export interface ResourceCounts {
  add: number;
  change: number;
  destroy: number;
  /** Pulumi's replacements (Terraform counts them as one add and one destroy). */
  replace: number;
  import: number;
  /** OpenTofu's and Terraform's `removed` blocks: dropped from state, left in place. */
  forget: number;
}

/** What a provisioning tool said it would do (`planned`) or did (`applied`), read from its output. */
export type PlanSummary =
  | { kind: "planned"; counts: ResourceCounts }
  | { kind: "applied"; counts: ResourceCounts }
  | { kind: "no-changes" };

type Found = { at: number; summary: PlanSummary };

const TERRAFORM_PLAN = /^\s*Plan: (\d+ to \w+(?:, \d+ to \w+)*)\.?\s*$/;
const TERRAFORM_APPLY = /^\s*(?:Apply|Destroy) complete! Resources: (\d+ \w+(?:, \d+ \w+)*)\.?\s*$/;
const TERRAFORM_NO_CHANGES = /^\s*No changes\.(?:\s|$)/;
const PULUMI_HEADER = /^\s*Resources:\s*$/;
const PULUMI_LINE =
  /^\s*(?:[-+~=<>]{1,2})?\s*(\d+) (to create|to update|to delete|to replace|to import|created|updated|deleted|replaced|imported|unchanged)\s*$/;

const WORDS: Readonly<Record<string, keyof ResourceCounts>> = {
  add: "add",
  added: "add",
  create: "add",
  created: "add",
  change: "change",
  changed: "change",
  update: "change",
  updated: "change",
  destroy: "destroy",
  destroyed: "destroy",
  delete: "destroy",
  deleted: "destroy",
  replace: "replace",
  replaced: "replace",
  import: "import",
  imported: "import",
  forget: "forget",
  forgotten: "forget",
};

/**
 * The last summary a Terraform, OpenTofu or Pulumi run printed: `Plan: 2 to add, 1 to change, 0 to
 * destroy.`, `No changes.`, `Apply complete! Resources: …`, or Pulumi's `Resources:` block (`+ 2 to
 * create`, `~ 1 to update`, …). Undefined when the output holds none.
 */
export function parsePlanSummary(output: string): PlanSummary | undefined {
  // Terraform colours its output unless told `-no-color`; the colours go before matching.
  const lines = cleanTerminalText(output).split("\n");
  const found = [...terraformSummaries(lines), ...pulumiSummaries(lines)];
  return found.sort((a, b) => b.at - a.at)[0]?.summary;
}

function terraformSummaries(lines: readonly string[]): Found[] {
  return lines.flatMap((line, at): Found[] => {
    const plan = TERRAFORM_PLAN.exec(line);
    if (plan?.[1] !== undefined) return [{ at, summary: { kind: "planned", counts: countItems(plan[1]) } }];
    const apply = TERRAFORM_APPLY.exec(line);
    if (apply?.[1] !== undefined) return [{ at, summary: { kind: "applied", counts: countItems(apply[1]) } }];
    return TERRAFORM_NO_CHANGES.test(line) ? [{ at, summary: { kind: "no-changes" } }] : [];
  });
}

// Pulumi ends a preview or an update with a `Resources:` line and one indented line per kind of change.
function pulumiSummaries(lines: readonly string[]): Found[] {
  return lines.flatMap((line, at): Found[] => {
    if (!PULUMI_HEADER.test(line)) return [];
    const counts = zero();
    let planned = false;
    let applied = false;
    let read = 0;
    for (const next of lines.slice(at + 1)) {
      const match = PULUMI_LINE.exec(next);
      if (match === null) break;
      read += 1;
      const [, number, phrase = ""] = match;
      if (phrase === "unchanged") continue;
      planned ||= phrase.startsWith("to ");
      applied ||= !phrase.startsWith("to ");
      const key = WORDS[phrase.replace(/^to /, "")];
      if (key !== undefined) counts[key] += Number(number);
    }
    // A `Resources:` heading with no counts under it is someone else's.
    if (read === 0 || (planned && applied)) return [];
    if (!planned && !applied) return [{ at, summary: { kind: "no-changes" } }];
    return [{ at, summary: { kind: planned ? "planned" : "applied", counts } }];
  });
}

// `2 to add, 1 to change` or `2 added, 1 changed`: words Shipmate does not know are left out.
function countItems(list: string): ResourceCounts {
  const counts = zero();
  for (const item of list.split(",")) {
    const match = /(\d+) (?:to )?(\w+)/.exec(item.trim());
    const key = match?.[2] === undefined ? undefined : WORDS[match[2]];
    if (match?.[1] !== undefined && key !== undefined) counts[key] += Number(match[1]);
  }
  return counts;
}

function zero(): ResourceCounts {
  return { add: 0, change: 0, destroy: 0, replace: 0, import: 0, forget: 0 };
}

/** The summary as one line of a status comment, e.g. `Plan: 2 to add, 1 to change, 0 to destroy`. */
export function renderPlanSummary(summary: PlanSummary): string {
  if (summary.kind === "no-changes") return "Plan: no changes";
  const { counts } = summary;
  const planned = summary.kind === "planned";
  const parts = [
    ...(counts.import > 0 ? [planned ? `${counts.import} to import` : `${counts.import} imported`] : []),
    planned ? `**${counts.add}** to add` : `**${counts.add}** added`,
    planned ? `**${counts.change}** to change` : `**${counts.change}** changed`,
    ...(counts.replace > 0
      ? [planned ? `**${counts.replace}** to replace` : `**${counts.replace}** replaced`]
      : []),
    planned ? `**${counts.destroy}** to destroy` : `**${counts.destroy}** destroyed`,
    ...(counts.forget > 0 ? [planned ? `${counts.forget} to forget` : `${counts.forget} forgotten`] : []),
  ];
  return `${planned ? "Plan" : "Applied"}: ${parts.join(", ")}`;
}
