import type { JSONContent } from '@tiptap/core'
import type { ExportFormat, Paper } from '../../shared/export/exportFormat.js'
import { toHtml } from '../../shared/export/html.js'
import { toMarkdown } from '../../shared/export/markdown.js'
import type { DocumentMeta } from '../../shared/model/meta.js'
import type { ExportComment } from './exportComments.js'
import { exportStylesheet } from './exportStylesheet.js'
import type { Printer } from './Printer.js'
import { toDocx } from './toDocx.js'
import { toPdf } from './toPdf.js'

/**
 * A document in one of the export formats: Markdown and HTML as text, Word and PDF as bytes. A Word
 * file carries the `comments` given as Word comments; the other formats have no place for them.
 */
export async function exportDocument(
  format: ExportFormat,
  meta: DocumentMeta,
  body: JSONContent,
  { paper, printer, comments }: { paper: Paper; printer: Printer; comments?: readonly ExportComment[] | undefined },
): Promise<string | Uint8Array> {
  switch (format) {
    case 'md':
      return toMarkdown(meta, body)
    case 'docx':
      return toDocx(meta, body, comments)
    case 'html':
      return toHtml(meta, body, await exportStylesheet(), paper)
    case 'pdf':
      return toPdf(printer, meta, body, await exportStylesheet(), paper)
  }
}
