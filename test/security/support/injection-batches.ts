import { refProblem } from "../../../src/commands/git-ref.ts";
import { MAX_COMMAND_LINE_LENGTH, MAX_PARAMS } from "../../../src/commands/limits.ts";
import type { HostileString } from "../injection-corpus.ts";
import { paramRefusal } from "./injection-fates.ts";
import { quoteArgument } from "./injection-quoting.ts";
import type { TaskForm } from "./injection-session.ts";

/** Where a deploy is asked for: a PR comment, a `/shipmate` slash command, or an `@shipmate` mention. */
export type DeploySurface = "comment" | "slash" | "mention";

/** One deploy carrying many hostile values at once, as params `p0`, `p1`, … */
export interface Batch {
  environment: string;
  form: TaskForm;
  surface: DeploySurface;
  /** The pull request it is about (a comment's), whose head branch is hostile too. */
  pullRequest: number | undefined;
  /** The ref it names (`/deploy <ref> to …`, `owner/repo@<ref>`); without one, the PR's head is deployed. */
  ref: string | undefined;
  values: readonly HostileString[];
}

// Room left on each line for the command, target and environment around the params.
const HEADER_ROOM = 160;

/** `values` in groups that fit one command line each (at most 20 params, 1,000 characters). */
export function pack(values: readonly HostileString[]): HostileString[][] {
  const groups: HostileString[][] = [];
  let group: HostileString[] = [];
  let length = HEADER_ROOM;
  for (const value of values) {
    const added = ` p${group.length}=${quoteArgument(value.text)}`.length;
    if (group.length === MAX_PARAMS || (group.length > 0 && length + added > MAX_COMMAND_LINE_LENGTH)) {
      groups.push(group);
      group = [];
      length = HEADER_ROOM;
    }
    group.push(value);
    length += ` p${group.length - 1}=${quoteArgument(value.text)}`.length;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** The params `p0=…` of a batch, quoted, as they are typed. */
export function paramsText(values: readonly HostileString[]): string {
  return values.map((value, index) => `p${index}=${quoteArgument(value.text)}`).join(" ");
}

/** What a person types for the batch: the comment line, or the Slack text before Slack escapes it. */
export function batchText(batch: Batch): string {
  const params = paramsText(batch.values);
  if (batch.surface === "comment") {
    const ref = batch.ref === undefined ? "" : `${quoteArgument(batch.ref)} to `;
    return `/deploy ${ref}${batch.environment} ${params}`;
  }
  const target = batch.ref === undefined ? `#${batch.pullRequest}` : `@${batch.ref}`;
  return `deploy acme/shop${target} to ${batch.environment} ${params}`;
}

/** The params a batch's task must see, in the order they were typed. */
export function expectedParams(batch: Batch): Record<string, string> {
  return Object.fromEntries(batch.values.map((value, index) => [`p${index}`, value.text]));
}

/** The pull request the first comment batch is about; each next batch has the next number. */
const FIRST_BATCH_PR = 100;

/** The text of the corpus string `id`. */
export function textOf(corpus: readonly HostileString[], id: string): string {
  const found = corpus.find((entry) => entry.id === id);
  if (found === undefined) throw new Error(`no hostile string ${id}`);
  return found.text;
}

/** Hostile head branches for the batches' pull requests: git-valid ones, and one no git would make. */
export function headRefs(corpus: readonly HostileString[]): string[] {
  const ids = ["upload-pack-ifs", "ifs-subst", "ifs-semicolon", "redirect", "rtl-override", "homoglyph"];
  return [...ids, "single-quote", "double-quote"].map((id) => textOf(corpus, id));
}

/**
 * Every value that a surface takes goes into a batch of params, each batch once per task form. Comment
 * batches run on pull requests whose head branches are hostile (`headRefs`, in turn), every other one
 * naming a hostile ref instead; Slack batches name one, the last of each form through a mention.
 */
export function planBatches(corpus: readonly HostileString[]): Batch[] {
  const onComment = corpus.filter((entry) => paramRefusal("comment", entry.text, entry.text) === undefined);
  const onSlack = corpus.filter((entry) => paramRefusal("slack", entry.text, entry.text) === undefined);
  const refs = corpus
    .filter(({ text }) => refProblem(text) === undefined && !text.includes("=") && !/\s/.test(text))
    .map(({ text }) => text);
  let nextRef = 0;
  const ref = () => refs[nextRef++ % refs.length];
  const planned: Batch[] = [];
  for (const form of ["argv", "shell"] as const) {
    for (const values of pack(onComment)) {
      const index = planned.length;
      planned.push({
        environment: `b${index}`,
        form,
        surface: "comment",
        pullRequest: FIRST_BATCH_PR + index,
        ref: index % 2 === 1 ? ref() : undefined,
        values,
      });
    }
  }
  for (const form of ["argv", "shell"] as const) {
    const groups = pack(onSlack);
    groups.forEach((values, n) => {
      const surface = n === groups.length - 1 ? "mention" : "slash";
      const environment = `b${planned.length}`;
      planned.push({ environment, form, surface, pullRequest: undefined, ref: ref(), values });
    });
  }
  return planned;
}

/** The branch or tag each batch's task must see as SHIPMATE_REF. */
export function expectedRef(batches: readonly Batch[], batch: Batch, heads: readonly string[]): string {
  const withPullRequest = batches.filter((each) => each.pullRequest !== undefined);
  return batch.ref ?? heads[withPullRequest.indexOf(batch) % heads.length] ?? "";
}
