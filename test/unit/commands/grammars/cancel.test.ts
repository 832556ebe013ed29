import { optionalJobCases } from "./job-cases.ts";
import { describeLines, runs } from "./line-cases.ts";

describeLines(
  "cancel",
  optionalJobCases("cancel", (job) => runs({ kind: "cancel", job })),
);
