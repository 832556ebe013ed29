/**
 * Counts webhook requests so that, in a process that also runs workers, the workers can step back
 * while deliveries arrive: GitHub waits for the answer, the queue does not mind waiting.
 */
export class IngressPressure {
  #hits = 0;

  /** One request arrived. */
  hit(): void {
    this.#hits++;
  }

  /** Requests since the last call. */
  take(): number {
    const hits = this.#hits;
    this.#hits = 0;
    return hits;
  }
}
