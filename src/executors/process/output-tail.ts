/** The last part of a long output, kept while it streams by. */
export interface OutputTail {
  push(text: string): void;
  /** The kept tail; when anything was dropped, it starts at a line boundary after a line saying how much. */
  text(): string;
}

/** Keeps about the last `maxBytes` bytes of everything pushed. */
export function createOutputTail(maxBytes: number): OutputTail {
  let chunks: { text: string; bytes: number }[] = [];
  let first = 0;
  let keptBytes = 0;
  let totalBytes = 0;
  return {
    push(text) {
      const bytes = Buffer.byteLength(text);
      chunks.push({ text, bytes });
      keptBytes += bytes;
      totalBytes += bytes;
      for (let oldest = chunks[first]; oldest !== undefined && keptBytes - oldest.bytes >= maxBytes; ) {
        keptBytes -= oldest.bytes;
        first += 1;
        oldest = chunks[first];
      }
      if (first > 1024) {
        chunks = chunks.slice(first);
        first = 0;
      }
    },
    text() {
      const kept = chunks
        .slice(first)
        .map((chunk) => chunk.text)
        .join("");
      if (totalBytes <= maxBytes) return kept;
      const tail = lineAlignedTail(Buffer.from(kept).subarray(-maxBytes).toString("utf8"));
      const dropped = totalBytes - Buffer.byteLength(tail);
      return `[shipmate: ${dropped} bytes of earlier output dropped]\n${tail}`;
    },
  };
}

function lineAlignedTail(text: string): string {
  const newline = text.indexOf("\n");
  if (newline >= 0 && newline < text.length - 1) return text.slice(newline + 1);
  // No earlier line boundary: keep the partial line, without a character the byte cut split.
  return text.replace(/^\uFFFD+/, "");
}
