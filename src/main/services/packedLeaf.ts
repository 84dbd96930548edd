/** Where a leaf's postings lie in the file's one array: per field, its id, then where they start and end. */
export interface PackedPostings {
  /** Pairs of a document's short id and its term frequency, for every leaf of the tree. */
  postings: Uint32Array
  /** Per field: its id, then the start and end (exclusive) of its pairs in `postings`; three numbers each. */
  fields: readonly number[]
}

/**
 * A leaf of minisearch's terms tree: for one term, each field's postings (a map of a document's short
 * id to the term's frequency in it). Read from the file, it keeps them packed, and makes the maps the
 * first time anything asks for them, through any of Map's methods, which is all minisearch uses:
 * a search touches the leaves of a few terms, and making all 1.5 million postings of 5,000 documents
 * at once took most of the index's load (docs/LIBRARY.md, "The search index").
 */
export class PackedLeaf extends Map<number, Map<number, number>> {
  private packed: PackedPostings | null

  constructor(packed: PackedPostings) {
    super()
    this.packed = packed
  }

  /** The packed postings, as long as nothing has asked for the maps. */
  packedPostings(): PackedPostings | null {
    return this.packed
  }

  override get(field: number): Map<number, number> | undefined {
    this.unpack()
    return super.get(field)
  }

  override has(field: number): boolean {
    this.unpack()
    return super.has(field)
  }

  override set(field: number, postings: Map<number, number>): this {
    this.unpack()
    return super.set(field, postings)
  }

  override delete(field: number): boolean {
    this.unpack()
    return super.delete(field)
  }

  override clear(): void {
    this.unpack()
    super.clear()
  }

  override get size(): number {
    this.unpack()
    return super.size
  }

  override forEach(callback: (postings: Map<number, number>, field: number, map: Map<number, Map<number, number>>) => void, thisArg?: unknown): void {
    this.unpack()
    super.forEach(callback, thisArg)
  }

  override entries(): MapIterator<[number, Map<number, number>]> {
    this.unpack()
    return super.entries()
  }

  override keys(): MapIterator<number> {
    this.unpack()
    return super.keys()
  }

  override values(): MapIterator<Map<number, number>> {
    this.unpack()
    return super.values()
  }

  override [Symbol.iterator](): MapIterator<[number, Map<number, number>]> {
    return this.entries()
  }

  private unpack(): void {
    if (!this.packed) return
    const { postings, fields } = this.packed
    this.packed = null
    for (let i = 0; i < fields.length; i += 3) {
      const field = new Map<number, number>()
      for (let at = fields[i + 1]!; at < fields[i + 2]!; at += 2) field.set(postings[at]!, postings[at + 1]!)
      super.set(fields[i]!, field)
    }
  }
}
