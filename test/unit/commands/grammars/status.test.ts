import { describeLines, type LineCase, replies, runs } from "./line-cases.ts";

const STATUS = runs({ kind: "status" });
const NO_ARGUMENTS = "`/status` takes no arguments: it shows the whole repository.";

const cases: LineCase[] = [
  { name: "alone", text: "/status", expected: STATUS },
  { name: "upper-case word", text: "/STATUS", expected: STATUS },
  { name: "mixed-case word", text: "/Status", expected: STATUS },
  { name: "trailing spaces", text: "/status  ", expected: STATUS },
  { name: "an environment", text: "/status production", expected: replies(NO_ARGUMENTS) },
  { name: "a job", text: "/status task-1-2", expected: replies(NO_ARGUMENTS) },
  { name: "a flag", text: "/status --verbose", expected: replies(NO_ARGUMENTS) },
  { name: "hostile text", text: "/status $(reboot) `x`", expected: replies(NO_ARGUMENTS) },
];

describeLines("status", cases);
