import { optionalJobCases } from "./job-cases.ts";
import { describeLines, runs } from "./line-cases.ts";

describeLines(
  "approve",
  optionalJobCases("approve", (job) => runs({ kind: "approve", job })),
);
