/** Casebook's document ids are 16 lowercase hex digits (64 random bits); they also name folders and relay rooms. */
export const DOCUMENT_ID = /^[0-9a-f]{16}$/

export function isDocumentId(text: string): boolean {
  return DOCUMENT_ID.test(text)
}
