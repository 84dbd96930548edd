import { CasebookError, isCasebookError } from '../../shared/errors.js'
import { importWarning, type ImportWarning } from '../../shared/importWarning.js'
import { extensionOf } from '../../shared/ipc/importableFile.js'
import type { MetaInput } from '../../shared/model/document.js'
import { newDocumentState, type DocumentContent, type DocumentState } from '../../shared/model/documentBody.js'
import { closestLanguage, LANGUAGES } from '../../shared/model/languages.js'
import { markdownToContent } from './markdownToContent.js'
import type { ImportedImage } from './readImages.js'

/** A file to import: its name (which says its kind) and its bytes, from a disk or from the app's renderer. */
export interface FileToImport {
  name: string
  bytes: Uint8Array
  /** The folder it was read from, where a Markdown file's images are; none when only its bytes were given (the app's renderer). */
  folder?: string | undefined
}

export interface ImportedFile {
  name: string
  document: DocumentState
  /** The images the document names, to store (each checked, named by its hash) before it. */
  images: ImportedImage[]
  /** What could not be kept exactly. */
  warnings: ImportWarning[]
}

/** The network the document is in: the one the file names (undefined), none (null), or this one. */
export interface ImportOptions {
  network?: string | null | undefined
}

/** A converter's result: meta fields as found in the file (unvalidated), and the body. */
export interface Converted {
  fields: Record<string, unknown>
  body: DocumentContent['body']
  /** A title taken from the content, used when the file names none. */
  titleFromContent: string | undefined
  warnings: ImportWarning[]
  images: ImportedImage[]
}

const CONVERTERS: Record<string, (data: Buffer, folder?: string) => Promise<Converted>> = {
  '.md': markdownToContent,
  '.markdown': markdownToContent,
  // Loaded on demand: its HTML parsing (happy-dom) takes a third of a second to load.
  '.docx': async (data) => (await import('./docxToContent.js')).docxToContent(data),
}

/**
 * Converts one file into a validated new document, writing nothing. Every problem with the file is a
 * CasebookError, which the Importer that runs this in its worker, within limits, prefixes with the
 * file's name (having checked its size and kind: see checkImportable). The worker hands the document
 * back as one Yjs update: moved, not copied, and no JSON to read again on the other side.
 */
export async function convertFile({ name, bytes, folder }: FileToImport, options: ImportOptions = {}): Promise<ImportedFile> {
  const extension = extensionOf(name)
  const convert = CONVERTERS[extension]
  if (!convert) throw new CasebookError('UNSUPPORTED_FILE', 'It is neither a Markdown nor a Word file.', { reason: 'notImportable' })
  const converted = await convert(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), folder)
  const { network: named, language, ...fields } = converted.fields
  const title = fields['title'] ?? converted.titleFromContent ?? name.slice(0, name.length - extension.length)
  const network = options.network === undefined ? named : (options.network ?? undefined)
  const warnings = [...converted.warnings]
  if (options.network === null && named !== undefined) {
    const sentence = `The network "${String(named)}" it names was left out: imported documents are private.`
    warnings.push(importWarning('networkLeftOut', { network: String(named) }, sentence))
  }
  // Matched as a BCP 47 tag (zh-Hans, pt, es-MX, EN); a language Casebook does not have is no reason to refuse the text.
  const closest = typeof language === 'string' ? closestLanguage(language) : undefined
  if (language !== undefined && !closest) {
    const sentence = `Its language "${String(language)}" was left out: Casebook documents are in ${LANGUAGES.join(', ')}.`
    warnings.push(importWarning('languageLeftOut', { language: String(language) }, sentence))
  }
  // Unvalidated until newDocumentState checks it.
  const input = {
    kind: 'case-study',
    ...fields,
    title,
    ...(network !== undefined ? { network } : {}),
    ...(closest ? { language: closest } : {}),
  } as MetaInput
  return { name, document: fromFile(() => newDocumentState(input, converted.body), converted.fields), images: converted.images, warnings }
}

/**
 * Runs `make`, telling a bad meta field that came from the file's front matter (or Word's properties)
 * as such: the sentence for a field edited in the window ("the details were not saved") would be wrong.
 */
function fromFile<T>(make: () => T, fields: Record<string, unknown>): T {
  try {
    return make()
  } catch (error) {
    const field = isCasebookError(error, 'INVALID_META') ? error.params?.['field'] : undefined
    if (typeof field !== 'string' || !(field in fields)) throw error
    throw new CasebookError('INVALID_META', `Its front matter's ${(error as Error).message.replace(/^Invalid metadata: /, '')}`, {
      cause: error,
      reason: 'frontMatter',
      params: (error as CasebookError).params ?? {},
    })
  }
}
