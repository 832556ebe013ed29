import { safeUrl } from "../reporting/render/markdown.ts";

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text made safe anywhere in HTML: element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** An escaped label linked to an http(s) `url`, or just the label when the URL is missing or unsafe. */
export function htmlLink(label: string, url: string | undefined): string {
  const href = safeUrl(url);
  const text = escapeHtml(label);
  return href === undefined ? text : `<a href="${escapeHtml(href)}" rel="noreferrer">${text}</a>`;
}
