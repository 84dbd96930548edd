import type { JSONContent } from '@tiptap/core'
import type { ImageSources } from '../../shared/export/exportImages.js'
import type { Paper } from '../../shared/export/exportFormat.js'
import { toHtml } from '../../shared/export/html.js'
import { headingTexts } from '../../shared/model/documentBody.js'
import { KINDS } from '../../shared/model/kinds.js'
import type { DocumentMeta } from '../../shared/model/meta.js'
import { finishedPdf } from './finishedPdf.js'
import type { Printer } from './Printer.js'

/** A document as a PDF: its HTML export, its images in it, printed by Chromium on the paper given, then finished (finishedPdf). */
export async function toPdf(
  printer: Printer,
  meta: DocumentMeta,
  body: JSONContent,
  stylesheet: string,
  paper: Paper,
  images?: ImageSources,
): Promise<Uint8Array> {
  const printed = await printer.print(toHtml(meta, body, stylesheet, paper, images), meta.title)
  const properties = { authors: meta.authors, topics: meta.topics, subject: KINDS[meta.kind].label, language: meta.language ?? 'en' }
  return finishedPdf(printed, properties, [meta.title, ...headingTexts(body)])
}
