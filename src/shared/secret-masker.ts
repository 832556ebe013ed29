/** What replaces a secret in any text that leaves a task or a git run. */
export const MASK = "***";

/** Shorter secrets are skipped: masking them would blank out ordinary words. */
export const MIN_SECRET_LENGTH = 6;

/** Encodings are only masked for secrets this long, so an encoded fragment stays unlikely to occur by chance. */
export const MIN_ENCODED_SECRET_LENGTH = 8;

/** An unfinished line longer than this is masked and passed on without waiting for its end. */
export const MAX_PARTIAL_LINE_CHARS = 64 * 1024;

/** How long the last complete line of a stream waits for the next before it goes out (a quiet period). */
export const LINE_HOLD_MS = 1000;

/**
 * Replaces known secrets, and the common ways they are encoded, with `***`. A secret is also found when
 * line breaks cut through it (a value printed in halves on two lines, base64 wrapped at 76 columns):
 * each line's part of it becomes `***`, so the lines stay lines.
 */
export interface SecretMasker {
  /** `text` with every secret and encoded secret replaced by `***`. */
  mask(text: string): string;
  /**
   * Masks `text` before `cut` and returns the rest raw; the cut moves back to the start of a secret
   * that crosses it. Without `cut`, it keeps back a tail that could still be the start of a secret.
   */
  maskHead(text: string, cut?: number): { masked: string; rest: string };
}

/** What kind of text a masker sees. */
export interface MaskerOptions {
  /**
   * JSON text (a log line): every form of a secret is also looked for JSON-escaped, as it is when
   * logged inside a string, and a line break inside a string is written `\n` or `\r`.
   */
  json?: boolean;
}

/** How many maskers are kept built: a worker meets few sets of secrets (a token per installation an hour). */
const BUILT_MASKERS = 32;
const built = new Map<string, SecretMasker>();

/**
 * A masker for `secrets`; secrets shorter than six characters are ignored. Building one costs
 * milliseconds (every encoding of every secret, one pattern), and each job asks for the same few, so
 * they are kept by what they mask; a masker holds no state between calls.
 */
export function createSecretMasker(secrets: readonly string[], options: MaskerOptions = {}): SecretMasker {
  const key = JSON.stringify([options.json === true, secrets]);
  const kept = built.get(key);
  if (kept) return kept;
  const masker = buildMasker(secrets, options);
  if (built.size >= BUILT_MASKERS) built.delete(built.keys().next().value ?? "");
  built.set(key, masker);
  return masker;
}

function buildMasker(secrets: readonly string[], options: MaskerOptions): SecretMasker {
  const breaks = options.json ? /\r|\n|\\r|\\n/g : /\r|\n/g;
  const variants = secrets.flatMap(secretVariants);
  const forms = options.json ? [...variants, ...variants.map(jsonEscaped)] : variants;
  // Text is searched with its line breaks taken out, so needles never hold one.
  const needles = forms.map((needle) => needle.replace(breaks, "")).filter((needle) => needle.length > 0);
  const longest = Math.max(0, ...needles.map((needle) => needle.length));
  if (longest === 0) {
    return {
      mask: (text) => text,
      maskHead: (text, cut = text.length) => ({ masked: text.slice(0, cut), rest: text.slice(cut) }),
    };
  }
  const pattern = new RegExp(trieSource([...new Set(needles)].sort()), "g");
  const maskHead = (text: string, given?: number): { masked: string; rest: string } => {
    const view = joinLines(text, breaks);
    let cut = given ?? view.origin(view.joined.length - (longest - 1));
    if (cut <= 0) return { masked: "", rest: text };
    let masked = "";
    let from = 0;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(view.joined); match !== null; match = pattern.exec(view.joined)) {
      const start = view.origin(match.index);
      if (start >= cut) break;
      const end = view.origin(match.index + match[0].length - 1) + 1;
      if (end > cut) {
        cut = start;
        break;
      }
      masked += text.slice(from, start) + maskEachLine(text.slice(start, end), breaks);
      from = end;
    }
    if (cut > from && isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
    return { masked: masked + text.slice(from, cut), rest: text.slice(cut) };
  };
  return { mask: (text) => maskHead(text, text.length).masked, maskHead };
}

/** Streams text through a masker a line at a time, so a secret split across two chunks is still caught. */
export interface LineMasker {
  write(chunk: string): void;
  /** Flushes the unfinished last line. */
  end(): void;
}

/**
 * Calls `onText` with masked complete lines. The last complete line is held until the next one comes
 * or the stream has been quiet for `holdMs`, so a secret broken over two lines is masked even when the
 * halves arrive apart; an unfinished line over 64 Ki characters is flushed early.
 */
