// DefaultColumn: a per-unit typed array that holds its default (`current` −1, `moveCost` 1, …)
// until some unit gives a value, allocated on first use. Most problems give none of these fields,
// and at a million units each column is megabytes of ArrayBuffer that V8 counts as external
// memory: every 64 MB of it since the last full collection starts another one, a full mark of the
// caller's million-object problem (bench/object-api-phases.mjs).

export class DefaultColumn<T extends Float64Array | Int32Array | Uint8Array> {
  private column: T | null = null;

  /** `make` returns the column filled with the default. */
  constructor(private readonly make: () => T) {}

  /** The column, allocated (filled with the default) on first use. */
  get values(): T {
    return (this.column ??= this.make());
  }

  /** Whether any unit gave a value (before that, every entry is the default). */
  get given(): boolean {
    return this.column !== null;
  }
}
