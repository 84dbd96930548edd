import type { JSONContent } from '@tiptap/core'
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx'
import { KINDS } from '../../shared/model/kinds.js'
import type { DocumentMeta } from '../../shared/model/meta.js'
import { docxBlocks } from './docxBlocks.js'
import { docxComments } from './docxComments.js'
import { DocxNumbering } from './DocxNumbering.js'
import { docxDetailsTable } from './docxDetailsTable.js'
import { DOCX_STYLES } from './docxStyles.js'
import type { ExportComment } from './exportComments.js'
import type { WordImage } from './wordImages.js'

/**
 * A document as a Word file: its title in Word's Title style, a table of its details, then its body.
 * Its properties name the title, the authors and the topics (as keywords), and keep the meta fields
 * Word has no property for, so that a Word file Casebook wrote imports back with them. The
 * `comments` given (open ones, exportComments.ts) become Word comments on their text (docxComments.ts).
 * Its images are the `images` given (wordImages), where the body names them.
 */
export async function toDocx(
  meta: DocumentMeta,
  body: JSONContent,
  comments?: readonly ExportComment[],
  images: ReadonlyMap<string, WordImage> = new Map(),
): Promise<Buffer> {
  const numbering = new DocxNumbering()
  // Without comments, the body as it is: no walk, no copy.
  const commented = comments?.length ? docxComments(body, comments) : undefined
  const content = docxBlocks(commented?.body ?? body, numbering, images)
  const document = new Document({
    title: meta.title,
    subject: KINDS[meta.kind].label,
    // Empty rather than left out, which the package would fill with its placeholder, "Un-named".
    creator: meta.authors.join('; '),
    lastModifiedBy: 'Casebook',
    ...(meta.topics.length > 0 && { keywords: meta.topics.join('; ') }),
    customProperties: Object.entries({ kind: meta.kind, network: meta.network, city: meta.city, country: meta.country, language: meta.language })
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([name, value]) => ({ name: `casebook:${name}`, value })),
    styles: DOCX_STYLES,
    numbering: numbering.options(),
    ...(commented && { comments: { children: commented.comments } }),
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [...(commented?.lead ?? []), new TextRun(meta.title)] }),
          docxDetailsTable(meta),
          new Paragraph({}),
          ...content,
        ],
      },
    ],
  })
  return Packer.toBuffer(document)
}
