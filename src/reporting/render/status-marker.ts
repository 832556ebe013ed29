/** The hidden first line that lets Shipmate find its own status comment for a job among a PR's comments. */

const MARKER = /^<!-- shipmate:job:([^\s>]+) -->/;

/** The marker line for job `id`; the id is URI-encoded so no id can end the HTML comment early. */
export function statusCommentMarker(id: string): string {
  return `<!-- shipmate:job:${encodeURIComponent(id)} -->`;
}

/** The job id in a comment body that starts with a status marker, else undefined. */
export function parseStatusCommentMarker(body: string): string | undefined {
  const encoded = MARKER.exec(body)?.[1];
  if (encoded === undefined) return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}
