import { z } from "zod";

/** A request to bring every mirror of a job up to date with its record; which version does not matter. */
export const reportJobSchema = z.object({ v: z.literal(1), taskId: z.string(), version: z.number().int() });
export type ReportJob = z.infer<typeof reportJobSchema>;
