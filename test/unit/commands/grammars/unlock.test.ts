import { describeLines, type LineCase, replies, runs } from "./line-cases.ts";

const unlock = (environment: string) => runs({ kind: "unlock", environment });

const cases: LineCase[] = [
  { name: "an environment", text: "/unlock production", expected: unlock("production") },
  { name: "upper-case word", text: "/UNLOCK production", expected: unlock("production") },
  { name: "extra spaces", text: "/unlock    staging", expected: unlock("staging") },
  { name: "name keeps its case", text: "/unlock Production", expected: unlock("Production") },
  {
    name: "missing environment",
    text: "/unlock",
    expected: replies("`/unlock` needs an environment, as in `/unlock production`."),
  },
  {
    name: "a reason is not taken",
    text: "/unlock production done now",
    expected: replies("`/unlock` takes one environment, not `production done now`."),
  },
  {
    name: "no flags at all",
    text: "/unlock production --dry-run",
    expected: replies("Unknown flag `--dry-run`: this command takes no flags."),
  },
  {
    name: "force is not a flag",
    text: "/unlock production --force",
    expected: replies("Unknown flag `--force`"),
  },
  {
    name: "invalid name",
    text: "/unlock prod/eu",
    expected: replies("`prod/eu` is not a valid environment name"),
  },
  {
    name: "starts with a dot",
    text: "/unlock .env",
    expected: replies("`.env` is not a valid environment name"),
  },
  {
    name: "command substitution is just text",
    text: "/unlock `rm -rf /`",
    expected: replies("takes one environment, not `rm -rf /`"),
  },
  {
    name: "Greek look-alike letter",
    text: "/unlock \u03a1roduction",
    expected: replies("is not a valid environment name"),
  },
];

describeLines("unlock", cases);
