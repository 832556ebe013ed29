import { describeLines, type LineCase, replies, runs } from "./line-cases.ts";

const rollback = (environment: string, dryRun = false) => runs({ kind: "rollback", environment, dryRun });

const cases: LineCase[] = [
  { name: "an environment", text: "/rollback production", expected: rollback("production") },
  { name: "upper-case word", text: "/ROLLBACK production", expected: rollback("production") },
  { name: "mixed-case word", text: "/RollBack staging", expected: rollback("staging") },
  { name: "dry run after", text: "/rollback staging --dry-run", expected: rollback("staging", true) },
  { name: "dry run before", text: "/rollback --dry-run staging", expected: rollback("staging", true) },
  {
    name: "dry run twice",
    text: "/rollback staging --dry-run --dry-run",
    expected: rollback("staging", true),
  },
  {
    name: "dots, dashes, underscores",
    text: "/rollback eu-west-1.prod_blue",
    expected: rollback("eu-west-1.prod_blue"),
  },
  { name: "tab separates", text: "/rollback\tstaging", expected: rollback("staging") },
  {
    name: "no-break space separates",
    text: "/rollback staging\u00a0--dry-run",
    expected: rollback("staging", true),
  },
  { name: "63-character name", text: `/rollback ${"e".repeat(63)}`, expected: rollback("e".repeat(63)) },
  {
    name: "missing environment",
    text: "/rollback",
    expected: replies("`/rollback` needs an environment, as in `/rollback production`."),
  },
  { name: "only a flag", text: "/rollback --dry-run", expected: replies("`/rollback` needs an environment") },
  {
    name: "two environments",
    text: "/rollback staging production",
    expected: replies("`/rollback` takes one environment, not `staging production`."),
  },
  {
    name: "a param",
    text: "/rollback staging version=2",
    expected: replies("takes one environment, not `staging version=2`"),
  },
  { name: "unknown flag", text: "/rollback staging --force", expected: replies("Unknown flag `--force`") },
  {
    name: "near-miss flag",
    text: "/rollback staging --dryrun",
    expected: replies("Did you mean `--dry-run`?"),
  },
  { name: "flag with a value", text: "/rollback staging --dry-run=1", expected: replies("Unknown flag") },
  {
    name: "invalid name",
    text: "/rollback prod!",
    expected: replies("`prod!` is not a valid environment name"),
  },
  {
    name: "64-character name",
    text: `/rollback ${"e".repeat(64)}`,
    expected: replies("not a valid environment name"),
  },
  {
    name: "quotes are ordinary characters",
    text: "/rollback 'staging'",
    expected: replies("`'staging'` is not a valid environment name"),
  },
  {
    name: "backticks are stripped from the echo",
    text: "/rollback `staging`",
    expected: replies("`staging` is not a valid environment name"),
  },
  {
    name: "command substitution is just text",
    text: "/rollback $(reboot)",
    expected: replies("`$(reboot)` is not a valid environment name"),
  },
  {
    name: "Cyrillic look-alike letter",
    text: "/rollback \u0455taging",
    expected: replies("is not a valid environment name"),
  },
  {
    name: "zero-width space inside the name",
    text: "/rollback stag\u200Bing",
    expected: replies("`staging` is not a valid environment name"),
  },
];

describeLines("rollback", cases);
