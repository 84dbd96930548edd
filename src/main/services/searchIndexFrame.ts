/**
 * How search.index lays out its parts: eight bytes of header (the length of the V8 serialization,
 * and the number of 32-bit postings, little-endian), the V8 serialization of everything else, zero
 * to three bytes to align the postings to 4 bytes, the postings, then the documents' texts in UTF-8.
 * Read back, the postings and the texts are views of the file's bytes, not copies: in V8's own
 * serialization the postings (12 MB at 5,000 documents) were copied at every load whenever they lay
 * unaligned, and the texts (16 MB) were 5,000 strings.
 */
export interface SearchIndexParts {
  /** The V8 serialization of the rest. */
  head: Uint8Array
  postings: Uint32Array
  texts: Uint8Array
}

const HEADER = 8

export function frameSearchIndex({ head, postings, texts }: SearchIndexParts): Buffer {
  const header = Buffer.alloc(HEADER)
  header.writeUInt32LE(head.length, 0)
  header.writeUInt32LE(postings.length, 4)
  const padding = Buffer.alloc(alignment(HEADER + head.length))
  return Buffer.concat([header, head, padding, new Uint8Array(postings.buffer, postings.byteOffset, postings.byteLength), texts])
}

/** The parts of a file so laid out, or null if its lengths do not fit it. */
export function unframeSearchIndex(bytes: Buffer): SearchIndexParts | null {
  if (bytes.length < HEADER) return null
  const headLength = bytes.readUInt32LE(0)
  const count = bytes.readUInt32LE(4)
  const postingsStart = HEADER + headLength + alignment(HEADER + headLength)
  const textsStart = postingsStart + count * 4
  if (textsStart > bytes.length) return null
  // Node reads a file into a buffer of its own, so the postings lie aligned in it (were they not,
  // this would throw, and the index would be rebuilt).
  const postings = new Uint32Array(bytes.buffer, bytes.byteOffset + postingsStart, count)
  return { head: bytes.subarray(HEADER, HEADER + headLength), postings, texts: bytes.subarray(textsStart) }
}

/** The bytes that bring `length` to a multiple of 4. */
function alignment(length: number): number {
  return (4 - (length % 4)) % 4
}
