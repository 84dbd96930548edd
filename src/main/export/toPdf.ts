import type { JSONContent } from '@tiptap/core'
import type { Paper } from '../../shared/export/exportFormat.js'
import { toHtml } from '../../shared/export/html.js'
import { bodyText } from '../../shared/model/documentBody.js'
import type { DocumentMeta } from '../../shared/model/meta.js'
import { finishedPdf } from './finishedPdf.js'
import type { Printer } from './Printer.js'

/** A document as a PDF: its HTML export, printed by Chromium on the paper given, then finished (finishedPdf). */
export async function toPdf(printer: Printer, meta: DocumentMeta, body: JSONContent, stylesheet: string, paper: Paper): Promise<Uint8Array> {
  const printed = await printer.print(toHtml(meta, body, stylesheet, paper), meta.title)
  return finishedPdf(printed, meta, [meta.title, ...headingsOf(body)])
}

/** The text of every heading in the body, wherever it stands (a quote may hold one). */
function headingsOf(node: JSONContent): string[] {
  if (node.type === 'heading') return [bodyText({ type: 'doc', content: [node] })]
  return (node.content ?? []).flatMap(headingsOf)
}
