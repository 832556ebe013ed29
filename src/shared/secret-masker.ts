/** What replaces a secret in any text that leaves a task or a git run. */
export const MASK = "***";

/** Shorter secrets are skipped: masking them would blank out ordinary words. */
export const MIN_SECRET_LENGTH = 6;

/** Encodings are only masked for secrets this long, so an encoded fragment stays unlikely to occur by chance. */
export const MIN_ENCODED_SECRET_LENGTH = 8;

/** An unfinished line longer than this is masked and passed on without waiting for its end. */
export const MAX_PARTIAL_LINE_CHARS = 64 * 1024;

/** Replaces known secrets, and the common ways they are encoded, with `***`. */
export interface SecretMasker {
  /** `text` with every secret and encoded secret replaced by `***`. */
  mask(text: string): string;
  /** Masks all of `text` except a raw tail that could still be the start of a secret. */
  maskHead(text: string): { masked: string; rest: string };
}

/** Builds a masker for `secrets`; secrets shorter than six characters are ignored. */
export function createSecretMasker(secrets: readonly string[]): SecretMasker {
  const needles = [...new Set(secrets.flatMap(secretVariants))].sort((a, b) => b.length - a.length);
  const longest = needles[0]?.length ?? 0;
  if (longest === 0) return { mask: (text) => text, maskHead: (text) => ({ masked: text, rest: "" }) };
  // Longest first, so a secret that contains another is masked whole.
  const pattern = new RegExp(needles.map(escapeRegExp).join("|"), "g");
  return {
    mask: (text) => text.replace(pattern, MASK),
    maskHead(text) {
      let cut = text.length - (longest - 1);
      if (cut <= 0) return { masked: "", rest: text };
      let masked = "";
      let from = 0;
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
        if (match.index >= cut) break;
        const end = match.index + match[0].length;
        if (end > cut) {
          cut = match.index;
          break;
        }
        masked += text.slice(from, match.index) + MASK;
        from = end;
      }
      if (cut > from && isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
      return { masked: masked + text.slice(from, cut), rest: text.slice(cut) };
    },
  };
}

/** Streams text through a masker a line at a time, so a secret split across two chunks is still caught. */
export interface LineMasker {
  write(chunk: string): void;
  /** Flushes the unfinished last line. */
  end(): void;
}

/** Calls `onText` with masked complete lines; an unfinished line over 64 Ki characters is flushed early. */
export function createLineMasker(
  masker: SecretMasker,
  onText: (masked: string) => void,
  maxPartialChars: number = MAX_PARTIAL_LINE_CHARS,
): LineMasker {
  let pending = "";
  const emit = (text: string): void => {
    if (text !== "") onText(text);
  };
  return {
    write(chunk) {
      const newline = chunk.lastIndexOf("\n");
      if (newline >= 0) {
        emit(masker.mask(pending + chunk.slice(0, newline + 1)));
        pending = chunk.slice(newline + 1);
      } else {
        pending += chunk;
      }
      if (pending.length > maxPartialChars) {
        const { masked, rest } = masker.maskHead(pending);
        emit(masked);
        pending = rest;
      }
    },
    end() {
      emit(masker.mask(pending));
      pending = "";
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
    JSON.stringify(secret).slice(1, -1),
    ...base64Variants(Buffer.from(secret, "utf8")),
    ...base64Variants(Buffer.from(`x-access-token:${secret}`, "utf8")),
    ...embeddedBase64(Buffer.from(secret, "utf8")),
  ];
  return [secret, ...encoded.filter((text) => text.length >= MIN_ENCODED_SECRET_LENGTH), ...fromLines];
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
