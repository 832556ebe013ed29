import type { Document, LineCounter } from "yaml";
import { isAlias, isMap, isNode, isScalar, isSeq } from "yaml";

/** A 1-based place in the source text. */
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * Where `path` points in the YAML: the key of a mapping entry, or the item of a list.
 * When the path runs past what the file holds (a missing key), the deepest part that exists.
 */
export function locatePath(
  doc: Document.Parsed,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
): SourcePosition | undefined {
  let node: unknown = doc.contents;
  let offset = doc.contents?.range[0];
  for (const segment of path) {
    const collection = resolve(doc, node);
    if (isMap(collection)) {
      const pair = collection.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
      if (pair === undefined) break;
      offset = isScalar(pair.key) ? pair.key.range?.[0] : offset;
      node = pair.value;
    } else if (isSeq(collection) && typeof segment === "number") {
      const item = collection.items[segment];
      if (item === undefined) break;
      offset = isNode(item) ? (item.range?.[0] ?? offset) : offset;
      node = item;
    } else {
      break;
    }
  }
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/** The keys of the mapping at `path`, in file order (JS objects put integer-like keys first). */
export function mappingKeys(doc: Document.Parsed, path: readonly string[]): string[] {
  let node: unknown = doc.contents;
  for (const segment of path) {
    const collection = resolve(doc, node);
    if (!isMap(collection)) return [];
    node = collection.items.find((item) => isScalar(item.key) && item.key.value === segment)?.value ?? null;
  }
  const collection = resolve(doc, node);
  if (!isMap(collection)) return [];
  return collection.items.flatMap((item) => (isScalar(item.key) ? [String(item.key.value)] : []));
}

/** The path to the mapping whose key starts at `offset`, and that key: for naming a duplicate key. */
export function keyAtOffset(
  doc: Document.Parsed,
  offset: number,
): { path: (string | number)[]; key: string } | undefined {
  const search = (
    node: unknown,
    path: (string | number)[],
  ): { path: (string | number)[]; key: string } | undefined => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (pair.key.range?.[0] === offset) return { path, key };
        const found = search(pair.value, [...path, key]);
        if (found !== undefined) return found;
      }
    } else if (isSeq(node)) {
      for (const [index, item] of node.items.entries()) {
        const found = search(item, [...path, index]);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return search(doc.contents, []);
}

// An alias stands for the node at its anchor; a problem inside it is found there.
function resolve(doc: Document.Parsed, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}
