import type { MigrateStep } from "../../../../src/commands/command.ts";
import { describeLines, type LineCase, replies, runs } from "./line-cases.ts";

const migrate = (
  environment: string,
  fields: { step?: MigrateStep; params?: Record<string, string>; dryRun?: boolean } = {},
) =>
  runs({
    kind: "migrate",
    environment,
    step: fields.step ?? "up",
    params: fields.params ?? {},
    dryRun: fields.dryRun ?? false,
  });

const cases: LineCase[] = [
  { name: "an environment", text: "/migrate staging", expected: migrate("staging") },
  { name: "upper-case word", text: "/MIGRATE staging", expected: migrate("staging") },
  { name: "dry run", text: "/migrate staging --dry-run", expected: migrate("staging", { dryRun: true }) },
  {
    name: "dry run first",
    text: "/migrate --dry-run staging",
    expected: migrate("staging", { dryRun: true }),
  },
  {
    name: "params",
    text: "/migrate production target=42 note='add index'",
    expected: migrate("production", { params: { target: "42", note: "add index" } }),
  },
  { name: "status step", text: "/migrate staging status", expected: migrate("staging", { step: "status" }) },
  {
    name: "step in capitals",
    text: "/migrate staging STATUS",
    expected: migrate("staging", { step: "status" }),
  },
  { name: "down step", text: "/migrate staging down", expected: migrate("staging", { step: "down" }) },
  {
    name: "down with params and a dry run",
    text: "/migrate staging down steps=1 --dry-run",
    expected: migrate("staging", { step: "down", params: { steps: "1" }, dryRun: true }),
  },
  {
    name: "status with a param",
    text: "/migrate staging status verbose=1",
    expected: migrate("staging", { step: "status", params: { verbose: "1" } }),
  },
  {
    name: "missing environment",
    text: "/migrate",
    expected: replies("`/migrate` needs an environment, as in `/migrate staging`."),
  },
  { name: "only a param", text: "/migrate version=2", expected: replies("needs an environment") },
  {
    name: "unknown step",
    text: "/migrate staging sideways",
    expected: replies("`sideways` is not a step of `/migrate`"),
  },
  {
    name: "up is not typed",
    text: "/migrate staging up",
    expected: replies("`up` is not a step of `/migrate`"),
  },
  {
    name: "three words",
    text: "/migrate staging down now",
    expected: replies("takes an environment and at most one step, not `staging down now`"),
  },
  {
    name: "status with a dry run",
    text: "/migrate staging status --dry-run",
    expected: replies("changes nothing: drop `--dry-run`"),
  },
  { name: "unknown flag", text: "/migrate staging --force", expected: replies("Unknown flag `--force`") },
  {
    name: "near-miss flag",
    text: "/migrate staging --dryrun",
    expected: replies("Did you mean `--dry-run`?"),
  },
  {
    name: "invalid name",
    text: "/migrate prod!",
    expected: replies("`prod!` is not a valid environment name"),
  },
  {
    name: "bad param name",
    text: "/migrate staging 1x=2",
    expected: replies("`1x` is not a valid param name"),
  },
  { name: "unclosed quote", text: "/migrate staging note='x", expected: replies("Unclosed `'` quote") },
  {
    name: "command substitution is just text",
    text: "/migrate $(reboot)",
    expected: replies("`$(reboot)` is not a valid environment name"),
  },
];

describeLines("migrate", cases);
