import { readFile, stat } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import { CasebookError } from '../../shared/errors.js'
import { newDocumentState, type DocumentContent, type DocumentState, type MetaInput } from '../../shared/model/document.js'
import { markdownToContent } from './markdownToContent.js'

/** Larger files are not case studies; refusing them keeps a stray import from exhausting memory. */
const MAX_IMPORT_BYTES = 50 << 20

export interface ImportedFile {
  path: string
  document: DocumentState
  /** What could not be kept exactly, in plain sentences. */
  warnings: string[]
}

/** A converter's result: meta fields as found in the file (unvalidated), and the body. */
export interface Converted {
  fields: Record<string, unknown>
  body: DocumentContent['body']
  /** A title taken from the content, used when the file names none. */
  titleFromContent: string | undefined
  warnings: string[]
}

const CONVERTERS: Record<string, (data: Buffer) => Promise<Converted>> = {
  '.md': markdownToContent,
  '.markdown': markdownToContent,
  // Loaded on demand: its HTML parsing (happy-dom) takes a third of a second to load.
  '.docx': async (data) => (await import('./docxToContent.js')).docxToContent(data),
}

/**
 * Reads and converts one file into a validated new document, writing nothing. Every problem with the
 * file is a CasebookError. An Importer runs this in its worker, within limits, which hands the document
 * back as one Yjs update: moved, not copied, and no JSON to read again on the other side.
 */
export async function convertFile(path: string, options: { network?: string | undefined } = {}): Promise<ImportedFile> {
  const size = await fileSize(path)
  const convert = CONVERTERS[extname(path).toLowerCase()]
  if (!convert) {
    throw new CasebookError('UNSUPPORTED_FILE', `Casebook imports Markdown (.md) and Word (.docx) files, and this is neither.`)
  }
  if (size > MAX_IMPORT_BYTES) throw new CasebookError('INVALID_FILE', `It is larger than ${MAX_IMPORT_BYTES >> 20} MB.`)
  const converted = await convert(await readFile(path).catch(unreadable))
  const title = converted.fields['title'] ?? converted.titleFromContent ?? basename(path, extname(path))
  // Unvalidated until newDocumentState checks it.
  const input = { kind: 'case-study', ...converted.fields, title, ...(options.network !== undefined ? { network: options.network } : {}) } as MetaInput
  return { path, document: newDocumentState(input, converted.body), warnings: converted.warnings }
}

async function fileSize(path: string): Promise<number> {
  const info = await stat(path).catch(unreadable)
  if (info.isDirectory()) throw new CasebookError('UNREADABLE_FILE', 'It is a folder, not a file.')
  return info.size
}

function unreadable(error: NodeJS.ErrnoException): never {
  const problem =
    error.code === 'ENOENT'
      ? 'There is no such file.'
      : error.code === 'EACCES'
        ? 'It cannot be read (permission denied).'
        : `It cannot be read (${error.message}).`
  throw new CasebookError('UNREADABLE_FILE', problem, { cause: error })
}
