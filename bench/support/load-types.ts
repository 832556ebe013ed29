import type { DeliveryTemplate } from "./delivery-body.ts";

/** What the load thread is asked to send. */
export interface LoadJob {
  url: string;
  template: DeliveryTemplate;
  secret: string;
  /** Comment ids are firstCommentId … firstCommentId + n - 1. */
  firstCommentId: number;
  n: number;
  concurrency: number;
  requestTimeoutMs: number;
  capMs: number;
}

/** What came back: one latency per answered delivery, and how each delivery ended. */
export interface LoadResult {
  /** Response times in ms of the deliveries that got an HTTP answer. */
  latencies: Float64Array;
  /** Answers by status code; "error" for no answer (timeout, reset). */
  outcomes: Record<string, number>;
  sent: number;
  /** From the first send to the last answer. */
  wallMs: number;
  /** True when the level's time cap stopped it before all n were sent. */
  capped: boolean;
}
