const decoder = new TextDecoder()

/**
 * A document as the search index's file holds it: its text kept as the UTF-8 bytes the file holds
 * (a view of them: see searchIndexFrame.ts), made a string each time it is asked for (a hit's
 * passage, for the first 50 hits of a search).
 * Made strings at every load, the texts of 5,000 documents (16 MB) were 5,000 strings to
 * deserialize and to copy out of the young generation, on the way to the first search.
 */
export class PackedText {
  constructor(
    readonly stamp: string | null,
    /** Every document's texts, in which this one's lie from `start` to `end`. */
    private readonly texts: Uint8Array,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get text(): string {
    return decoder.decode(this.packedBytes())
  }

  /** The text's bytes, written again as they are. */
  packedBytes(): Uint8Array {
    return this.texts.subarray(this.start, this.end)
  }
}
