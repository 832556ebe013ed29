import type { ServerResponse } from "node:http";

/**
 * Headers of every job page answer: never cached (it holds a log, and a link may lapse), never
 * sniffed, framed or given scripts, and its signed URL never sent on as a Referer.
 */
export function pageHeaders(contentType: string, styleHash?: string): Record<string, string> {
  const style = styleHash === undefined ? "'none'" : `'${styleHash}'`;
  return {
    "content-type": contentType,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "content-security-policy": `default-src 'none'; style-src ${style}; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  };
}

/** Ends the response with a short plain-text sentence under the page's headers. */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  extra: Readonly<Record<string, string>> = {},
): void {
  res.writeHead(status, { ...pageHeaders("text/plain; charset=utf-8"), ...extra }).end(`${text}\n`);
}
