/** Intake holds accepted webhook commands; tasks holds deploys to run; reports holds updates to post. */
export const QUEUE_NAMES = { intake: "intake", tasks: "tasks", reports: "reports" } as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];
