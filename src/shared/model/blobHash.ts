/** A blob's name: the SHA-256 of its bytes, as 64 lowercase hexadecimal digits. */
export const BLOB_HASH = /^[0-9a-f]{64}$/

export function isBlobHash(text: string): boolean {
  return BLOB_HASH.test(text)
}
