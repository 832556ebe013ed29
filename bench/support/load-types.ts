import type { DeliveryTemplate } from "./delivery-body.ts";

/** Signed `issue_comment` deliveries, built in the load process from one template (cheap to pass over). */
export interface GitHubDeliveries {
  kind: "github";
  template: DeliveryTemplate;
  secret: string;
  /** Comment ids are firstCommentId … firstCommentId + n - 1. */
  firstCommentId: number;
  n: number;
}

/** Requests built and signed by the caller, sent in order (Slack's signatures carry a timestamp). */
export interface PreparedRequests {
  kind: "prepared";
  path: string;
  requests: { body: string; headers: Record<string, string> }[];
}

/** What the load process is asked to send. */
export interface LoadJob {
  url: string;
  send: GitHubDeliveries | PreparedRequests;
  concurrency: number;
  requestTimeoutMs: number;
  capMs: number;
}

/** What came back: one latency per answered request, and how each request ended. */
export interface LoadResult {
  /** Response times in ms of the requests that got an HTTP answer. */
  latencies: Float64Array;
  /** Answers by status code; "error" for no answer (timeout, reset). */
  outcomes: Record<string, number>;
  sent: number;
  /** From the first send to the last answer. */
  wallMs: number;
  /** True when the level's time cap stopped it before all were sent. */
  capped: boolean;
}