export function createLineMasker(
  masker: SecretMasker,
  onText: (masked: string) => void,
  maxPartialChars: number = MAX_PARTIAL_LINE_CHARS,
  holdMs: number = LINE_HOLD_MS,
): LineMasker {
  let pending = "";
  let quiet: NodeJS.Timeout | undefined;
  const release = (cut: number): void => {
    if (cut <= 0) return;
    const { masked, rest } = masker.maskHead(pending, cut);
    if (masked !== "") onText(masked);
    pending = rest;
  };
  const releaseLines = (): void => release(pending.lastIndexOf("\n") + 1);
  return {
    write(chunk) {
      pending += chunk;
      const lastBreak = pending.lastIndexOf("\n");
      if (lastBreak >= 0) {
        release(pending.lastIndexOf("\n", lastBreak - 1) + 1);
        quiet ??= setTimeout(releaseLines, holdMs).unref();
      }
      // Any output, a partial line too, restarts the quiet period: it may be the held line's continuation.
      quiet?.refresh();
      if (pending.length > maxPartialChars) {
        const { masked, rest } = masker.maskHead(pending);
        if (masked !== "") onText(masked);
        pending = rest;
      }
    },
    end() {
      clearTimeout(quiet);
      release(pending.length);
    },
  };
}

function secretVariants(secret: string): string[] {
  // Output is masked line by line, so each line of a multi-line secret (a PEM key) is a secret of its own.
  const fromLines = /[\r\n]/.test(secret)
    ? secret.split(/\r?\n|\r/).flatMap((line) => secretVariants(line.trim()))
    : [];
  if (secret.length < MIN_SECRET_LENGTH) return fromLines;
  if (secret.length < MIN_ENCODED_SECRET_LENGTH) return [secret, ...fromLines];
  const encoded = [
    encodeURIComponent(secret),
    jsonEscaped(secret),
    ...base64Variants(Buffer.from(secret, "utf8")),
    ...base64Variants(Buffer.from(`x-access-token:${secret}`, "utf8")),
    ...embeddedBase64(Buffer.from(secret, "utf8")),
  ];
  return [secret, ...encoded.filter((text) => text.length >= MIN_ENCODED_SECRET_LENGTH), ...fromLines];
}

function jsonEscaped(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

function base64Variants(bytes: Buffer): string[] {
  const standard = bytes.toString("base64");
  const urlSafe = bytes.toString("base64url");
  const padding = "=".repeat((4 - (urlSafe.length % 4)) % 4);
  return [standard, standard.replace(/=+$/, ""), urlSafe, urlSafe + padding];
}

/**
 * The part of the base64 text that stays the same whatever surrounds the secret, for each of
 * the three byte alignments: catches a secret inside a longer encoded blob (`user:secret`).
 */
function embeddedBase64(bytes: Buffer): string[] {
  const cores: string[] = [];
  for (const offset of [0, 1, 2]) {
    const shifted = Buffer.concat([Buffer.alloc(offset), bytes]);
    const fullGroups = Math.floor(shifted.length / 3);
    const skip = offset === 0 ? 0 : 4;
    for (const text of [shifted.toString("base64"), shifted.toString("base64url")]) {
      cores.push(text.slice(skip, fullGroups * 4));
    }
  }
  return cores;
}

/** `text` without its line breaks, and where each of its characters sits in `text` (the end maps to the end). */
function joinLines(text: string, breaks: RegExp): { joined: string; origin: (index: number) => number } {
  // For each break: where it falls in the joined text, and how many characters were taken out up to its end.
  const joinedAt: number[] = [];
  const removed: number[] = [];
  let total = 0;
  for (const { index, 0: found } of text.matchAll(breaks)) {
    joinedAt.push(index - total);
    total += found.length;
    removed.push(total);
  }
  if (total === 0) return { joined: text, origin: (index) => Math.max(index, 0) };
  return {
    joined: text.replace(breaks, ""),
    origin(index) {
      const at = Math.max(index, 0);
      let low = 0;
      let high = joinedAt.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if ((joinedAt[middle] ?? 0) <= at) low = middle + 1;
        else high = middle;
      }
      return at + (removed[low - 1] ?? 0);
    },
  };
}

/** `***` for each line's part of a secret found across line breaks, the breaks kept. */
function maskEachLine(span: string, breaks: RegExp): string {
  let masked = "";
  let from = 0;
  for (const found of span.matchAll(breaks)) {
    if (found.index > from) masked += MASK;
    masked += found[0];
    from = found.index + found[0].length;
  }
  return from < span.length ? masked + MASK : masked;
}

/**
 * The needles as one pattern shaped like their trie, so that at each position of the text only the
 * branch of the next character is tried, however many needles there are (a PEM key makes hundreds).
 * A longer needle is tried before the shorter one it extends, so a secret that contains another is
 * masked whole. `sorted` share their first `depth` characters.
 */
function trieSource(sorted: readonly string[], from = 0, to = sorted.length, depth = 0): string {
  let first = from;
  const ends = sorted[first]?.length === depth;
  if (ends) first += 1;
  const branches: string[] = [];
  for (let start = first; start < to; ) {
    const char = sorted[start]?.[depth];
    let stop = start + 1;
    while (stop < to && sorted[stop]?.[depth] === char) stop += 1;
    // The range is sorted, so what its first and last needles share, all of them share.
    const shared = commonPrefixLength(sorted[start] ?? "", sorted[stop - 1] ?? "");
    branches.push(
      escapeRegExp((sorted[start] ?? "").slice(depth, shared)) + trieSource(sorted, start, stop, shared),
    );
    start = stop;
  }
  if (branches.length === 0) return "";
  const body = branches.length === 1 ? (branches[0] ?? "") : `(?:${branches.join("|")})`;
  return ends ? `(?:${body})?` : body;
}

function commonPrefixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && a.charCodeAt(length) === b.charCodeAt(length)) length += 1;
  return length;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
