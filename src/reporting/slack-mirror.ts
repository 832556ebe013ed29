import type { JobRecord } from "../queue/job-records.ts";
import type { SlackClient } from "../slack/slack-client.ts";
import type { MirrorProgress } from "./github-mirror.ts";
import { renderSlackDetails } from "./render/slack/render-slack-details.ts";
import { renderSlackJob } from "./render/slack/render-slack-job.ts";

const DETAILED_STATES: ReadonlySet<string> = new Set(["failed", "timed_out", "interrupted", "refused"]);

/**
 * Brings a job's Slack message up to date with its record: posted once, then edited in place; when
 * the job ends badly, one thread reply with more of its output. Each step records what it did, so a
 * retry after a Slack error repeats nothing that already landed. `logUrl` is the job page's link,
 * when there is one.
 */
export async function mirrorToSlack(
  slack: Pick<SlackClient, "postMessage" | "updateMessage">,
  record: JobRecord,
  progress: MirrorProgress,
  now: number,
  logUrl?: string,
): Promise<void> {
  const target = record.targets.slack;
  if (target === undefined) return;
  const { view, version, marks } = record;
  let channel = marks.slackChannel ?? target.channel;
  let ts = marks.slackTs;
  if (ts === undefined || Number(marks.slackVersion ?? 0) < version) {
    const message = renderSlackJob(view, now, logUrl);
    if (ts === undefined) {
      const posted = await slack.postMessage({
        channel: target.channel,
        threadTs: target.threadTs,
        ...message,
      });
      // The channel first: chat.update needs the id Slack answered, and a ts without it would be useless.
      await progress.mark("slackChannel", posted.channel);
      await progress.mark("slackTs", posted.ts);
      channel = posted.channel;
      ts = posted.ts;
    } else {
      await slack.updateMessage({ channel, ts, ...message });
    }
    await progress.mark("slackVersion", version);
  }
  if (DETAILED_STATES.has(view.state) && marks.slackDetails === undefined) {
    const details = renderSlackDetails(view, logUrl);
    if (details === undefined) return;
    // Slack has no threads in threads: a message that is itself a reply gets its details beside it.
    const reply = await slack.postMessage({ channel, threadTs: target.threadTs ?? ts, ...details });
    await progress.mark("slackDetails", reply.ts);
  }
}
