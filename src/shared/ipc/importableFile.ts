import { CasebookError } from '../errors.js'

/** Larger files are not case studies; refusing them keeps a stray import from exhausting memory. */
export const MAX_IMPORT_BYTES = 50 << 20

/** The kinds of file Casebook imports, as a file picker's `accept` and the importer's converters name them. */
export const IMPORT_EXTENSIONS = ['.md', '.markdown', '.docx'] as const

/** A file name's extension, lowercase, with its dot ('' if none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot).toLowerCase() : ''
}

/**
 * Refuses a file by its size, then its kind, before anything reads or converts it: the renderer before
 * it sends one, the importer before its worker sees one, the command line before it reads one.
 */
export function checkImportable(name: string, size: number): void {
  if (size > MAX_IMPORT_BYTES)
    throw new CasebookError('INVALID_FILE', `${name}: It is larger than ${MAX_IMPORT_BYTES >> 20} MB.`, {
      reason: 'tooLarge',
      params: { name, limit: MAX_IMPORT_BYTES >> 20 },
    })
  if (!(IMPORT_EXTENSIONS as readonly string[]).includes(extensionOf(name))) {
    throw new CasebookError('UNSUPPORTED_FILE', `${name}: Casebook imports Markdown (.md) and Word (.docx) files, and this is neither.`, {
      reason: 'notImportable',
      params: { name },
    })
  }
}
