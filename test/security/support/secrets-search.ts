import type { PlantedForm, PlantedSecret } from "./secrets-planted.ts";

/** A leak: which planted thing showed on which surface, in which view of it. */
export interface Leak {
  surface: string;
  what: string;
  view: string;
}

/** Everything collected from one surface, as the strings it holds. */
export interface Surface {
  name: string;
  texts: string[];
}

// Windows of 16 characters every 4 find any 19 characters of a secret in a row: each half of a secret of
// 40 characters or more is that long, so a split that only one half of got masked still counts as a leak.
const FRAGMENT = 16;
const STRIDE = 4;

/**
 * The ways a reader (or a script) could decode a surface's text: as it is, without line breaks, markdown
 * and HTML unescaped, JSON strings unescaped, URL-decoded, and every run of base64 decoded at each alignment.
 */
export function viewsOf(text: string): [string, string][] {
  const views: [string, string][] = [
    ["as is", text],
    ["markdown unescaped", text.replaceAll("\u200d", "").replace(/\\([\\`*_{}[\]<>#!~&$|()+.-])/g, "$1")],
    ["HTML unescaped", htmlUnescaped(text)],
    ["JSON unescaped", jsonUnescaped(text)],
    ["URL-decoded", urlDecoded(text)],
    ["base64-decoded", base64Decoded(text)],
  ];
  return views.flatMap(([name, view]) => [
    [name, view] as [string, string],
    [`${name}, lines joined`, view.replace(/\r|\n|\\r|\\n/g, "")] as [string, string],
  ]);
}

/** Every planted form, and every run of each secret, found on `surface` in any of its views. */
export function findLeaks(
  surface: Surface,
  secrets: readonly PlantedSecret[],
  forms: readonly PlantedForm[],
): Leak[] {
  const leaks: Leak[] = [];
  for (const [view, text] of surface.texts.flatMap(viewsOf)) {
    for (const form of forms) {
      if (text.includes(form.text)) leaks.push({ surface: surface.name, what: form.label, view });
    }
    for (const secret of secrets) {
      for (const line of secret.value.split("\n")) {
        const run = fragments(line).find((fragment) => text.includes(fragment));
        if (run !== undefined) {
          leaks.push({ surface: surface.name, what: `${secret.name}: a run of it, ${run}`, view });
        }
      }
    }
  }
  return dedupe(leaks);
}

function fragments(line: string): string[] {
  if (line.length <= FRAGMENT) return [line];
  const runs: string[] = [];
  for (let start = 0; start + FRAGMENT <= line.length; start += STRIDE)
    runs.push(line.slice(start, start + FRAGMENT));
  runs.push(line.slice(-FRAGMENT));
  return runs;
}

function dedupe(leaks: Leak[]): Leak[] {
  const seen = new Set<string>();
  return leaks.filter((leak) => {
    const key = `${leak.surface}|${leak.what}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function htmlUnescaped(text: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X"))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    return named[name.toLowerCase()] ?? entity;
  });
}

function jsonUnescaped(text: string): string {
  const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" };
  return text.replace(/\\(u[0-9a-fA-F]{4}|["\\/nrtbf])/g, (_, code: string) =>
    code.startsWith("u") ? String.fromCharCode(Number.parseInt(code.slice(1), 16)) : (simple[code] ?? code),
  );
}

function urlDecoded(text: string): string {
  return text.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** Each run of base64 (either alphabet) decoded from each of its first four characters, one per line. */
function base64Decoded(text: string): string {
  const decoded: string[] = [];
  for (const [run] of text.matchAll(/[A-Za-z0-9+/_-]{12,}={0,2}/g)) {
    for (let skip = 0; skip < 4; skip += 1) {
      const part = run.slice(skip);
      decoded.push(Buffer.from(part.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8"));
    }
  }
  return decoded.join("\n");
}
