/**
 * Keeps a label that comes from configuration (environment names) to a fixed number of distinct values
 * in one process: the first `limit` names seen keep their own series, any later one counts as "other".
 */
export class BoundedLabel {
  readonly #seen = new Set<string>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** The value itself while there is room for it, else "other". */
  of(value: string): string {
    if (this.#seen.has(value)) return value;
    if (this.#seen.size >= this.#limit) return "other";
    this.#seen.add(value);
    return value;
  }
}
