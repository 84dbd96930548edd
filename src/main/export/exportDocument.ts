import type { JSONContent } from '@tiptap/core'
import { withMissingImages } from '../../shared/export/exportImages.js'
import type { ExportFormat, Paper } from '../../shared/export/exportFormat.js'
import { toHtml } from '../../shared/export/html.js'
import { toMarkdown } from '../../shared/export/markdown.js'
import type { DocumentMeta } from '../../shared/model/meta.js'
import { dataUris } from './documentImages.js'
import type { ExportComment } from './exportComments.js'
import { exportStylesheet } from './exportStylesheet.js'
import type { Printer } from './Printer.js'
import { toDocx } from './toDocx.js'
import { toPdf } from './toPdf.js'
import { wordImages } from './wordImages.js'

/**
 * A document in one of the export formats: Markdown and HTML as text, Word and PDF as bytes. A Word
 * file carries the `comments` given as Word comments; the other formats have no place for them. Its
 * `images` (documentImages) are in the Word file, the HTML page and the PDF; Markdown refers to each
 * as a file in its images folder (markdownBundle.ts writes them). An image not among them stands as
 * its alt text.
 */
export async function exportDocument(
  format: ExportFormat,
  meta: DocumentMeta,
  body: JSONContent,
  {
    paper,
    printer,
    comments,
    images = new Map(),
  }: { paper: Paper; printer: Printer; comments?: readonly ExportComment[] | undefined; images?: ReadonlyMap<string, Uint8Array> },
): Promise<string | Uint8Array> {
  switch (format) {
    case 'md':
      return toMarkdown(
        meta,
        withMissingImages(body, (blob) => images.has(blob)),
      )
    case 'docx':
      return toDocx(meta, body, comments, await wordImages(images))
    case 'html':
      return toHtml(meta, body, await exportStylesheet(), paper, dataUris(images))
    case 'pdf':
      return toPdf(printer, meta, body, await exportStylesheet(), paper, dataUris(images))
  }
}
