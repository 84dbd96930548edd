import { CasebookError } from '../../shared/errors.js'
import { lexMarkdown } from '../../shared/export/markdown.js'
import type { Converted } from './convertFile.js'
import { readImages } from './readImages.js'

/**
 * A Markdown file's document. Its images given as paths are read from beside it, in `folder`, where
 * it was read from; where only its bytes were given (the app), they stay links, and the import says so.
 */
export async function markdownToContent(data: Buffer, folder?: string): Promise<Converted> {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data)
  } catch (error) {
    throw new CasebookError('INVALID_FILE', 'It is not UTF-8 text.', { cause: error, reason: 'notUtf8' })
  }
  if (text.includes('\u0000')) throw new CasebookError('INVALID_FILE', 'It holds binary data, not Markdown text.', { reason: 'binary' })
  const lexed = lexMarkdown(text)
  const read = folder !== undefined && lexed.imagePaths.length ? await readImages(folder, lexed.imagePaths) : undefined
  const parsed = lexed.parse(folder === undefined ? null : (read?.found ?? new Map()))
  return { fields: parsed.fields, body: parsed.body, titleFromContent: parsed.firstHeading, warnings: parsed.warnings, images: read?.images ?? [] }
}
