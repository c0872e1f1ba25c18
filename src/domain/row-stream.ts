/**
 * The rows of a listing read as they are shown, not held whole: a count (known before the first
 * row, for the tally and the format decisions) and a way to open the rows, as many times as a
 * renderer needs (a table measures its columns in a first pass, then draws them). Each opening
 * is a fresh pass over the source (a statement's iterate() in the store); `map` and `slice` are
 * lazy, a row at a time, so memory does not grow with the listing.
 */
export class RowStream<T = object> {
  constructor(
    /** How many rows a pass yields. */
    readonly count: number,
    private readonly open: () => Iterable<T>,
  ) {}

  [Symbol.iterator](): Iterator<T> {
    return this.open()[Symbol.iterator]();
  }

  /** Each row through `f`, as it is read. */
  map<U>(f: (row: T) => U): RowStream<U> {
    const open = this.open;
    return new RowStream(this.count, function* () {
      for (const row of open()) yield f(row);
    });
  }

  /** Rows `offset` to `offset + limit` (limit undefined: to the end). */
  slice(offset: number, limit?: number): RowStream<T> {
    const end = limit === undefined ? Infinity : offset + limit;
    const open = this.open;
    const count = Math.max(0, Math.min(this.count, end) - offset);
    return new RowStream(count, function* () {
      if (end <= offset) return;
      let i = 0;
      for (const row of open()) {
        if (i >= offset) yield row;
        // the last row of the page: no further read
        if (++i >= end) return;
      }
    });
  }
}
