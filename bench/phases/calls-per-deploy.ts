import type { BenchApp } from "../support/bench-app.ts";
import { isFinalReaction, waitForCall } from "../support/call-watch.ts";
import type { DeliveryTemplate } from "../support/delivery-body.ts";
import { sendOne } from "../support/send-one.ts";

export interface DeployCalls {
  label: string;
  /** `METHOD path` in the order first seen, with how often each was called. */
  routes: { route: string; count: number }[];
  total: number;
  /** From sending the delivery to the final reaction; undefined when it never came. */
  ms: number | undefined;
  status: number;
}

/** Sends one deploy comment (`/deploy staging` unless told) and lists every GitHub call made for it up to the final 🚀. */
export async function countDeployCalls(
  bench: BenchApp,
  label: string,
  commentId: number,
  template: DeliveryTemplate = bench.template,
  timeoutMs = 30_000,
): Promise<DeployCalls> {
  const github = bench.app.github;
  const from = github.calls.length;
  const { status, sentAt } = await sendOne(bench.app.url, template, commentId);
  const final = await waitForCall(github, from, (c) => isFinalReaction(c, commentId), timeoutMs);
  const end = final ? github.calls.indexOf(final) + 1 : github.calls.length;
  const routes: { route: string; count: number }[] = [];
  for (const call of github.calls.slice(from, end)) {
    const route = `${call.method} ${call.path}`;
    const seen = routes.find((r) => r.route === route);
    if (seen) seen.count++;
    else routes.push({ route, count: 1 });
  }
  return {
    label,
    routes,
    total: end - from,
    ms: final ? final.at - sentAt : undefined,
    status,
  };
}
