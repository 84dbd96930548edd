import { CasebookError } from '../../shared/errors.js'
import { fromMarkdown } from '../../shared/export/markdown.js'
import type { Converted } from './convertFile.js'

export async function markdownToContent(data: Buffer): Promise<Converted> {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data)
  } catch (error) {
    throw new CasebookError('INVALID_FILE', 'It is not UTF-8 text.', { cause: error, reason: 'notUtf8' })
  }
  if (text.includes('\u0000')) throw new CasebookError('INVALID_FILE', 'It holds binary data, not Markdown text.', { reason: 'binary' })
  const parsed = fromMarkdown(text)
  return { fields: parsed.fields, body: parsed.body, titleFromContent: parsed.firstHeading, warnings: parsed.warnings }
}
