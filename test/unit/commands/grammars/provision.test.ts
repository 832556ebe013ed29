import type { ProvisionStep } from "../../../../src/commands/command.ts";
import { describeLines, type LineCase, replies, runs } from "./line-cases.ts";

const provision = (environment: string, step: ProvisionStep) =>
  runs({ kind: "provision", environment, step });

const cases: LineCase[] = [
  { name: "plan", text: "/provision infra plan", expected: provision("infra", "plan") },
  { name: "apply", text: "/provision infra apply", expected: provision("infra", "apply") },
  { name: "step in capitals", text: "/Provision infra PLAN", expected: provision("infra", "plan") },
  { name: "tab separates", text: "/provision\tinfra\tapply", expected: provision("infra", "apply") },
  { name: "an environment called plan", text: "/provision plan apply", expected: provision("plan", "apply") },
  {
    name: "missing everything",
    text: "/provision",
    expected: replies("`/provision` needs an environment and a step, as in `/provision infra plan`."),
  },
  {
    name: "missing step",
    text: "/provision infra",
    expected: replies("needs a step after the environment: `plan` or `apply`, as in `/provision infra plan`"),
  },
  {
    name: "step first",
    text: "/provision plan infra",
    expected: replies("Name the environment first, then the step, as in `/provision infra plan`."),
  },
  { name: "unknown step", text: "/provision infra destroy", expected: replies("`destroy` is not a step") },
  {
    name: "extra words",
    text: "/provision infra plan now",
    expected: replies("takes an environment and a step, not `infra plan now`"),
  },
  {
    name: "a param",
    text: "/provision infra apply target=db",
    expected: replies("takes no params (`target=db`)"),
  },
  {
    name: "a flag",
    text: "/provision infra plan --dry-run",
    expected: replies("this command takes no flags"),
  },
  {
    name: "invalid name",
    text: "/provision in/fra plan",
    expected: replies("is not a valid environment name"),
  },
];

describeLines("provision", cases);
